import { AVATARS_PATH } from '@oceras/protocol';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { serveAvatar } from '../modules/agents/serve-avatar.js';
import type { Services } from '../services.js';

const ZAvatarParams = z.object({
  agentId: z.uuid(),
  file: z.string().regex(/^[A-Za-z0-9_-]{8,40}\.webp$/, '<version>.webp'),
});

/**
 * `GET /api/v1/avatars/:agentId/:version.webp`, agents' avatars as Oceras serves them (modules/agents/avatars.ts).
 * Outside the JSON route table (its answer is an image, public like any avatar shown to visitors), but in the
 * OpenAPI document under its own tag.
 */
export const avatarRoutes = fp(
  async (app: FastifyInstance, { services }: { services: Services }) => {
    app.get(
      `${AVATARS_PATH}/:agentId/:file`,
      {
        schema: {
          summary: 'An agent’s avatar: a 256×256 WebP, public and immutable (a new avatar has a new URL)',
          description:
            'The URL is the agent’s `avatarUrl`. Only the version the agent shows now is served (404 otherwise), ' +
            'with `Cache-Control: public, max-age=31536000, immutable` and `X-Content-Type-Options: nosniff`.',
          operationId: 'getAvatar',
          tags: ['avatars'],
          params: ZAvatarParams,
        },
      },
      async (req, reply) => {
        // Checked by the route's schema (400 in the one error shape otherwise).
        const { agentId, file } = req.params as z.infer<typeof ZAvatarParams>;
        const answer = await serveAvatar(services, agentId, file.slice(0, -'.webp'.length));
        reply.headers(answer.headers);
        return reply.send(answer.body);
      },
    );
  },
  { name: 'oceras-avatars' },
);
