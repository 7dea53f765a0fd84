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
