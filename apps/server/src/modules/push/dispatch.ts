import type { TMessage } from '@oceras/protocol';
import type { Tx } from '../../db/client.js';
import type { CoreServices } from '../../services.js';
import { countUnread } from '../conversations/conversation.repo.js';
import {
  conversationsForPush,
  devicesForPush,
  eventsAfter,
  insertMessageDeliveries,
  lockPushCursor,
  movePushCursor,
} from './push.repo.js';
import { composePushes, isPushable, pushRecipients, recipientAgents } from './push-recipients.js';

/** Events read per organization per pass; the rest waits for the next pass. */
export const EVENTS_PER_PASS = 500;

/**
 * Reads an organization's new events and turns each visitor message into one queued push per device that should
 * get it, then moves the cursor, all in one transaction: a crash before COMMIT reads the same events again, and the
 * (message, device) key keeps a second reading from queueing anything twice. The cursor row is taken with SKIP
 * LOCKED, so with several processes one reads and the others move on. Returns the events read and the pushes
 * queued, or null if another process holds the organization (or it has no cursor).
 */
export async function dispatchOrganization(
  services: CoreServices,
  organizationId: string,
): Promise<{ read: number; queued: number } | null> {
  return services.db.transaction(async (tx) => {
    const seq = await lockPushCursor(tx, organizationId);
    if (seq === null) return null;
    const events = await eventsAfter(tx, organizationId, seq, EVENTS_PER_PASS);
    if (events.length === 0) return { read: 0, queued: 0 };
    // isPushable only spares the queries below when no event can push; pushRecipients applies the whole rule.
    const messages = events.map((e) => e.message).filter((m): m is TMessage => m !== null && isPushable(m));
    const queued = messages.length > 0 ? await queuePushes(tx, services, organizationId, messages) : 0;
    await movePushCursor(tx, organizationId, events.at(-1)!.seq);
    return { read: events.length, queued };
  });
}

/** Loads what the recipient rule reads (push-recipients.ts), applies it, and queues its pushes. */
async function queuePushes(tx: Tx, services: CoreServices, organizationId: string, messages: TMessage[]) {
  const conversationIds = [...new Set(messages.map((m) => m.conversationId))];
  const conversations = await conversationsForPush(tx, organizationId, conversationIds);
  const devices = await devicesForPush(tx, organizationId);
  const viewers = new Map(conversationIds.map((id) => [id, new Set(services.presence.viewersOf(id))]));
  const recipients = pushRecipients({ organizationId, messages, conversations, devices, viewers });
  if (recipients.length === 0) return 0;
  const unread = new Map<string, number>();
  for (const agentId of recipientAgents(recipients))
    unread.set(agentId, await countUnread(tx, organizationId, agentId));
  return insertMessageDeliveries(tx, organizationId, composePushes(recipients, unread));
}
