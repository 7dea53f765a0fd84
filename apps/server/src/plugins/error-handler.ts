import { isUtf8 } from 'node:buffer';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../lib/errors.js';

const DB_DOWN = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
]);

function reply(code: string, message: string, details?: { path: string; message: string }[]) {
  return { error: details ? { code, message, details } : { code, message } };
}

/** One JSON error shape for every failure; never a stack trace, never a body echoed back. */
export function installErrorHandling(app: FastifyInstance) {
  // Bodies must be valid UTF-8: replacing bad bytes silently would store something the sender never wrote.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const buf = body as Buffer;
    if (!isUtf8(buf)) {
      done(new AppError('VALIDATION_FAILED', 'body is not valid UTF-8'), undefined);
      return;
    }
    parseJson(req, buf.toString('utf8'), done);
  });

  app.setNotFoundHandler((_req, rep) => rep.code(404).send(reply('NOT_FOUND', 'no such route')));

  app.setErrorHandler((err: FastifyError | AppError | Error, req, rep) => {
    if (err instanceof AppError) {
      if (err.headers) rep.headers(err.headers);
      return rep.code(err.status).send(reply(err.code, err.message, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({
        path: `${err.validationContext ?? ''}${v.instancePath || ''}`.replace(/^\//, ''),
        message: v.message ?? 'invalid',
      }));
      return rep.code(400).send(reply('VALIDATION_FAILED', 'the request is not valid', details));
    }
    const fe = err as FastifyError & { code?: string };
    switch (fe.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return rep.code(413).send(reply('PAYLOAD_TOO_LARGE', 'body too large'));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return rep.code(415).send(reply('UNSUPPORTED_MEDIA_TYPE', 'send application/json'));
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return rep.code(400).send(reply('VALIDATION_FAILED', 'body is not valid JSON'));
    }
    if (fe.statusCode === 429) return rep.code(429).send(reply('RATE_LIMITED', fe.message));
    if (err instanceof SyntaxError || fe.statusCode === 400) {
      return rep.code(400).send(reply('VALIDATION_FAILED', 'the request is not valid'));
    }
    // Drizzle wraps driver errors: the driver's code sits on `cause`.
    const dbCode = (fe as { cause?: { code?: string } }).cause?.code ?? fe.code;
    // Every pooled connection stayed busy for the pool's whole wait: overloaded, not broken. Say so, and when
    // to come back, instead of queueing the request any longer.
    const message = (fe as { cause?: { message?: string } }).cause?.message ?? fe.message ?? '';
    if (message.includes('timeout exceeded when trying to connect')) {
      req.log.warn('database pool exhausted: answered 503');
      return rep
        .code(503)
        .header('retry-after', '1')
        .send(reply('SERVICE_UNAVAILABLE', 'the server is busy; try again in a second'));
    }
    if (dbCode && DB_DOWN.has(dbCode)) {
      req.log.error({ err }, 'database unavailable');
      return rep.code(503).send(reply('SERVICE_UNAVAILABLE', 'the database is unavailable; try again shortly'));
    }
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      return rep.code(fe.statusCode).send(reply('VALIDATION_FAILED', fe.message));
    }
    req.log.error({ err }, 'unhandled error');
    return rep.code(500).send(reply('INTERNAL', 'something went wrong'));
  });
}
