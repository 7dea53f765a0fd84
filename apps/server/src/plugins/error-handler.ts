import { isUtf8 } from 'node:buffer';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorReporter } from '../lib/error-reply.js';
import { AppError } from '../lib/errors.js';

function reply(code: string, message: string, details?: { path: string; message: string }[]) {
  return { error: details ? { code, message, details } : { code, message } };
}

/** The router's refusals (a URL that is not valid, a path part too long), in the same shape as every other one. */
export const frameworkErrors = (errors: ErrorReporter) => (err: unknown, req: FastifyRequest, rep: FastifyReply) => {
  const r = errors.report(err, `${req.method} (router)`);
  rep.code(r.status).send(reply(r.code, r.message, r.details));
};

/** One JSON error shape for every failure; never a stack trace, never a body echoed back. */
export function installErrorHandling(app: FastifyInstance, errors: ErrorReporter) {
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

  app.setErrorHandler((err: unknown, req, rep) => {
    const r = errors.report(err, `${req.method} ${req.routeOptions.url ?? 'unknown route'}`);
    if (r.headers) rep.headers(r.headers);
    return rep.code(r.status).send(reply(r.code, r.message, r.details));
  });
}
