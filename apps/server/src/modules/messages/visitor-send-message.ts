import type { TMessage } from '@oceras/protocol';
import { eq } from 'drizzle-orm';
import { visitors } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import type { Services, VisitorPrincipal } from '../../services.js';
import { findVisitorConversation } from '../conversations/conversation.repo.js';
import { appendMessageFast } from './append-fast.js';
import { presentMessageForVisitor } from './message.presenter.js';
import { sendMessage } from './send-message.js';

/** A visitor's message in one of their own conversations: behind REST and the visitor socket. */
export async function visitorSendMessage(
  services: Services,
  actor: VisitorPrincipal,
  conversationId: string,
  body: { clientId: string; body: string },
): Promise<TMessage> {
  const fast = await appendMessageFast(services, {
    organizationId: actor.organizationId,
    conversationId,
    author: { type: 'visitor', id: actor.visitorId },
    type: 'message',
    body: body.body,
    clientId: body.clientId,
  });
  if (fast?.visitorView) return fast.visitorView;
  // Not the common case (unknown conversation, resolved or snoozed, a repeated client id): the full path.
  const conv = await findVisitorConversation(services.db, actor.organizationId, actor.visitorId, conversationId);
  const [v] = await services.db.select({ name: visitors.name }).from(visitors).where(eq(visitors.id, actor.visitorId));
  const label = { name: v?.name ?? null, avatarUrl: null };
  const row = await sendMessage(services, {
    organizationId: actor.organizationId,
    conversationId: conv.id,
    type: 'message',
    author: { type: 'visitor', id: actor.visitorId, label },
    body: body.body,
    clientId: body.clientId,
  });
  const out = presentMessageForVisitor(row, label);
  if (!out) throw notFound('message');
  return out;
}
