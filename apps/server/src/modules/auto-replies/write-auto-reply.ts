import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { conversations, messages, visitors } from '../../db/schema.js';
import type { UnitOfWork } from '../../events/record-event.js';
import { conversationPolicy } from '../conversations/conversation.policy.js';
import { type Written, writeMessage } from '../messages/write-message.js';

export type AutoReplyKind = 'greeting' | 'outOfHours' | 'nudge';

/**
 * The conversation, locked, with what a reply needs of its visitor; null when there is none or nobody could read
 * a reply (an erased visitor: the reply policy's `acceptsPublicMessages`).
 */
export async function lockForAutoReply(
  tx: Tx,
  organizationId: string,
  conversationId: string,
  options: { skipLocked?: boolean } = {},
) {
  const [row] = await tx
    .select({ conv: conversations, locale: visitors.locale, email: visitors.email, erasedAt: visitors.erasedAt })
    .from(conversations)
    .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
    .where(and(eq(conversations.organizationId, organizationId), eq(conversations.id, conversationId)))
    .for('update', options.skipLocked ? { of: conversations, skipLocked: true } : { of: conversations });
  if (!row || !conversationPolicy.acceptsPublicMessages({ erasedAt: row.erasedAt })) return null;
  return row;
}

/** Has this conversation a message with this client id (an automatic reply's key: each is written once)? */
export async function hasMessage(tx: Tx, conversationId: string, clientId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.clientId, clientId)));
  return row !== undefined;
}

/**
 * Writes an automatic reply in the caller's transaction, the conversation locked: a public message authored by the
 * organization (author type `system`, no id; the organization's name as its name), seen by the visitor like an
 * agent's reply and by agents in the thread, with `system.autoReply` saying which. It does not answer the visitor
 * for the reports (no first response, the conversation still waits), and no follow-up email carries it.
 */
export function writeAutoReply(
  tx: Tx,
  uow: UnitOfWork,
  conv: { organizationId: string; id: string },
  reply: { kind: AutoReplyKind; body: string; clientId: string },
): Promise<Written> {
  return writeMessage(tx, uow, {
    organizationId: conv.organizationId,
    conversationId: conv.id,
    author: { type: 'system', id: null },
    type: 'message',
    body: reply.body,
    clientId: reply.clientId,
    system: { autoReply: reply.kind },
  });
}
