import type { Expo, ExpoPushMessage, ExpoPushReceipt, ExpoPushSuccessTicket, ExpoPushTicket } from 'expo-server-sdk';
import type { CoreServices } from '../../services.js';
import { type PushOutcome, pushOutcome, requestFailure, shouldRetry } from './expo-outcome.js';
import {
  type ClaimedPush,
  claimDuePushes,
  countDeviceFailure,
  deleteDevices,
  deleteOldDeliveries,
  deleteStaleDevices,
  failPushes,
  forgetTicket,
  markPushDelivered,
  markPushesSent,
  markReceiptFailed,
  pushesAwaitingReceipt,
  requeuePushes,
} from './push.repo.js';

export { MAX_ATTEMPTS } from './expo-outcome.js';

/** One Expo request carries at most 100 pushes (Expo's limit). */
export const PUSH_BATCH = 100;
/** Expo keeps receipts for a day; a ticket whose receipt never came is not asked about after that. */
const RECEIPT_WINDOW_MS = 24 * 3600_000;
/** Receipts read per pass. */
const RECEIPTS_PER_PASS = 1000;

export interface SenderOptions {
  /** First retry delay; each further attempt waits twice as long. */
  retryBaseMs: number;
  /** How long after sending the receipts are fetched (Expo suggests about 15 minutes). */
  receiptDelayMs: number;
  /** A claim lapses after this long: a process that died mid-send leaves its pushes to another. */
  claimMs: number;
}

/**
 * What leaves the server for each push: the token, title, body and data, the privacy policy's list (§5), and
 * delivery controls that carry nothing new: a constant sound and priority, and the conversation id already in the
 * data as collapse key, so a conversation's pushes replace each other on the phone. The unread count is not a
 * field of its own: it travels in `data.badge`, and the app sets its badge itself (apps/mobile/lib/push.ts).
 */
export function expoMessage(p: ClaimedPush): ExpoPushMessage {
  const collapse = p.conversation_id ?? undefined;
  return {
    to: p.token!,
    title: p.title ?? undefined,
    body: p.body ?? undefined,
    data: p.data ?? {},
    sound: 'default',
    priority: 'high',
    ...(collapse && { collapseId: collapse, tag: collapse }),
  };
}

/**
 * Sends what is due, up to one batch: claims the rows (SKIP LOCKED, so processes share the work), sends them in
 * one Expo request, and records each ticket. A conversation's pushes go in the order of its messages: those
 * dispatched together share one `next_attempt_at`, and with collapsing per conversation the last one sent is the
 * one the phone keeps. What each of Expo's answers means is decided in expo-outcome.ts. Returns how many pushes
 * were claimed.
 */
export async function sendDue(
  services: CoreServices,
  expo: () => Promise<Expo>,
  options: SenderOptions,
): Promise<number> {
  const claimed = await claimDuePushes(services.db, PUSH_BATCH, options.claimMs);
  if (claimed.length === 0) return 0;
  const orphaned = claimed.filter((c) => !c.token);
  if (orphaned.length > 0)
    await failPushes(
      services.db,
      orphaned.map((c) => c.id),
      'DeviceRemoved',
    );
  // Queued before the phone's permission was withdrawn: nothing more leaves for it (R9).
  const denied = claimed.filter((c) => c.token && c.is_permission_denied);
  if (denied.length > 0)
    await failPushes(
      services.db,
      denied.map((c) => c.id),
      'PermissionDenied',
    );
  const batch = claimed.filter((c) => c.token && !c.is_permission_denied);
  if (batch.length === 0) return claimed.length;

  let tickets: ExpoPushTicket[];
  try {
    tickets = await (await expo()).sendPushNotificationsAsync(batch.map(expoMessage));
  } catch (err) {
    const failure = requestFailure(err);
    services.logger.warn(
      { status: failure.status, count: batch.length, transient: failure.transient },
      'push batch not accepted by Expo',
    );
    const retry = batch.filter((c) => shouldRetry(failure, c.attempts));
    if (retry.length > 0)
      await requeuePushes(
        services.db,
        retry.map((c) => c.id),
        failure.reason,
        options.retryBaseMs,
      );
    const giveUp = batch.filter((c) => !retry.includes(c));
    if (giveUp.length > 0)
      await failPushes(
        services.db,
        giveUp.map((c) => c.id),
        failure.reason,
      );
    return claimed.length;
  }

  const ok: { id: string; ticket: string }[] = [];
  const gone: string[] = [];
  for (const [i, ticket] of tickets.entries()) {
    const push = batch[i]!;
    const outcome = pushOutcome(ticket);
    if (outcome.ok) ok.push({ id: push.id, ticket: (ticket as ExpoPushSuccessTicket).id });
    else {
      await failPushes(services.db, [push.id], outcome.error);
      await judgeDevice(services, outcome, push.device_id, gone);
    }
  }
  if (ok.length > 0) await markPushesSent(services.db, ok);
  if (gone.length > 0) await forgetDevices(services, gone);
  return claimed.length;
}

/**
 * Asks Expo what became of pushes sent long enough ago: `ok` is delivered to Apple or Google; an error fails the
 * push, with the same consequences for the device as a ticket's (expo-outcome.ts). Returns how many receipts were
 * read.
 */
export async function checkReceipts(
  services: CoreServices,
  getExpo: () => Promise<Expo>,
  options: SenderOptions,
): Promise<number> {
  const sent = await pushesAwaitingReceipt(services.db, options.receiptDelayMs, RECEIPT_WINDOW_MS, RECEIPTS_PER_PASS);
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
      if (push.old) await forgetTicket(services.db, push.id);
      continue;
    }
    read++;
    const outcome = pushOutcome(receipt);
    if (outcome.ok) await markPushDelivered(services.db, push.id);
    else {
      await markReceiptFailed(services.db, push.id, outcome.error);
      await judgeDevice(services, outcome, push.device_id, gone);
    }
  }
  if (gone.length > 0) await forgetDevices(services, gone);
  return read;
}

/** A failed push's device: forgotten (collected in `gone`, deleted together) or one failure more. */
async function judgeDevice(
  services: CoreServices,
  outcome: Extract<PushOutcome, { ok: false }>,
  deviceId: string | null,
  gone: string[],
) {
  if (!deviceId) return;
  if (outcome.device === 'forget') gone.push(deviceId);
  else await countDeviceFailure(services.db, deviceId);
}

async function forgetDevices(services: CoreServices, deviceIds: string[]) {
  await deleteDevices(services.db, deviceIds);
  services.logger.info({ count: deviceIds.length }, 'push tokens no longer registered: devices removed');
}

/** Devices unseen for 90 days go ("expired push tokens are automatically cleaned up"); delivery records after 30. */
export async function cleanupPush(services: CoreServices): Promise<{ devices: number; deliveries: number }> {
  const devices = await deleteStaleDevices(services.db);
  const deliveries = await deleteOldDeliveries(services.db);
  return { devices, deliveries };
}
