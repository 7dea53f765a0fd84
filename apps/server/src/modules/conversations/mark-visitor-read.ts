import { and, eq, sql } from 'drizzle-orm';
import { conversations } from '../../db/schema.js';
import type { VisitorPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { findVisitorConversation } from './conversation.repo.js';

/** Moves the visitor's read mark forward (never back) and tells the agents ("seen"): behind REST and the socket. */
export async function markVisitorRead(
  services: Services,
  actor: VisitorPrincipal,
  conversationId: string,
  requested: number,
) {
  const conv = await findVisitorConversation(services.db, actor.organizationId, actor.visitorId, conversationId);
  const seq = Math.min(requested, conv.lastMessageSeq);
  await services.db
    .update(conversations)
    .set({ visitorLastReadSeq: sql`greatest(${conversations.visitorLastReadSeq}, ${seq})` })
    .where(and(eq(conversations.organizationId, actor.organizationId), eq(conversations.id, conv.id)));
  services.bus.signal({
    kind: 'agents',
    organizationId: actor.organizationId,
    event: 'conversation.visitor_read',
    payload: { conversationId: conv.id, seq },
  });
  return { seq };
}
