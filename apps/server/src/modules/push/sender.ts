import { sql } from 'drizzle-orm';
import type { Expo, ExpoPushMessage, ExpoPushReceipt, ExpoPushTicket } from 'expo-server-sdk';
import { query } from '../../db/client.js';
import type { Services } from '../../services.js';

/** One Expo request carries at most 100 pushes (Expo's limit). */
export const PUSH_BATCH = 100;
/** After this many failed attempts a push is given up. */
export const MAX_ATTEMPTS = 6;
/** Expo keeps receipts for a day; a ticket whose receipt never came is not asked about after that. */
const RECEIPT_WINDOW_MS = 24 * 3600_000;

export interface SenderOptions {
  /** First retry delay; each further attempt waits twice as long. */
  retryBaseMs: number;
  /** How long after sending the receipts are fetched (Expo suggests about 15 minutes). */
  receiptDelayMs: number;
  /** A claim lapses after this long: a process that died mid-send leaves its pushes to another. */
  claimMs: number;
}

type Claimed = {
  id: string;
  device_id: string | null;
  token: string | null;
  title: string | null;
  body: string | null;
  data: Record<string, unknown> | null;
  badge: number | null;
  conversation_id: string | null;
  attempts: number;
};

/** Expo's error for a token that no longer reaches an app: the device is forgotten at once. */
const isUnregistered = (details: unknown) =>
  (details as { error?: string } | undefined)?.error === 'DeviceNotRegistered';

/**
 * What leaves the server for each push: the token, title, body and data (the privacy policy's list), and delivery
 * controls that carry nothing new: the badge number, and the conversation id of the data as collapse key, so a
 * conversation's pushes replace each other on the phone.
 */
export function expoMessage(p: Claimed): ExpoPushMessage {
  const collapse = p.conversation_id ?? undefined;
  return {
    to: p.token!,
    title: p.title ?? undefined,
    body: p.body ?? undefined,
    data: p.data ?? {},
    sound: 'default',
    priority: 'high',
    ...(p.badge !== null && { badge: p.badge }),
    ...(collapse && { collapseId: collapse, tag: collapse }),
  };
}

/**
 * Sends what is due, up to one batch: claims the rows (SKIP LOCKED, so processes share the work), sends them in
 * one Expo request, and records each ticket. A conversation's pushes go in the order of its messages: those
 * dispatched together share one `next_attempt_at`, and with collapsing per conversation the last one sent is the
 * one the phone keeps. A 429, a 5xx or a network failure puts the batch back with
 * exponential backoff; a ticket error fails that push, and DeviceNotRegistered removes the device. Returns how
 * many pushes were claimed.
 */
export async function sendDue(services: Services, expo: () => Promise<Expo>, options: SenderOptions): Promise<number> {
  const claimed = await query<Claimed>(
    services.db,
    sql`with due as (
          select p.id, m.seq from push_deliveries p left join messages m on m.id = p.message_id
          where p.status in ('queued', 'sending') and p.next_attempt_at <= now()
          order by p.next_attempt_at, p.conversation_id, m.seq limit ${PUSH_BATCH} for update of p skip locked),
        claimed as (
          update push_deliveries p set status = 'sending', attempts = p.attempts + 1,
            next_attempt_at = now() + make_interval(secs => ${options.claimMs / 1000})
          from due where p.id = due.id
          returning p.id, p.device_id, p.title, p.body, p.data, p.badge, p.conversation_id, p.attempts,
            due.seq as message_seq)
        select c.*, d.token from claimed c left join devices d on d.id = c.device_id
        order by c.conversation_id, c.message_seq`,
  );
  if (claimed.length === 0) return 0;
  const orphaned = claimed.filter((c) => !c.token);
  if (orphaned.length > 0)
    await fail(
      services,
      orphaned.map((c) => c.id),
      'DeviceRemoved',
    );
  const batch = claimed.filter((c) => c.token);
  if (batch.length === 0) return claimed.length;

  let tickets: ExpoPushTicket[];
  try {
    tickets = await (await expo()).sendPushNotificationsAsync(batch.map(expoMessage));
  } catch (err) {
    const status = (err as { statusCode?: number }).statusCode;
    const transient = status === undefined || status === 429 || status >= 500;
    const reason = status ? `HTTP ${status}` : ((err as Error).message ?? 'network error').slice(0, 200);
    services.logger.warn({ status, count: batch.length, transient }, 'push batch not accepted by Expo');
    const retry = batch.filter((c) => transient && c.attempts < MAX_ATTEMPTS);
    if (retry.length > 0) {
      await query(
        services.db,
        sql`update push_deliveries set status = 'queued', error = ${reason},
              next_attempt_at = now() + make_interval(secs => ${options.retryBaseMs / 1000} * power(2, attempts - 1))
            where id in (${ids(retry)})`,
      );
    }
    const giveUp = batch.filter((c) => !retry.includes(c));
    if (giveUp.length > 0)
      await fail(
        services,
        giveUp.map((c) => c.id),
        reason,
      );
    return claimed.length;
  }

  const ok: { id: string; ticket: string }[] = [];
  const gone: string[] = [];
  for (const [i, ticket] of tickets.entries()) {
    const push = batch[i]!;
    if (ticket.status === 'ok') ok.push({ id: push.id, ticket: ticket.id });
    else {
      const code = (ticket.details as { error?: string } | undefined)?.error ?? 'ExpoError';
      await fail(services, [push.id], code);
      if (isUnregistered(ticket.details) && push.device_id) gone.push(push.device_id);
      else if (push.device_id) await countFailure(services, push.device_id);
    }
  }
  if (ok.length > 0) {
    await query(
      services.db,
      sql`update push_deliveries p set status = 'sent', ticket_id = t.ticket, sent_at = now(), error = null,
            title = null, body = null, data = null
          from jsonb_to_recordset(${JSON.stringify(ok)}::jsonb) as t(id uuid, ticket text) where p.id = t.id`,
    );
  }
  if (gone.length > 0) await forgetDevices(services, gone);
  return claimed.length;
}

/**
 * Asks Expo what became of pushes sent long enough ago: `ok` is delivered to Apple or Google; an error fails the
 * push, and DeviceNotRegistered removes the device. Returns how many receipts were read.
 */
export async function checkReceipts(
  services: Services,
  getExpo: () => Promise<Expo>,
  options: SenderOptions,
): Promise<number> {
  const sent = await query<{ id: string; ticket_id: string; device_id: string | null; old: boolean }>(
    services.db,
    sql`select id, ticket_id, device_id, sent_at < now() - make_interval(secs => ${RECEIPT_WINDOW_MS / 1000}) as old
        from push_deliveries
        where status = 'sent' and ticket_id is not null
          and sent_at <= now() - make_interval(secs => ${options.receiptDelayMs / 1000})
        order by sent_at limit 1000`,
  );
  if (sent.length === 0) return 0;
  const expo = await getExpo();
  const receipts: Record<string, ExpoPushReceipt> = {};
  for (const chunk of expo.chunkPushNotificationReceiptIds(sent.map((s) => s.ticket_id))) {
    Object.assign(receipts, await expo.getPushNotificationReceiptsAsync(chunk));
  }
  const gone: string[] = [];
  let read = 0;
  for (const push of sent) {
    const receipt = receipts[push.ticket_id];
    if (!receipt) {
      // Not ready yet; after a day Expo has forgotten it, and so do we.
      if (push.old) await query(services.db, sql`update push_deliveries set ticket_id = null where id = ${push.id}`);
      continue;
    }
    read++;
    if (receipt.status === 'ok') {
      await query(
        services.db,
        sql`update push_deliveries set status = 'delivered', ticket_id = null where id = ${push.id}`,
      );
    } else {
      const code = (receipt.details as { error?: string } | undefined)?.error ?? 'ExpoError';
      await query(
        services.db,
        sql`update push_deliveries set status = 'failed', error = ${code}, ticket_id = null where id = ${push.id}`,
      );
      if (isUnregistered(receipt.details) && push.device_id) gone.push(push.device_id);
      else if (push.device_id) await countFailure(services, push.device_id);
    }
  }
  if (gone.length > 0) await forgetDevices(services, gone);
  return read;
}

const ids = (rows: { id: string }[]) =>
  sql.join(
    rows.map((r) => sql`${r.id}`),
    sql`, `,
  );

async function fail(services: Services, deliveryIds: string[], error: string) {
  await query(
    services.db,
    sql`update push_deliveries set status = 'failed', error = ${error}, title = null, body = null, data = null
        where id in (${ids(deliveryIds.map((id) => ({ id })))})`,
  );
}

async function countFailure(services: Services, deviceId: string) {
  await query(services.db, sql`update devices set failure_count = failure_count + 1 where id = ${deviceId}`);
}

async function forgetDevices(services: Services, deviceIds: string[]) {
  await query(services.db, sql`delete from devices where id in (${ids(deviceIds.map((id) => ({ id })))})`);
  services.logger.info({ count: deviceIds.length }, 'push tokens no longer registered: devices removed');
}

/** Devices unseen for 90 days go ("expired push tokens are automatically cleaned up"); delivery records after 30. */
export async function cleanupPush(services: Services): Promise<{ devices: number; deliveries: number }> {
  const devices = await query(
    services.db,
    sql`delete from devices where last_seen_at < now() - interval '90 days' returning id`,
  );
  const deliveries = await query(
    services.db,
    sql`delete from push_deliveries where ctid in (
          select ctid from push_deliveries where created_at < now() - interval '30 days' limit 5000) returning id`,
  );
  return { devices: devices.length, deliveries: deliveries.length };
}
