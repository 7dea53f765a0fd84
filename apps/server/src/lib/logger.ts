import { randomBytes } from 'node:crypto';
import pino, { type LoggerOptions } from 'pino';

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
