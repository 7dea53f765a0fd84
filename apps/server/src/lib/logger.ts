import { randomBytes } from 'node:crypto';
import pino, { type LoggerOptions } from 'pino';
import { dailyLogFiles } from './log-files.js';

/**
 * Logs never carry bodies, tokens or passwords: request logs are built from method, path (without the query
 * string), status, IP and time only, and any field that looks like a secret is censored as a second guard.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'refreshToken',
        '*.refreshToken',
        'accessToken',
        '*.accessToken',
        'sessionToken',
        '*.sessionToken',
        'authorization',
        '*.authorization',
        '*.headers.authorization',
      ],
      censor: '[redacted]',
    },
    serializers: { err: pino.stdSerializers.err },
  };
}

export const pathOnly = (url: string) => {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
};

// The process's own requests to itself (the demo seed's inject() calls) carry this header and stay out of the
// request log, which is for clients' traffic. Its value is random per process, so a client cannot send it to
// keep its requests out of the log.
const UNLOGGED_MARK = randomBytes(16).toString('hex');
export const unloggedRequestHeaders = { 'x-oceras-unlogged': UNLOGGED_MARK } as const;
export const isUnloggedRequest = (req: { headers: Record<string, unknown> }) =>
  req.headers['x-oceras-unlogged'] === UNLOGGED_MARK;

/**
 * The process's logger: JSON lines on stdout (pino's default, asynchronous), and with `LOG_DIR` also into daily
 * files that the process deletes after `LOG_RETENTION_DAYS` (lib/log-files.ts). `stdout` is returned for the start
 * banner, which is for the operator's terminal and never goes to the files.
 */
export function createProcessLogger(env: { LOG_LEVEL: string; LOG_DIR?: string; LOG_RETENTION_DAYS: number }) {
  const stdout = pino.destination({ dest: 1, sync: false });
  const files = env.LOG_DIR ? dailyLogFiles({ dir: env.LOG_DIR, retentionDays: env.LOG_RETENTION_DAYS }) : null;
  const stream = files
    ? pino.multistream([
        { level: 'trace', stream: stdout },
        { level: 'trace', stream: files },
      ])
    : stdout;
  return { logger: pino(loggerOptions(env.LOG_LEVEL), stream), stdout, files };
}
