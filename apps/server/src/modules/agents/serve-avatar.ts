import type { Readable } from 'node:stream';
import { parseAvatarUrl } from '@oceras/protocol';
import { eq } from 'drizzle-orm';
import { agents } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import type { Services } from '../../services.js';
import { avatarKeyOf } from './avatars.js';

/** A year: a version's bytes never change (a new avatar is a new URL). */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * GET /api/v1/avatars/:agentId/:version.webp: public (visitors see agents' avatars), but only the version the agent
 * shows now; a replaced or removed one, or an erased agent's, is 404. The bytes come from Oceras whatever the
 * storage driver (s3 included: a redirect would send the visitor's browser to the bucket's origin).
 */
export async function serveAvatar(
  services: Services,
  agentId: string,
  version: string,
): Promise<{ body: Readable; headers: Record<string, string> }> {
  // By id alone: the path names no organization, and avatars are public; the row says whose it is.
  const [row] = await services.db
    .select({ organizationId: agents.organizationId, avatarUrl: agents.avatarUrl })
    .from(agents)
    .where(eq(agents.id, agentId));
  const current = row?.avatarUrl ? parseAvatarUrl(row.avatarUrl) : null;
  if (!row || !current || current.agentId !== agentId || current.version !== version) throw notFound('avatar');
  const body = await services.storage.read(avatarKeyOf(row.organizationId, agentId, version)).catch(() => {
    throw notFound('avatar');
  });
  return {
    body,
    headers: {
      'content-type': 'image/webp',
      'cache-control': IMMUTABLE,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      // The mobile app's web build and customers' pages show it from other origins.
      'cross-origin-resource-policy': 'cross-origin',
    },
  };
}
