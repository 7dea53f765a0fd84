import { and, eq, sql } from 'drizzle-orm';
import { conversations, readCursors } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { findConversation } from './conversation.repo.js';

/** Moves the agent's read cursor forward (never back) and tells the agent's other clients. */
export async function markRead(services: Services, actor: AgentPrincipal, conversationId: string, requested: number) {
  const conv = await findConversation(services.db, actor.organizationId, conversationId);
  const seq = Math.min(requested, conv.lastMessageSeq);
  await inTransaction(services, async (tx) => {
    await tx
      .insert(readCursors)
      .values({
        agentId: actor.agentId,
        conversationId: conv.id,
        organizationId: actor.organizationId,
        lastReadSeq: seq,
      })
      .onConflictDoUpdate({
        target: [readCursors.agentId, readCursors.conversationId],
        set: { lastReadSeq: sql`greatest(${readCursors.lastReadSeq}, ${seq})` },
      });
    await tx
      .update(conversations)
      .set({ agentLastReadSeq: sql`greatest(${conversations.agentLastReadSeq}, ${seq})` })
      .where(and(eq(conversations.organizationId, actor.organizationId), eq(conversations.id, conv.id)));
  });
  services.bus.signal({
    kind: 'agent',
    organizationId: actor.organizationId,
    agentId: actor.agentId,
    event: 'conversation.read',
    payload: { conversationId: conv.id, seq },
  });
  return { seq };
}
