import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { AppError } from '../lib/errors.js';
import { FILES_PATH, readerOf } from '../modules/attachments/file-urls.js';
import type { LocalStorage } from '../modules/attachments/local-storage.js';
import { receiveUpload } from '../modules/attachments/receive-upload.js';
import { serveFile } from '../modules/attachments/serve-file.js';
import type { Services } from '../services.js';

const ZSigned = z.object({
  expires: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 40),
  signature: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});
const ZPut = z.object({ params: z.object({ id: z.uuid() }), query: ZSigned });
const ZGet = z.object({
  params: z.object({ id: z.uuid(), variant: z.enum(['original', 'thumbnail']) }),
  query: ZSigned.extend({ reader: z.string().max(40) }),
});

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'this file URL is not valid');
  return parsed.data;
}

/**
 * The signed file URLs, outside the JSON route table (their bodies and answers are files, and the signature in
 * the URL is their only credential): `PUT /api/v1/files/:id` receives an upload (local driver only), `GET
 * /api/v1/files/:id/:variant` serves a download (streamed by the local driver, redirected to the store by s3).
 * Hidden from the OpenAPI document; docs/ARCHITECTURE.md describes them. The request log keeps the path only, so
 * signatures are never logged.
 */
export const fileRoutes = fp(
  async (app: FastifyInstance, { services }: { services: Services }) => {
    app.register(async (files) => {
      // The body is the file, streamed as it comes (receive-upload.ts): no parser, so no body limit but the upload's.
      files.removeAllContentTypeParsers();
      files.addContentTypeParser('*', (_req, payload, done) => done(null, payload));

      if (services.storage.driver === 'local') {
        const storage = services.storage as LocalStorage;
        files.put(`${FILES_PATH}/:id`, { schema: { hide: true } }, async (req, reply) => {
          const { params, query } = parse(ZPut, { params: req.params, query: req.query });
          // A refused upload's remaining bytes are not read: the connection closes after the answer.
          reply.header('connection', 'close');
          const length = req.headers['content-length'];
          await receiveUpload(services, storage, {
            id: params.id,
            ...query,
            contentType: req.headers['content-type'],
            contentLength: length === undefined ? undefined : Number(length),
            body: (req.body as Readable | undefined) ?? req.raw,
          });
          reply.header('connection', 'keep-alive');
          return reply.code(204).send();
        });
      }

      files.get(`${FILES_PATH}/:id/:variant`, { schema: { hide: true } }, async (req, reply) => {
        const { params, query } = parse(ZGet, { params: req.params, query: req.query });
        const reader = readerOf(query.reader);
        if (!reader) throw new AppError('VALIDATION_FAILED', 'this file URL is not valid');
        const answer = await serveFile(services, { ...params, ...query, reader });
        reply.headers({ 'x-content-type-options': 'nosniff', ...answer.headers });
        if (answer.kind === 'redirect') return reply.redirect(answer.url, 302);
        return reply.send(answer.body);
      });
    });
  },
  { name: 'oceras-files' },
);
