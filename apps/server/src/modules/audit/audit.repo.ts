import { and, asc, desc, eq, gt, lt, ne, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { agents, auditLog } from '../../db/schema.js';

export type AuditInsert = Omit<typeof auditLog.$inferInsert, 'id' | 'at'>;

/** The audit module's SQL. Every statement takes the organization id first and filters on it. */
export async function insertAudit(db: DbOrTx, organizationId: string, entry: Omit<AuditInsert, 'organizationId'>) {
  await db.insert(auditLog).values({ ...entry, organizationId });
}

const entryColumns = {
  entry: auditLog,
  // The acting agent's name as it is now: "Deleted agent" once erased. Never stored in the log itself.
  actorName: agents.name,
};

const withActor = (db: DbOrTx) =>
  db
    .select(entryColumns)
    .from(auditLog)
    .leftJoin(
      agents,
      and(
        eq(auditLog.actorType, 'agent'),
        eq(agents.id, auditLog.actorId),
        eq(agents.organizationId, auditLog.organizationId),
      ),
    );

/** Newest first, before the entry `before` (keyset on the id), optionally about one target. */
export function auditPage(
  db: DbOrTx,
  organizationId: string,
  page: { before: number | null; limit: number; targetId?: string },
) {
  const where: SQL[] = [eq(auditLog.organizationId, organizationId)];
  if (page.before !== null) where.push(lt(auditLog.id, page.before));
  if (page.targetId) where.push(eq(auditLog.targetId, page.targetId));
  return withActor(db)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(page.limit);
}

/** Oldest first, after the entry `after`: the export's pages. */
export function auditPageForward(db: DbOrTx, organizationId: string, after: number, limit: number) {
  return withActor(db)
    .where(and(eq(auditLog.organizationId, organizationId), gt(auditLog.id, after)))
    .orderBy(asc(auditLog.id))
    .limit(limit);
}

/** An organization that is deleted takes its log along, except the record of the deletion itself. */
export async function deleteAuditOf(db: DbOrTx, organizationId: string) {
  await db
    .delete(auditLog)
    .where(and(eq(auditLog.organizationId, organizationId), ne(auditLog.action, 'organization.deleted')));
}
