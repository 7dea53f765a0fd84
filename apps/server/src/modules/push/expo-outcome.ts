import type { ExpoPushReceipt, ExpoPushTicket } from 'expo-server-sdk';

/**
 * What Expo's answers mean for a push and its device, decided here and nowhere else (sender.ts acts on them, for
 * tickets and receipts alike). A refused send is the world's doing, not a bug: it becomes push statuses and one
 * warning. (A failed receipts request is thrown to the worker's pass, which reports it through services.errors;
 * the receipts are asked for again on the next pass.)
 */

/** After this many failed attempts a push is given up. */
export const MAX_ATTEMPTS = 6;

/**
 * The whole request was refused or never answered. A 429 (after the SDK's own short retries), a 5xx or a network
 * failure is transient: the batch goes back to the queue with backoff until MAX_ATTEMPTS. Anything else (a 400, a
 * 401) would fail the same way again: the pushes fail with the reason.
 */
export function requestFailure(err: unknown): { status: number | undefined; transient: boolean; reason: string } {
  const status = (err as { statusCode?: number } | null)?.statusCode;
  const transient = status === undefined || status === 429 || status >= 500;
  const reason = status ? `HTTP ${status}` : ((err as Error | null)?.message ?? 'network error').slice(0, 200);
  return { status, transient, reason };
}

/** Whether a push whose request failed is tried again, after its `attempts` so far. */
export const shouldRetry = (failure: { transient: boolean }, attempts: number) =>
  failure.transient && attempts < MAX_ATTEMPTS;

export type PushOutcome =
  | { ok: true }
  /** `device`: DeviceNotRegistered forgets the device at once; any other error counts against it. */
  | { ok: false; error: string; device: 'forget' | 'count' };

/** One ticket (at send time) or one receipt (later): the same codes, the same consequences. */
export function pushOutcome(answer: ExpoPushTicket | ExpoPushReceipt): PushOutcome {
  if (answer.status === 'ok') return { ok: true };
  const error = (answer.details as { error?: string } | undefined)?.error;
  return { ok: false, error: error ?? 'ExpoError', device: error === 'DeviceNotRegistered' ? 'forget' : 'count' };
}
