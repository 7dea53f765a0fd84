import { and, asc, eq, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { emailInboxes } from '../../db/schema.js';

export type EmailInboxRow = typeof emailInboxes.$inferSelect;

export function listInboxes(db: DbOrTx, organizationId: string) {
  return db
    .select()
    .from(emailInboxes)
    .where(eq(emailInboxes.organizationId, organizationId))
    .orderBy(asc(emailInboxes.createdAt), asc(emailInboxes.id));
}

export async function insertInbox(
  db: DbOrTx,
  organizationId: string,
  values: { address: string; forwardToken: string },
) {
  const [row] = await db
    .insert(emailInboxes)
    .values({ organizationId, ...values })
    .returning();
  return row!;
}

export async function deleteInbox(db: DbOrTx, organizationId: string, id: string) {
  const [row] = await db
    .delete(emailInboxes)
    .where(and(eq(emailInboxes.organizationId, organizationId), eq(emailInboxes.id, id)))
    .returning();
  return row ?? null;
}

// ---- inbound (receive-email.ts, smtp-receiver.ts): across organizations by design, the recipient names one ----

/** The inbox a recipient names: its own address, or its forwarding token. */
export async function findInbox(db: DbOrTx, recipient: { address: string; forwardToken: string | null }) {
  const [row] = await db
    .select()
    .from(emailInboxes)
    .where(
      or(
        eq(emailInboxes.address, recipient.address.toLowerCase()),
        recipient.forwardToken ? eq(emailInboxes.forwardToken, recipient.forwardToken) : undefined,
      ),
    )
    .limit(1);
  return row ?? null;
}
