import { randomBytes } from 'node:crypto';
import { avatarPathOf, parseAvatarUrl } from '@oceras/protocol';

/**
 * Where an agent's avatar is kept in the attachment storage (both drivers): beside the organization's files, one
 * object per version. Made by the server from ids it trusts, never from a client's string.
 */
export const avatarKeyOf = (organizationId: string, agentId: string, version: string) =>
  `${organizationId}/avatars/${agentId}/${version}.webp`;

/** A new version: the avatar's URL changes with each upload, so caches (immutable for a year) never show an old face. */
export const newAvatarVersion = () => randomBytes(12).toString('base64url');

/** The URL visitors, colleagues and apps load it from: on PUBLIC_URL, public like any avatar shown to visitors. */
export const avatarUrlOf = (publicUrl: string, agentId: string, version: string) =>
  `${publicUrl}${avatarPathOf(agentId, version)}`;

/**
 * The storage key of the avatar an agent row points at, or null when the avatar is not one Oceras serves (none,
 * or a URL from before avatars were uploaded).
 */
export function storedAvatarKey(row: { organizationId: string; id: string; avatarUrl: string | null }) {
  const at = row.avatarUrl ? parseAvatarUrl(row.avatarUrl) : null;
  return at && at.agentId === row.id ? avatarKeyOf(row.organizationId, row.id, at.version) : null;
}
