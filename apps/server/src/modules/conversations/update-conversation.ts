import type { TUpdateConversationRequest } from '@oceras/protocol';
import { and, eq } from 'drizzle-orm';
import { conversations } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import type { AgentPrincipal, Services } from '../../services.js';
import { appendMessage } from '../messages/append-message.js';
import { conversationPolicy, TRANSITIONS } from './conversation.policy.js';
import { assertAgentInOrganization } from './conversation.repo.js';
import { recordConversationEvent } from './conversation-events.js';

/** Load (locked, scoped) -> authorize -> validate the transition -> change -> system lines -> event. */
export async function updateConversation(
  services: Services,
  actor: AgentPrincipal,
  id: string,
  body: TUpdateConversationRequest,
) {
  return inTransaction(services, async (tx, uow) => {
    const [conv] = await tx
      .select()
      .from(conversations)
      .where(and(eq(conversations.organizationId, actor.organizationId), eq(conversations.id, id)))
      .for('update');
    if (!conv) throw notFound('conversation');
    if (!conversationPolicy.canChange(actor, conv)) throw forbidden('this conversation is assigned to a colleague');

    const patch: Partial<typeof conversations.$inferInsert> = {};
    const changes: string[] = [];
    const systemLines: { body: string; system: Record<string, unknown> }[] = [];

    if (body.status !== undefined && (body.status !== conv.status || body.status === 'snoozed')) {
      if (!TRANSITIONS[conv.status].includes(body.status)) {
        throw new AppError('ILLEGAL_TRANSITION', `a ${conv.status} conversation cannot become ${body.status}`);
      }
      if (body.status === 'snoozed') {
        const until = new Date(body.snoozedUntil!);
        if (until.getTime() <= Date.now())
          throw new AppError('VALIDATION_FAILED', 'snoozedUntil must be in the future');
        patch.snoozedUntil = until;
        changes.push('snoozedUntil');
      } else {
        patch.snoozedUntil = null;
      }
      if (body.status !== conv.status) changes.push('status');
      patch.status = body.status;
      systemLines.push({
        body: `Status changed to ${body.status}`,
        system: { action: 'status_changed', from: conv.status, to: body.status, by: actor.agentId },
      });
    }
    if (body.assigneeId !== undefined && body.assigneeId !== conv.assigneeId) {
      if (!conversationPolicy.canAssign(actor, conv, body.assigneeId))
        throw forbidden('only managers and admins assign to others');
      if (body.assigneeId) await assertAgentInOrganization(tx, actor.organizationId, body.assigneeId);
      patch.assigneeId = body.assigneeId;
      changes.push('assigneeId');
      systemLines.push({
        body: body.assigneeId ? 'Conversation assigned' : 'Conversation unassigned',
        system: { action: 'assigned', from: conv.assigneeId, to: body.assigneeId, by: actor.agentId },
      });
    }
    if (body.priority !== undefined && body.priority !== conv.priority) {
      patch.priority = body.priority;
      changes.push('priority');
    }
    if (body.tags !== undefined) {
      const tags = [...new Set(body.tags)].sort();
      if (tags.join('\u0000') !== [...conv.tags].sort().join('\u0000')) {
        patch.tags = tags;
        changes.push('tags');
      }
    }
    if (body.subject !== undefined && body.subject !== conv.subject) {
      patch.subject = body.subject;
      changes.push('subject');
    }
    if (changes.length === 0) return conv;

    const [updated] = await tx.update(conversations).set(patch).where(eq(conversations.id, conv.id)).returning();
    if (!updated) throw notFound('conversation');
    for (const line of systemLines) {
      await appendMessage(tx, uow, {
        organizationId: actor.organizationId,
        conversationId: conv.id,
        type: 'system',
        author: { type: 'system', id: null, label: null },
        body: line.body,
        clientId: null,
        system: line.system,
      });
    }
    const [fresh] = await tx.select().from(conversations).where(eq(conversations.id, conv.id));
    await recordConversationEvent(tx, uow, fresh ?? updated, 'updated', changes);
    return fresh ?? updated;
  });
}
