import type { AgentPrincipal } from '../../principals.js';

type Actor = Pick<AgentPrincipal, 'role' | 'agentId'>;

/**
 * Who may do what to contacts. Any agent reads them, corrects them (rectification, privacy.policy.ts) and writes
 * notes; merging and importing change many at once: managers and admins; the CSV export is every contact's personal
 * data at once: admins, as the visitor's own export is (privacy.policy.ts canManagePersonalData).
 */
export const canMergeContacts = (actor: Pick<Actor, 'role'>) => actor.role === 'admin' || actor.role === 'manager';
export const canImportContacts = canMergeContacts;
export const canExportContacts = (actor: Pick<Actor, 'role'>) => actor.role === 'admin';

/** A note goes with its author's say, or a manager's or an admin's. */
export const canDeleteNote = (actor: Actor, note: { authorId: string | null }) =>
  note.authorId === actor.agentId || canMergeContacts(actor);

/** Notes are written about a contact whose data is kept: not about an erased one. */
export const canWriteNote = (visitor: { erasedAt: Date | null }) => visitor.erasedAt === null;

/**
 * Why two visitors cannot become one, or null when they can: an erased one has nothing left to merge (and its shell
 * conversations must stay apart), a visitor is not merged into itself, and two different verified users stay two
 * people (their sites' user ids would otherwise share one history).
 */
export function mergeRefusal(
  from: { id: string; erasedAt: Date | null; externalUserId: string | null },
  into: { id: string; erasedAt: Date | null; externalUserId: string | null },
): string | null {
  if (from.id === into.id) return 'a contact cannot be merged into itself';
  if (from.erasedAt || into.erasedAt) return 'an erased contact cannot be merged';
  if (from.externalUserId && into.externalUserId && from.externalUserId !== into.externalUserId)
    return 'these are two different verified users: they stay apart';
  return null;
}
