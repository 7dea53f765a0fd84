import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { unsubscribeThread } from '../modules/email/email.repo.js';
import { UNSUBSCRIBE_PATH } from '../modules/email/followup.js';
import { conversationOfUnsubscribeKey } from '../modules/email/unsubscribe-link.js';
import type { Services } from '../services.js';

const ZUnsubscribeParams = z.object({ key: z.string().min(1).max(120) });

const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
  `<title>${title}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">` +
  `${body}</body></html>`;

/**
 * The follow-up emails' one-click unsubscribe (RFC 8058), outside the JSON route table (form posts and HTML
 * answers), in the OpenAPI document under the `email` tag. The key in the path is the conversation's id and its
 * HMAC (unsubscribe-link.ts): its only credential. GET shows a button and changes nothing (mail scanners follow
 * links); POST, from that button or from the mail client's `List-Unsubscribe-Post: List-Unsubscribe=One-Click`,
 * stops the conversation's follow-ups and withdraws the queued ones.
 */
export const emailRoutes = fp(
  async (app: FastifyInstance, { services }: { services: Services }) => {
    app.register(async (ctx) => {
      ctx.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 1024 },
        (_req, body, done) => done(null, body),
      );
      const conversationOf = (params: unknown) =>
        conversationOfUnsubscribeKey(services.env.JWT_SECRET, (params as z.infer<typeof ZUnsubscribeParams>).key);
      const notFound = page('Not found', '<p>This unsubscribe link is not valid.</p>');

      ctx.get(
        `${UNSUBSCRIBE_PATH}/:key`,
        {
          schema: {
            summary: "The follow-up emails' unsubscribe page: a button that unsubscribes (this GET changes nothing)",
            operationId: 'getEmailUnsubscribe',
            tags: ['email'],
            params: ZUnsubscribeParams,
          },
        },
        async (req, reply) => {
          reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
          if (!conversationOf(req.params)) return reply.code(404).send(notFound);
          return page(
            'Unsubscribe',
            '<p>Stop emails about this conversation?</p><form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>',
          );
        },
      );

      ctx.post(
        `${UNSUBSCRIBE_PATH}/:key`,
        {
          schema: {
            summary:
              'One-click unsubscribe (RFC 8058, `List-Unsubscribe=One-Click`): no more follow-up emails about this conversation',
            operationId: 'emailUnsubscribe',
            tags: ['email'],
            params: ZUnsubscribeParams,
          },
        },
        async (req, reply) => {
          reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
          const conversationId = conversationOf(req.params);
          if (!conversationId || !(await unsubscribeThread(services.db, conversationId)))
            return reply.code(404).send(notFound);
          return page('Unsubscribed', '<p>You will get no more emails about this conversation.</p>');
        },
      );
    });
  },
  { name: 'oceras-email-routes' },
);
