import type { TErrorCode } from '@oceras/protocol';
import type { FastifyError } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { isDatabaseUnavailable, isDataException, isPoolExhausted } from '../db/errors.js';
import { AppError } from './errors.js';

type Details = { path: string; message: string }[];

/** What the caller is told about a failure, the same over REST and in socket acks. */
export interface ErrorReply {
  status: number;
  code: TErrorCode;
  message: string;
  details?: Details;
  headers?: Record<string, string>;
  /** When trying again makes sense: rate limits and a database that is busy or away. */
  retryAfterMs?: number;
  /** refusal: the caller's request was refused (no log). unavailable: the database is away or overloaded (logged
   * once per outage). unexpected: a bug (logged with its stack). */
  kind: 'refusal' | 'unavailable' | 'unexpected';
}

const refusal = (status: number, code: TErrorCode, message: string, details?: Details): ErrorReply => ({
  status,
  code,
  message,
  ...(details ? { details } : {}),
  kind: 'refusal',
});

/** The one mapping from a thrown error to an answer. Never a stack trace, never a body echoed back. */
export function describeError(err: unknown): ErrorReply {
  if (err instanceof AppError) {
    const retry = Number(err.headers?.['retry-after']);
    return {
      ...refusal(err.status, err.code, err.message, err.details),
      ...(err.headers ? { headers: err.headers } : {}),
      ...(Number.isFinite(retry) && retry > 0 ? { retryAfterMs: retry * 1000 } : {}),
    };
  }
  if (err instanceof z.ZodError) {
    const details = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return refusal(
      400,
      'VALIDATION_FAILED',
      details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; '),
      details,
    );
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const details = err.validation.map((v) => ({
      path: `${err.validationContext ?? ''}${v.instancePath || ''}`.replace(/^\//, ''),
      message: v.message ?? 'invalid',
    }));
    return refusal(400, 'VALIDATION_FAILED', 'the request is not valid', details);
  }
  const fe = err as Partial<FastifyError>;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return refusal(413, 'PAYLOAD_TOO_LARGE', 'body too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return refusal(415, 'UNSUPPORTED_MEDIA_TYPE', 'send application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return refusal(400, 'VALIDATION_FAILED', 'body is not valid JSON');
    // The router's own refusals (app.ts `frameworkErrors`), before any route runs; their messages echo the URL.
    case 'FST_ERR_BAD_URL':
      return refusal(400, 'VALIDATION_FAILED', 'the URL is not valid (bad percent-encoding or UTF-8)');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return refusal(414, 'VALIDATION_FAILED', 'a part of the path is too long');
  }
  if (fe.statusCode === 429) return refusal(429, 'RATE_LIMITED', fe.message ?? 'too many requests');
  if (fe.statusCode === 408) return refusal(408, 'VALIDATION_FAILED', 'the request took too long to arrive');
  if (err instanceof SyntaxError || fe.statusCode === 400)
    return refusal(400, 'VALIDATION_FAILED', 'the request is not valid');
  if (isPoolExhausted(err)) {
    return {
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      message: 'the server is busy; try again in a second',
      headers: { 'retry-after': '1' },
      retryAfterMs: 1000,
      kind: 'unavailable',
    };
  }
  if (isDatabaseUnavailable(err)) {
    return {
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      message: 'the database is unavailable; try again shortly',
      headers: { 'retry-after': '5' },
      retryAfterMs: 5000,
      kind: 'unavailable',
    };
  }
  // A value the database cannot hold that no schema caught (the schemas bound every number and string; this is
  // the last line, so that such a gap is the caller's 400 and not our 500).
  if (isDataException(err)) return refusal(400, 'VALIDATION_FAILED', 'a value is out of range or malformed');
  // Fastify's other refusals (a bad Content-Length, ...): their status, not their message, which may echo input.
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return refusal(fe.statusCode, 'VALIDATION_FAILED', 'the request is not valid');
  }
  return { status: 500, code: 'INTERNAL', message: 'something went wrong', kind: 'unexpected' };
}

/**
 * Describes and logs failures. A bug is logged with its stack, every time. An outage (database away, pool
 * exhausted) is logged once when it starts and then at most once per `summaryMs` with the number of calls refused
 * meanwhile, instead of one stack per call; it is over after `summaryMs` without one.
 */
export function createErrorReporter(logger: Logger, summaryMs = 10_000) {
  let outage: { since: number; lastLine: number; lastSeen: number; refused: number } | null = null;
  return {
    report(err: unknown, where: string): ErrorReply {
      const reply = describeError(err);
      if (reply.kind === 'unexpected') logger.error({ err, where }, 'unexpected error');
      else if (reply.kind === 'unavailable') {
        const now = Date.now();
        if (!outage || now - outage.lastSeen > summaryMs) {
          outage = { since: now, lastLine: now, lastSeen: now, refused: 1 };
          logger.error(
            { where, reason: reply.message, err: (err as Error)?.message },
            'database unavailable: answering 503',
          );
        } else {
          outage.refused++;
          outage.lastSeen = now;
          if (now - outage.lastLine >= summaryMs) {
            logger.error(
              { refused: outage.refused, forS: Math.round((now - outage.since) / 1000), reason: reply.message },
              'database still unavailable',
            );
            outage.lastLine = now;
            outage.refused = 0;
          }
        }
      } else if (reply.code === 'VALIDATION_FAILED' && isDataException(err)) {
        // A schema let through a value the database refused: worth fixing, not worth a stack.
        logger.warn({ where, sqlState: (err as { code?: string }).code }, 'a value reached the database unchecked');
      }
      return reply;
    },
  };
}
export type ErrorReporter = ReturnType<typeof createErrorReporter>;
