import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { type RatingPage, rateByEmail, readRatingPage } from './rate-by-email.js';
import { RATING_PAGE_PATH } from './rating-link.js';
import { renderRatingPage } from './rating-page.js';

const ZRatingParams = z.object({ token: z.string().min(1).max(200) });
const ZRatingQuery = z.object({ score: z.string().max(2).optional() });

const send = (reply: FastifyReply, page: RatingPage) => {
  const { status, csp, html } = renderRatingPage(page);
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', csp)
    .header('referrer-policy', 'no-referrer')
    .header('x-robots-tag', 'noindex')
    .send(html);
};

/**
 * The rating emails' page (modules/satisfaction/rating-email.ts), outside the JSON route table (HTML and a form
 * post), in the OpenAPI document under the `email` tag. The token in the path (rating-link.ts) is its only
 * credential. GET shows the organization's scale with the link's choice selected and a comment box, and records
 * nothing (mail scanners open links); POST records the rating as the widget would.
 */
export const ratingPageRoutes = fp(
  async (app: FastifyInstance, { services }: { services: Services }) => {
    app.register(async (ctx) => {
      ctx.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 16 * 1024 },
        (_req, body, done) => done(null, body),
      );
      ctx.get(
        `${RATING_PAGE_PATH}/:token`,
        {
          schema: {
            summary:
              'The rating email’s page: the choice from the link selected, a comment, a submit (records nothing)',
            operationId: 'getRatingPage',
            tags: ['email'],
            params: ZRatingParams,
            querystring: ZRatingQuery,
          },
        },
        async (req, reply) => {
          const { token } = req.params as z.infer<typeof ZRatingParams>;
          const page = await readRatingPage(services, token);
          const score = Number((req.query as z.infer<typeof ZRatingQuery>).score);
          if (page.kind === 'form' && page.choices.some((c) => c.score === score)) page.chosen = score;
          return send(reply, page);
        },
      );
      ctx.post(
        `${RATING_PAGE_PATH}/:token`,
        {
          schema: {
            summary: 'Rate a resolved conversation from its rating email (a form post: `score`, optional `comment`)',
            operationId: 'submitRatingPage',
            tags: ['email'],
            params: ZRatingParams,
          },
        },
        async (req, reply) => {
          const { token } = req.params as z.infer<typeof ZRatingParams>;
          const form = new URLSearchParams(typeof req.body === 'string' ? req.body : '');
          return send(
            reply,
            await rateByEmail(services, token, { score: form.get('score'), comment: form.get('comment') }),
          );
        },
      );
    });
  },
  { name: 'oceras-rating-page' },
);
