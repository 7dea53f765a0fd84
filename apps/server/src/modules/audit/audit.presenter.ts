import type { TAuditAction, TAuditEntry } from '@oceras/protocol';
import type { auditLog } from '../../db/schema.js';

type Row = { entry: typeof auditLog.$inferSelect; actorName: string | null };

/** The only way an audit row leaves the server. */
export const presentAuditEntry = ({ entry, actorName }: Row): TAuditEntry => ({
  id: String(entry.id),
  at: entry.at.toISOString(),
  actor: { type: entry.actorType, id: entry.actorId, name: entry.actorType === 'agent' ? actorName : null },
  action: entry.action as TAuditAction,
  target: { type: entry.targetType, id: entry.targetId },
  details: (entry.details as Record<string, unknown> | null) ?? {},
});

/** The opaque cursor of the next page is the last entry's id; anything else is not a cursor. */
export const encodeAuditCursor = (id: number) => String(id);
export function decodeAuditCursor(cursor: string): number | null {
  return /^[1-9]\d{0,14}$/.test(cursor) ? Number(cursor) : null;
}
