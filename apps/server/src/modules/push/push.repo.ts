import type { TMessage } from '@oceras/protocol';
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import { type DbOrTx, query, type Tx } from '../../db/client.js';
import { agents, devices, pushCursors, pushDeliveries } from '../../db/schema.js';
import type { PlannedPush, PushConversation, PushDevice } from './push-recipients.js';

/**
 * The push module's SQL, and nothing else. A statement scoped to one organization takes its id first (after the
 * connection) and filters on it. The worker's own statements (claiming due pushes, reading receipts, clean-up) run
 * across organizations by design: one queue for the process, taken with SKIP LOCKED; they say so below.
 */

const idList = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );

// ---- Devices and settings (the agent's and the admin's routes) ----

/** A token is one phone: registered by another agent (in any organization), it stops being theirs. */
export async function deleteTokenOfOtherAgents(tx: Tx, token: string, agentId: string) {
  await tx.delete(devices).where(and(eq(devices.token, token), ne(devices.agentId, agentId)));
}

export async function upsertDevice(
  tx: Tx,
  organizationId: string,
  agentId: string,
  device: Pick<
    typeof devices.$inferInsert,
    'sessionId' | 'token' | 'platform' | 'appVersion' | 'name' | 'pushPermission'
  >,
) {
  const { token, ...rest } = device;
  const values = { organizationId, agentId, ...rest, name: rest.name ?? null };
  const [row] = await tx
    .insert(devices)
    .values({ ...values, token })
    .onConflictDoUpdate({ target: devices.token, set: { ...values, failureCount: 0, lastSeenAt: new Date() } })
    .returning();
  return row!;
}

/** The organization's events are read for pushes from its current position on: nothing older is ever sent. */
export async function startPushCursor(tx: Tx, organizationId: string) {
  await tx
    .insert(pushCursors)
    .values({ organizationId, seq: sql`(select event_seq from organizations where id = ${organizationId})` })
    .onConflictDoNothing();
}

export function listAgentDevices(db: DbOrTx, organizationId: string, agentId: string) {
  return db
    .select()
    .from(devices)
    .where(and(eq(devices.organizationId, organizationId), eq(devices.agentId, agentId)))
    .orderBy(desc(devices.lastSeenAt));
}

export function listOrganizationDevices(db: DbOrTx, organizationId: string, limit: number) {
  return db
    .select()
    .from(devices)
    .where(eq(devices.organizationId, organizationId))
    .orderBy(desc(devices.lastSeenAt))
    .limit(limit);
}

/**
 * One device of the organization, with whether its agent is restricted (no pushes, not even a test) and their
 * language (the test push says it in it).
 */
export async function findDevice(db: DbOrTx, organizationId: string, deviceId: string) {
  const [row] = await db
    .select({
      device: devices,
      isAgentRestricted: sql<boolean>`${agents.restrictedAt} is not null`,
      agentLanguage: agents.language,
    })
    .from(devices)
    .innerJoin(agents, eq(agents.id, devices.agentId))
    .where(and(eq(devices.id, deviceId), eq(devices.organizationId, organizationId)));
  return row;
}

/** Deletes one of the agent's own devices; false if there was none. */
export async function deleteAgentDevice(db: DbOrTx, organizationId: string, agentId: string, deviceId: string) {
  const gone = await db
    .delete(devices)
    .where(and(eq(devices.id, deviceId), eq(devices.organizationId, organizationId), eq(devices.agentId, agentId)))
    .returning({ id: devices.id });
  return gone.length > 0;
}

/** The stored settings as they are (missing keys included), or undefined for no such agent. */
export async function findNotificationSettings(db: DbOrTx, organizationId: string, agentId: string) {
  const [row] = await db
    .select({ settings: agents.notificationSettings })
    .from(agents)
    .where(and(eq(agents.organizationId, organizationId), eq(agents.id, agentId)));
  return row;
}

/** Merges the given keys into the stored settings (jsonb `||`); undefined for no such agent. */
export async function mergeNotificationSettings(
  db: DbOrTx,
  organizationId: string,
  agentId: string,
  patch: Record<string, boolean | string | undefined>,
) {
  const [row] = await db
    .update(agents)
    .set({ notificationSettings: sql`${agents.notificationSettings} || ${JSON.stringify(patch)}::jsonb` })
    .where(and(eq(agents.organizationId, organizationId), eq(agents.id, agentId)))
    .returning({ settings: agents.notificationSettings });
  return row;
}

export async function insertTestDelivery(
  db: DbOrTx,
  organizationId: string,
  push: { agentId: string; deviceId: string; title: string; body: string; data: Record<string, unknown> },
) {
  const [row] = await db
    .insert(pushDeliveries)
    .values({ organizationId, ...push, kind: 'test' })
    .returning();
  return row!;
}

export function listDeliveries(db: DbOrTx, organizationId: string, limit: number) {
  return db
    .select()
    .from(pushDeliveries)
    .where(eq(pushDeliveries.organizationId, organizationId))
    .orderBy(desc(pushDeliveries.createdAt))
    .limit(limit);
}

// ---- Dispatch: events to queued pushes ----

/** Across organizations: those whose event log has moved past their push cursor. */
export async function organizationsBehind(db: DbOrTx, limit: number): Promise<string[]> {
  const rows = await query<{ id: string }>(
    db,
    sql`select c.organization_id as id from push_cursors c join organizations o on o.id = c.organization_id
        where o.event_seq > c.seq limit ${limit}`,
  );
  return rows.map((r) => r.id);
}

/** Across organizations: every organization that has (or had) a device, so its messages wake the worker. */
export async function organizationsWithCursor(db: DbOrTx): Promise<string[]> {
  const rows = await query<{ id: string }>(db, sql`select organization_id as id from push_cursors`);
  return rows.map((r) => r.id);
}

/** The cursor, locked for this transaction; null if another process holds it or the organization has none. */
export async function lockPushCursor(tx: Tx, organizationId: string): Promise<number | null> {
  const [cursor] = await query<{ seq: string | number }>(
    tx,
    sql`select seq from push_cursors where organization_id = ${organizationId} for update skip locked`,
  );
  return cursor ? Number(cursor.seq) : null;
}

/** The events after `seq`, in order; the payload only for `message.created` (the rest only moves the cursor). */
export async function eventsAfter(tx: Tx, organizationId: string, seq: number, limit: number) {
  const rows = await query<{ seq: string | number; payload: TMessage | null }>(
    tx,
    sql`select seq, case when type = 'message.created' then payload end as payload from events
        where organization_id = ${organizationId} and seq > ${seq} order by seq limit ${limit}`,
  );
  return rows.map((r) => ({ seq: Number(r.seq), message: r.payload }));
}

export async function movePushCursor(tx: Tx, organizationId: string, seq: number) {
  await tx.execute(sql`update push_cursors set seq = ${seq} where organization_id = ${organizationId}`);
}

/** What the recipient rule reads of the conversations (push-recipients.ts): the assignee, the visitor's name. */
export function conversationsForPush(tx: Tx, organizationId: string, conversationIds: readonly string[]) {
  return query<PushConversation>(
    tx,
    sql`select c.id, c.organization_id as "organizationId", c.assignee_id as "assigneeId", c.number,
          coalesce(v.name, v.email) as who, v.restricted_at is not null as "isVisitorRestricted"
        from conversations c join visitors v on v.id = c.visitor_id
        where c.organization_id = ${organizationId} and c.id in (${idList(conversationIds)})`,
  );
}

/**
 * Every device of the organization with what the recipient rule reads of its agent (push-recipients.ts), and
 * whether the phone's notification permission is withdrawn (R10).
 */
export function devicesForPush(tx: Tx, organizationId: string) {
  return query<PushDevice>(
    tx,
    sql`select d.id as "deviceId", a.id as "agentId", a.organization_id as "organizationId", a.availability,
          a.language,
          a.notification_settings as settings, a.removed_at is not null as "isRemoved",
          a.restricted_at is not null as "isRestricted",
          d.push_permission = 'denied' as "isPermissionDenied"
        from devices d join agents a on a.id = d.agent_id
        where d.organization_id = ${organizationId} and a.organization_id = ${organizationId}`,
  );
}

/**
 * Inserts the pushes of messages (or of a note's mentions, R11); a pair (message, device) already queued is skipped.
 * Returns how many were new.
 */
export async function insertMessageDeliveries(
  tx: Tx,
  organizationId: string,
  pushes: readonly PlannedPush[],
  kind: 'message' | 'mention' | 'low_rating' = 'message',
): Promise<number> {
  if (pushes.length === 0) return 0;
  const rows = pushes.map((p) => ({
    agent_id: p.agentId,
    device_id: p.deviceId,
    conversation_id: p.conversationId,
    message_id: p.messageId,
    title: p.title,
    body: p.body,
    data: p.data,
  }));
  const inserted = await query<{ id: string }>(
    tx,
    sql`insert into push_deliveries (organization_id, agent_id, device_id, kind, conversation_id, message_id, title, body, data)
        select ${organizationId}::uuid, agent_id, device_id, ${kind}, conversation_id, message_id, title, body, data
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(agent_id uuid, device_id uuid,
          conversation_id uuid, message_id uuid, title text, body text, data jsonb)
        -- A message erased or a device removed since the event: nothing to push, and no foreign key to trip on.
        where exists (select 1 from messages m where m.id = r.message_id)
          and exists (select 1 from devices d where d.id = r.device_id)
        on conflict (message_id, device_id) do nothing returning id`,
  );
  return inserted.length;
}

// ---- Sending and receipts: the process's queue, across organizations (SKIP LOCKED shares it between processes) ----

export type ClaimedPush = {
  id: string;
  device_id: string | null;
  token: string | null;
  title: string | null;
  body: string | null;
  data: Record<string, unknown> | null;
  conversation_id: string | null;
  attempts: number;
  /** The phone's notification permission was withdrawn since the push was queued: it is not sent (R10). */
  is_permission_denied: boolean | null;
};

/**
 * Claims up to `limit` due pushes for `claimMs` (the claim lapses if this process dies), counting the attempt,
 * and returns them with their device's token in the order of each conversation's messages.
 */
export function claimDuePushes(db: DbOrTx, limit: number, claimMs: number) {
  return query<ClaimedPush>(
    db,
    sql`with due as (
          select p.id, m.seq from push_deliveries p left join messages m on m.id = p.message_id
          where p.status in ('queued', 'sending') and p.next_attempt_at <= now()
          order by p.next_attempt_at, p.conversation_id, m.seq limit ${limit} for update of p skip locked),
        claimed as (
          update push_deliveries p set status = 'sending', attempts = p.attempts + 1,
            next_attempt_at = now() + make_interval(secs => ${claimMs / 1000})
          from due where p.id = due.id
          returning p.id, p.device_id, p.title, p.body, p.data, p.conversation_id, p.attempts,
            due.seq as message_seq)
        select c.*, d.token, d.push_permission = 'denied' as is_permission_denied
        from claimed c left join devices d on d.id = c.device_id
        order by c.conversation_id, c.message_seq`,
  );
}

/** Back to the queue after `retryBaseMs` × 2^(attempts − 1), with the reason. */
export async function requeuePushes(db: DbOrTx, ids: readonly string[], reason: string, retryBaseMs: number) {
  await query(
    db,
    sql`update push_deliveries set status = 'queued', error = ${reason},
          next_attempt_at = now() + make_interval(secs => ${retryBaseMs / 1000} * power(2, attempts - 1))
        where id in (${idList(ids)})`,
  );
}

/** Given up at send time: the content goes with it. */
export async function failPushes(db: DbOrTx, ids: readonly string[], error: string) {
  await query(
    db,
    sql`update push_deliveries set status = 'failed', error = ${error}, title = null, body = null, data = null
        where id in (${idList(ids)})`,
  );
}

/** Accepted by Expo: the ticket is kept for the receipt, the content is cleared. */
export async function markPushesSent(db: DbOrTx, sent: readonly { id: string; ticket: string }[]) {
  await query(
    db,
    sql`update push_deliveries p set status = 'sent', ticket_id = t.ticket, sent_at = now(), error = null,
          title = null, body = null, data = null
        from jsonb_to_recordset(${JSON.stringify(sent)}::jsonb) as t(id uuid, ticket text) where p.id = t.id`,
  );
}

/** Sent at least `delayMs` ago and not yet answered by a receipt; `old` once Expo no longer keeps it. */
export function pushesAwaitingReceipt(db: DbOrTx, delayMs: number, windowMs: number, limit: number) {
  return query<{ id: string; ticket_id: string; device_id: string | null; old: boolean }>(
    db,
    sql`select id, ticket_id, device_id, sent_at < now() - make_interval(secs => ${windowMs / 1000}) as old
        from push_deliveries
        where status = 'sent' and ticket_id is not null
          and sent_at <= now() - make_interval(secs => ${delayMs / 1000})
        order by sent_at limit ${limit}`,
  );
}

export async function forgetTicket(db: DbOrTx, id: string) {
  await query(db, sql`update push_deliveries set ticket_id = null where id = ${id}`);
}

export async function markPushDelivered(db: DbOrTx, id: string) {
  await query(db, sql`update push_deliveries set status = 'delivered', ticket_id = null where id = ${id}`);
}

/** Failed by its receipt (the content was cleared when it was sent). */
export async function markReceiptFailed(db: DbOrTx, id: string, error: string) {
  await query(
    db,
    sql`update push_deliveries set status = 'failed', error = ${error}, ticket_id = null where id = ${id}`,
  );
}

export async function countDeviceFailure(db: DbOrTx, deviceId: string) {
  await query(db, sql`update devices set failure_count = failure_count + 1 where id = ${deviceId}`);
}

export async function deleteDevices(db: DbOrTx, deviceIds: readonly string[]) {
  await query(db, sql`delete from devices where id in (${idList(deviceIds)})`);
}

/** Devices unseen for 90 days, across organizations; returns how many. */
export async function deleteStaleDevices(db: DbOrTx): Promise<number> {
  const rows = await query(db, sql`delete from devices where last_seen_at < now() - interval '90 days' returning id`);
  return rows.length;
}

/** Delivery records older than 30 days, up to 5,000 per call, across organizations; returns how many. */
export async function deleteOldDeliveries(db: DbOrTx): Promise<number> {
  const rows = await query(
    db,
    sql`delete from push_deliveries where ctid in (
          select ctid from push_deliveries where created_at < now() - interval '30 days' limit 5000) returning id`,
  );
  return rows.length;
}
