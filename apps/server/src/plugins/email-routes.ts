import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { AppError } from '../lib/errors.js';
import { unsubscribeThread } from '../modules/email/email.repo.js';
import { INBOUND_MAX_BYTES, receiveEmail } from '../modules/email/receive-email.js';
import { UNSUBSCRIBE_PATH } from '../modules/email/thread-email.js';
import { conversationOfUnsubscribeKey } from '../modules/email/unsubscribe-link.js';
import type { Services } from '../services.js';
import { inboundEmailSecurity } from './openapi-security.js';

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

const isSecret = (given: string | undefined, secret: string | undefined) => {
  if (!secret || !given?.startsWith('Bearer ')) return false;
  const a = Buffer.from(given.slice(7).trim());
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * `POST /api/v1/inbound/email`: a raw RFC 822 message, as Mailgun, Postmark, SES or Cloudflare Email Workers
 * forward it, authenticated by `Authorization: Bearer <INBOUND_EMAIL_SECRET>` (checked before the body is read;
 * without the setting every call is refused). Outside the JSON route table (its body is a message, any content
 * type), in the OpenAPI document. 202 `{ outcome: 'appended' | 'ignored' }`; an unknown reply address 404, an expired one
 * 410 (REPLY_TOKEN_TTL_DAYS), another sender than the visitor 403, more than 25 MB 413.
 */
export const inboundEmailRoute = fp(
  async (app: FastifyInstance, { services }: { services: Services }) => {
    app.register(async (ctx) => {
      ctx.removeAllContentTypeParsers();
      ctx.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: INBOUND_MAX_BYTES }, (_req, body, done) =>
        done(null, body),
      );
      ctx.post(
        '/api/v1/inbound/email',
        {
          bodyLimit: INBOUND_MAX_BYTES,
          schema: {
            summary:
              'Receive an email (a raw RFC 822 message): a reply to a follow-up becomes the visitor’s message in its conversation',
            description:
              'Authenticated by `Authorization: Bearer <INBOUND_EMAIL_SECRET>`. The conversation is the one named by a ' +
              '`reply+<token>@REPLY_DOMAIN` recipient, and the sender must be its visitor’s email. Auto-replies, ' +
              'bounces and list mail are accepted and ignored. Its attachments become the message’s files under the ' +
              'organization’s file rules (those refused are named to agents); the Authentication-Results of a relay ' +
              'named in INBOUND_TRUSTED_AUTHSERV_IDS are recorded for agents. At most 25 MB.',
            operationId: 'receiveInboundEmail',
            tags: ['email'],
            security: inboundEmailSecurity,
          },
          onRequest: async (req) => {
            if (!isSecret(req.headers.authorization, services.env.INBOUND_EMAIL_SECRET))
              throw new AppError('UNAUTHENTICATED', 'send Authorization: Bearer <INBOUND_EMAIL_SECRET>');
          },
        },
        async (req, reply) => {
          if (!Buffer.isBuffer(req.body) || req.body.length === 0)
            throw new AppError('VALIDATION_FAILED', 'send the raw RFC 822 message as the body');
          const result = await receiveEmail(services, req.body);
          if (result.outcome === 'refused') {
            if (result.reason === 'wrong-sender')
              throw new AppError('FORBIDDEN', 'the sender is not the email address of this conversation’s visitor');
            if (result.reason === 'expired-recipient')
              throw new AppError('REPLY_ADDRESS_EXPIRED', 'this reply address has expired');
            throw new AppError('NOT_FOUND', 'no conversation has this reply address');
          }
          return reply.code(202).send(result);
        },
      );
    });
  },
  { name: 'oceras-inbound-email' },
);
