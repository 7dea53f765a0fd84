// Agent avatars are served by Oceras itself (privacy policy §5: a visitor's browser contacts no third party). No
// zod here: the apps and the widget read these without it.

/** Where avatars are served: `GET /api/v1/avatars/:agentId/:version.webp`, public, immutable. */
export const AVATARS_PATH = '/api/v1/avatars';
/** Every avatar is re-encoded to a square WebP of this many pixels a side (which drops EXIF and GPS metadata). */
export const AVATAR_SIZE = 256;

const VERSION = '[A-Za-z0-9_-]{8,40}';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const AVATAR_PATH = new RegExp(`^${AVATARS_PATH}/(${UUID})/(${VERSION})\\.webp$`);

/** The path of one version of an agent's avatar (a new version with each upload, so caches never show an old face). */
export const avatarPathOf = (agentId: string, version: string) => `${AVATARS_PATH}/${agentId}/${version}.webp`;

/** The agent and version an avatar path names, or null when it is not one. */
export function parseAvatarPath(path: string): { agentId: string; version: string } | null {
  const m = AVATAR_PATH.exec(path);
  return m ? { agentId: m[1]!, version: m[2]! } : null;
}

/** The agent and version of an avatar URL on any origin (the server checks the origin is its own), or null. */
export function parseAvatarUrl(url: string): { origin: string; agentId: string; version: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.search || parsed.hash) return null;
  const at = parseAvatarPath(parsed.pathname);
  return at ? { origin: parsed.origin, ...at } : null;
}

/**
 * Whether the apps may load this avatar: only one Oceras serves (its avatar path), never an address elsewhere, which
 * an agent row could still hold from before avatars were uploaded (privacy policy §5). Initials otherwise.
 */
export const isServedAvatar = (url: string | null): url is string => url !== null && parseAvatarUrl(url) !== null;
