import { type SQL, sql } from 'drizzle-orm';
import { type Db, query } from '../../db/client.js';
import type { Storage } from './storage.js';

type Deps = { db: Db; storage: Storage };
interface Doomed {
  id: string;
  storage_key: string;
  thumbnail_key: string | null;
}

/** Deletes the files, then the rows, of what `pick` selects and locks (SKIP LOCKED), in one transaction per batch. */
async function deleteBatch(deps: Deps, pick: SQL): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const rows = await query<Doomed>(tx, pick);
    if (rows.length === 0) return 0;
    await deps.storage.remove(
      rows.flatMap((r) => (r.thumbnail_key ? [r.storage_key, r.thumbnail_key] : [r.storage_key])),
    );
    await tx.execute(sql`delete from attachments where id = any(${sql.param(rows.map((r) => r.id))}::uuid[])`);
    return rows.length;
  });
}

const BATCH = 200;

/**
 * Deletes the files of an organization, of one visitor (their uploads and every file in their conversations), of
 * one conversation, or the listed uploads that no message took (`unattachedIds`), and their rows. For the privacy work (erasure): call it before deleting the rows it names.
 * An organization cannot be deleted while it has attachment rows (no cascade: its files would stay on disk).
 * Returns how many attachments were deleted.
 */
export async function deleteAttachmentsOf(
  deps: Deps,
  scope: { organizationId: string; visitorId?: string; conversationId?: string; unattachedIds?: string[] },
): Promise<number> {
  const where = [sql`a.organization_id = ${scope.organizationId}`];
  if (scope.unattachedIds)
    where.push(sql`a.id = any(${sql.param(scope.unattachedIds)}::uuid[]) and a.message_id is null`);
  if (scope.conversationId) where.push(sql`a.conversation_id = ${scope.conversationId}`);
  if (scope.visitorId)
    where.push(sql`(a.conversation_id in (select id from conversations where organization_id = ${scope.organizationId}
                      and visitor_id = ${scope.visitorId})
                    or (a.uploader_type = 'visitor' and a.uploader_id = ${scope.visitorId}))`);
  // Waits for a row another transaction holds (an upload finishing, a thumbnail): all of them must go.
  const pick = sql`select a.id, a.storage_key, a.thumbnail_key from attachments a where ${sql.join(where, sql` and `)}
                   limit ${BATCH} for update`;
  let total = 0;
  for (let n = await deleteBatch(deps, pick); n > 0; n = await deleteBatch(deps, pick)) total += n;
  return total;
}

/** Uploads never attached (or whose message or conversation was deleted) live this long. */
export const UNATTACHED_RETENTION_HOURS = 24;

/** The maintenance job: one batch of uploads past their day unattached. Safe with several processes (SKIP LOCKED). */
export function deleteUnattached(deps: Deps): Promise<number> {
  return deleteBatch(
    deps,
    sql`select id, storage_key, thumbnail_key from attachments
        where message_id is null and created_at < now() - make_interval(hours => ${UNATTACHED_RETENTION_HOURS})
        order by created_at limit ${BATCH} for update skip locked`,
  );
}
