import { and, asc, count, eq, isNull, or, sql } from 'drizzle-orm';
import { lockKey } from '../../db/advisory-lock.js';
import type { DbOrTx, Tx } from '../../db/client.js';
import { savedViews } from '../../db/schema.js';

export type SavedViewRow = typeof savedViews.$inferSelect;

/** What `agentId` may see: their own personal views and the organization's shared ones. */
const visibleTo = (agentId: string) => or(isNull(savedViews.agentId), eq(savedViews.agentId, agentId));

/** The views the agent sees: shared ones first, then their own, each by name. */
export function listSavedViews(db: DbOrTx, organizationId: string, agentId: string) {
  return db
    .select()
    .from(savedViews)
    .where(and(eq(savedViews.organizationId, organizationId), visibleTo(agentId)))
    .orderBy(sql`${savedViews.agentId} is not null`, asc(sql`lower(${savedViews.name})`), asc(savedViews.id));
}

/** A view the agent may see, or null: another agent's personal one is as absent as another organization's. */
export async function findVisibleSavedView(db: DbOrTx, organizationId: string, agentId: string, id: string) {
  const [row] = await db
    .select()
    .from(savedViews)
    .where(and(eq(savedViews.organizationId, organizationId), eq(savedViews.id, id), visibleTo(agentId)));
  return row ?? null;
}

/** Serializes the writes that add a view to one owner (an agent, or the organization's shared ones): see lockKey. */
export const lockOwner = (tx: Tx, organizationId: string, agentId: string | null) =>
  lockKey(tx, `saved_views:${organizationId}:${agentId ?? 'shared'}`);

/** How many views one owner has (`agentId` null: the organization's shared ones). */
export async function countOwnedSavedViews(db: DbOrTx, organizationId: string, agentId: string | null) {
  const [row] = await db
    .select({ n: count() })
    .from(savedViews)
    .where(
      and(
        eq(savedViews.organizationId, organizationId),
        agentId ? eq(savedViews.agentId, agentId) : isNull(savedViews.agentId),
      ),
    );
  return row?.n ?? 0;
}

export async function insertSavedView(
  db: DbOrTx,
  organizationId: string,
  values: Pick<SavedViewRow, 'agentId' | 'name' | 'filters'>,
) {
  const [row] = await db
    .insert(savedViews)
    .values({ organizationId, ...values })
    .returning();
  return row!;
}

export async function updateSavedView(
  db: DbOrTx,
  organizationId: string,
  id: string,
  values: Partial<Pick<SavedViewRow, 'name' | 'filters' | 'agentId'>>,
) {
  const [row] = await db
    .update(savedViews)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(savedViews.organizationId, organizationId), eq(savedViews.id, id)))
    .returning();
  return row ?? null;
}

export async function deleteSavedView(db: DbOrTx, organizationId: string, id: string) {
  await db.delete(savedViews).where(and(eq(savedViews.organizationId, organizationId), eq(savedViews.id, id)));
}

/** An agent's personal views, for their export. */
export function personalSavedViews(db: DbOrTx, organizationId: string, agentId: string) {
  return db
    .select()
    .from(savedViews)
    .where(and(eq(savedViews.organizationId, organizationId), eq(savedViews.agentId, agentId)))
    .orderBy(asc(savedViews.name));
}
