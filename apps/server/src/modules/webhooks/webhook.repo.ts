import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { type DbOrTx, query, type Tx } from '../../db/client.js';
import { webhookAttempts, webhookDeliveries, webhooks } from '../../db/schema.js';
import type { LoggedEvent } from './webhook-events.js';

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AttemptRow = typeof webhookAttempts.$inferSelect;

/** A new subscription reads the event log from the organization's current position: nothing older is sent. */
export async function insertWebhook(
  db: DbOrTx,
  organizationId: string,
  values: { url: string; events: string[]; secret: string; createdBy: string },
) {
  const [row] = await db
    .insert(webhooks)
    .values({
      organizationId,
      ...values,
      eventCursor: sql`(select event_seq from organizations where id = ${organizationId})`,
    })
    .returning();
  return row!;
}

export function listWebhooks(db: DbOrTx, organizationId: string) {
  return db.select().from(webhooks).where(eq(webhooks.organizationId, organizationId)).orderBy(webhooks.createdAt);
}

export async function findWebhook(db: DbOrTx, organizationId: string, id: string) {
  const [row] = await db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.organizationId, organizationId), eq(webhooks.id, id)));
  return row ?? null;
}

/** Turning a subscription on again starts it from now: events while it was off are not sent. */
export async function updateWebhookRow(
  db: DbOrTx,
  organizationId: string,
  id: string,
  change: { url?: string; events?: string[]; enabled?: boolean },
) {
  const [row] = await db
    .update(webhooks)
    .set({
      ...(change.url !== undefined && { url: change.url }),
      ...(change.events !== undefined && { events: change.events }),
      ...(change.enabled === true && {
        enabled: true,
        disabledReason: null,
        failingSince: null,
        eventCursor: sql`case when ${webhooks.enabled} then ${webhooks.eventCursor}
          else (select event_seq from organizations where id = ${organizationId}) end`,
      }),
      ...(change.enabled === false && { enabled: false, disabledReason: null }),
    })
    .where(and(eq(webhooks.organizationId, organizationId), eq(webhooks.id, id)))
    .returning();
  return row ?? null;
}

export async function deleteWebhookRow(db: DbOrTx, organizationId: string, id: string) {
  const rows = await db
    .delete(webhooks)
    .where(and(eq(webhooks.organizationId, organizationId), eq(webhooks.id, id)))
    .returning({ id: webhooks.id });
  return rows.length > 0;
}

/** The last 100 deliveries of a subscription, newest first, with their attempts. */
export async function listDeliveries(db: DbOrTx, organizationId: string, webhookId: string, deliveryId?: string) {
  const deliveries = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.organizationId, organizationId),
        eq(webhookDeliveries.webhookId, webhookId),
        deliveryId ? eq(webhookDeliveries.id, deliveryId) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.eventSeq))
    .limit(100);
  const attempts = deliveries.length
    ? await db
        .select()
        .from(webhookAttempts)
        .where(
          and(
            eq(webhookAttempts.organizationId, organizationId),
            inArray(
              webhookAttempts.deliveryId,
              deliveries.map((d) => d.id),
            ),
          ),
        )
        .orderBy(desc(webhookAttempts.at))
    : [];
  return { deliveries, attempts };
}

/** Resend: the same delivery (same id) is due now again, with a new day of retries. */
export async function requeueDelivery(db: DbOrTx, organizationId: string, webhookId: string, id: string) {
  const rows = await db
    .update(webhookDeliveries)
    .set({ status: 'pending', nextAttemptAt: sql`now()`, retryUntil: sql`now() + interval '1 day'` })
    .where(
      and(
        eq(webhookDeliveries.organizationId, organizationId),
        eq(webhookDeliveries.webhookId, webhookId),
        eq(webhookDeliveries.id, id),
      ),
    )
    .returning({ id: webhookDeliveries.id });
  return rows.length > 0;
}

// ---- the worker's statements (webhook-worker.ts) ----

/** Subscriptions behind the event log, locked for this transaction (another process takes the others). */
export function lockWebhooksBehind(tx: Tx, limit: number) {
  return query<{ id: string; organization_id: string; events: string[]; event_cursor: string | number }>(
    tx,
    sql`select w.id, w.organization_id, w.events, w.event_cursor from webhooks w
        join organizations o on o.id = w.organization_id
        where w.enabled and w.event_cursor < o.event_seq
        order by w.id limit ${limit} for update of w skip locked`,
  );
}

/** Events after the cursor, with what the mapping (webhook-events.ts) reads. */
export async function eventsAfter(tx: Tx, organizationId: string, seq: number, limit: number): Promise<LoggedEvent[]> {
  const rows = await query<{
    seq: string | number;
    type: string;
    message_type: string | null;
    status: string | null;
    changes: string[] | null;
  }>(
    tx,
    sql`select seq, type,
          case when type = 'message.created' then payload->>'type' end as message_type,
          case when type = 'conversation.updated' then payload->'conversation'->>'status' end as status,
          case when type = 'conversation.updated' then payload->'changes' end as changes
        from events where organization_id = ${organizationId} and seq > ${seq} order by seq limit ${limit}`,
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    type: r.type,
    messageType: r.message_type,
    status: r.status,
    changes: r.changes,
  }));
}

export async function queueDeliveries(
  tx: Tx,
  organizationId: string,
  webhookId: string,
  items: { seq: number; type: string }[],
  cursor: number,
) {
  if (items.length > 0)
    await tx
      .insert(webhookDeliveries)
      .values(
        items.map((i) => ({
          organizationId,
          webhookId,
          eventSeq: i.seq,
          type: i.type,
          retryUntil: sql`now() + interval '1 day'`,
        })),
      )
      .onConflictDoNothing();
  await tx.update(webhooks).set({ eventCursor: cursor }).where(eq(webhooks.id, webhookId));
}

export interface ClaimedDelivery {
  id: string;
  organization_id: string;
  webhook_id: string;
  event_seq: string | number;
  type: string;
  attempts: number;
  retry_until: Date | string;
  url: string;
  secret: string;
  events: string[];
  event_type: string | null;
  payload: unknown;
  event_at: Date | string | null;
}

/**
 * Takes due deliveries of enabled subscriptions: each is hidden from other processes for `claimMs` (its attempt
 * lasts at most 10 s), counted as an attempt, and comes with its subscription and event.
 */
export function claimDueDeliveries(db: DbOrTx, limit: number, claimMs: number) {
  return query<ClaimedDelivery>(
    db,
    sql`with due as (
          select d.id from webhook_deliveries d join webhooks w on w.id = d.webhook_id
          where d.status = 'pending' and d.next_attempt_at <= now() and w.enabled
          order by d.next_attempt_at limit ${limit} for update of d skip locked
        ), claimed as (
          update webhook_deliveries d set next_attempt_at = now() + make_interval(secs => ${claimMs / 1000}),
            attempts = d.attempts + 1
          from due where d.id = due.id
          returning d.id, d.organization_id, d.webhook_id, d.event_seq, d.type, d.attempts, d.retry_until
        )
        select c.*, w.url, w.secret, w.events, e.type as event_type, e.payload, e.created_at as event_at
        from claimed c join webhooks w on w.id = c.webhook_id
        left join events e on e.organization_id = c.organization_id and e.seq = c.event_seq`,
  );
}

export async function recordAttempt(
  tx: Tx,
  d: { id: string; organizationId: string },
  attempt: { statusCode: number | null; durationMs: number; error: string | null; responseExcerpt: string | null },
) {
  await tx.insert(webhookAttempts).values({ organizationId: d.organizationId, deliveryId: d.id, ...attempt });
}

export async function settleDelivery(
  tx: Tx,
  id: string,
  outcome: { status: 'pending' | 'delivered' | 'failed' | 'cancelled'; nextAttemptAt?: Date },
) {
  await tx
    .update(webhookDeliveries)
    .set({ status: outcome.status, ...(outcome.nextAttemptAt && { nextAttemptAt: outcome.nextAttemptAt }) })
    .where(eq(webhookDeliveries.id, id));
}

/** A success clears the failing streak; a failure starts one (or continues it). Answers the streak's start. */
export async function markWebhookHealth(tx: Tx, webhookId: string, isOk: boolean) {
  const [row] = await tx
    .update(webhooks)
    .set({ failingSince: isOk ? null : sql`coalesce(${webhooks.failingSince}, now())` })
    .where(eq(webhooks.id, webhookId))
    .returning({ failingSince: webhooks.failingSince });
  return row?.failingSince ?? null;
}

export async function disableWebhook(tx: Tx, webhookId: string, reason: string) {
  const [row] = await tx
    .update(webhooks)
    .set({ enabled: false, disabledReason: reason })
    .where(and(eq(webhooks.id, webhookId), eq(webhooks.enabled, true)))
    .returning({ organizationId: webhooks.organizationId, url: webhooks.url });
  return row ?? null;
}

/** Who is told that a subscription was turned off: the organization's admins who receive email. */
export function adminEmails(db: DbOrTx, organizationId: string) {
  return query<{ email: string; language: string | null }>(
    db,
    sql`select email, language from agents where organization_id = ${organizationId} and role = 'admin'
        and removed_at is null and restricted_at is null`,
  );
}

/** The delivery log is kept 30 days. */
export async function deleteOldDeliveries(db: DbOrTx) {
  await db.execute(
    sql`delete from webhook_deliveries where id in (select id from webhook_deliveries
        where created_at < now() - interval '30 days' and status <> 'pending' limit 5000)`,
  );
}
