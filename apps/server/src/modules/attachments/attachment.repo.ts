import { and, eq, inArray, sql } from 'drizzle-orm';
import { type DbOrTx, query } from '../../db/client.js';
import { attachments } from '../../db/schema.js';
import type { Uploader } from './file-urls.js';

export type AttachmentRow = typeof attachments.$inferSelect;

/** What the organization stores, counting uploads on their way (a refused or failed one counts no more). */
export async function usedBytes(db: DbOrTx, organizationId: string): Promise<number> {
  const [row] = await query<{ n: string | number }>(
    db,
    sql`select coalesce(sum(size), 0) as n from attachments where organization_id = ${organizationId} and status <> 'failed'`,
  );
  return Number(row?.n ?? 0);
}

/** Serializes an organization's quota checks (a transaction-scoped advisory lock: the organization row is the event order's). */
export async function lockQuota(db: DbOrTx, organizationId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`attachments:${organizationId}`}, 0))`);
}

export async function insertUpload(
  db: DbOrTx,
  organizationId: string,
  row: Omit<typeof attachments.$inferInsert, 'organizationId'>,
): Promise<void> {
  await db.insert(attachments).values({ ...row, organizationId });
}

/**
 * An attachment by id alone, for the file routes: the organization is not in their URL, the signature (over the
 * id, and the uploader or reader) is what scopes them, and the caller checks it against this row.
 */
export async function unsafeFindAttachmentById(db: DbOrTx, id: string): Promise<AttachmentRow | null> {
  const [row] = await db.select().from(attachments).where(eq(attachments.id, id));
  return row ?? null;
}

/** Takes the upload URL's one use: `pending` becomes `uploading`, once. */
export async function claimUpload(db: DbOrTx, organizationId: string, id: string): Promise<boolean> {
  const rows = await query(
    db,
    sql`update attachments set status = 'uploading'
        where organization_id = ${organizationId} and id = ${id} and status = 'pending' returning id`,
  );
  return rows.length === 1;
}

/** The bytes are in: attachable from now on, and queued for a thumbnail when it is an image that can have one. */
export async function finishUpload(
  db: DbOrTx,
  organizationId: string,
  id: string,
  from: 'pending' | 'uploading',
  size: number,
  withThumbnail: boolean,
): Promise<boolean> {
  const rows = await query(
    db,
    sql`update attachments set status = 'uploaded', size = ${size}, uploaded_at = now(),
          thumbnail_state = ${withThumbnail ? 'pending' : null}
        where organization_id = ${organizationId} and id = ${id} and status = ${from} returning id`,
  );
  return rows.length === 1;
}

export async function failUpload(db: DbOrTx, organizationId: string, id: string): Promise<void> {
  await db.execute(
    sql`update attachments set status = 'failed' where organization_id = ${organizationId} and id = ${id} and status <> 'uploaded'`,
  );
}

/** This uploader's uploads among `ids` whose bytes the server has not seen yet (s3: confirmed at attach time). */
export async function pendingUploadsOf(
  db: DbOrTx,
  organizationId: string,
  uploader: Uploader,
  ids: string[],
): Promise<AttachmentRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(attachments)
    .where(
      and(
        eq(attachments.organizationId, organizationId),
        inArray(attachments.id, ids),
        eq(attachments.uploaderType, uploader.type),
        eq(attachments.uploaderId, uploader.id),
        eq(attachments.status, 'pending'),
      ),
    );
}
