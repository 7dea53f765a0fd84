import { and, asc, eq, ilike, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { cannedResponses } from '../../db/schema.js';

export type CannedResponseRow = typeof cannedResponses.$inferSelect;

/** A LIKE pattern matching what starts with `text`, its own `%`, `_` and `\` taken literally. */
const startsWith = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** What `agentId` may see: their own personal responses and the organization's shared ones. */
const visibleTo = (agentId: string) => or(isNull(cannedResponses.agentId), eq(cannedResponses.agentId, agentId));

/** Up to `limit` responses visible to the agent, by shortcode (own before shared for the same one). */
export function listCannedResponses(db: DbOrTx, organizationId: string, agentId: string, q: string, limit: number) {
  return db
    .select()
    .from(cannedResponses)
    .where(
      and(
        eq(cannedResponses.organizationId, organizationId),
        visibleTo(agentId),
        q
          ? or(ilike(cannedResponses.shortcode, startsWith(q)), ilike(cannedResponses.title, startsWith(q)))
          : undefined,
      ),
    )
    .orderBy(asc(cannedResponses.shortcode), sql`${cannedResponses.agentId} is null`, asc(cannedResponses.id))
    .limit(limit);
}

/** A response the agent may see, or null: another agent's personal one is as absent as another organization's. */
export async function findVisibleCannedResponse(db: DbOrTx, organizationId: string, agentId: string, id: string) {
  const [row] = await db
    .select()
    .from(cannedResponses)
    .where(and(eq(cannedResponses.organizationId, organizationId), eq(cannedResponses.id, id), visibleTo(agentId)));
  return row ?? null;
}

export async function insertCannedResponse(
  db: DbOrTx,
  organizationId: string,
  values: Pick<CannedResponseRow, 'agentId' | 'shortcode' | 'title' | 'body'>,
) {
  const [row] = await db
    .insert(cannedResponses)
    .values({ organizationId, ...values })
    .returning();
  return row!;
}

export async function updateCannedResponse(
  db: DbOrTx,
  organizationId: string,
  id: string,
  values: Partial<Pick<CannedResponseRow, 'shortcode' | 'title' | 'body'>>,
) {
  const [row] = await db
    .update(cannedResponses)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(cannedResponses.organizationId, organizationId), eq(cannedResponses.id, id)))
    .returning();
  return row ?? null;
}

export async function deleteCannedResponse(db: DbOrTx, organizationId: string, id: string) {
  await db
    .delete(cannedResponses)
    .where(and(eq(cannedResponses.organizationId, organizationId), eq(cannedResponses.id, id)));
}

/** An agent's personal responses, for their export. */
export function personalCannedResponses(db: DbOrTx, organizationId: string, agentId: string) {
  return db
    .select()
    .from(cannedResponses)
    .where(and(eq(cannedResponses.organizationId, organizationId), eq(cannedResponses.agentId, agentId)))
    .orderBy(asc(cannedResponses.shortcode));
}
