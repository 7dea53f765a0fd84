import { canMoveTo, LIMITS, type TBulkConversationChange, type TUpdateConversationRequest } from '@oceras/protocol';
import { and, eq } from 'drizzle-orm';
import { conversations } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { changeConversation } from './change-conversation.js';
import { conversationPolicy } from './conversation.policy.js';
import { assertAgentInOrganization, assertTeamInOrganization } from './conversation.repo.js';

/** An agent's change: the single update's body, or a bulk request's change (tags added or removed). */
export type ConversationEdit = TUpdateConversationRequest | TBulkConversationChange;

/** The tags after the edit: replaced, or the conversation's own with some added and some removed; undefined: kept. */
function tagsAfter(edit: ConversationEdit, current: string[]): string[] | undefined {
  if ('tags' in edit && edit.tags !== undefined) return edit.tags;
  if (!('addTags' in edit || 'removeTags' in edit)) return undefined;
  const removed = new Set(edit.removeTags ?? []);
  const tags = [...new Set([...current, ...(edit.addTags ?? [])])].filter((t) => !removed.has(t));
  if (tags.length > LIMITS.tagsMax) throw new AppError('VALIDATION_FAILED', `at most ${LIMITS.tagsMax} tags`);
  return tags;
}

/**
 * Load (locked, scoped) -> authorize -> validate the transition -> change (system lines, event: changeConversation).
 * The single update and each conversation of a bulk update (one transaction each) come through here.
 */
export async function updateConversation(
  services: Services,
  actor: AgentPrincipal,
  id: string,
  body: ConversationEdit,
) {
  return inTransaction(services, async (tx, uow) => {
    const [conv] = await tx
      .select()
      .from(conversations)
      .where(and(eq(conversations.organizationId, actor.organizationId), eq(conversations.id, id)))
      .for('update');
    if (!conv) throw notFound('conversation');
    if (!conversationPolicy.canChange(actor, conv)) throw forbidden('this conversation is assigned to a colleague');

    if (body.status !== undefined && (body.status !== conv.status || body.status === 'snoozed')) {
      if (!canMoveTo(conv.status, body.status)) {
        throw new AppError('ILLEGAL_TRANSITION', `a ${conv.status} conversation cannot become ${body.status}`);
      }
      if (body.status === 'snoozed' && new Date(body.snoozedUntil!).getTime() <= Date.now())
        throw new AppError('VALIDATION_FAILED', 'snoozedUntil must be in the future');
    }
    if (body.assigneeId !== undefined && body.assigneeId !== conv.assigneeId) {
      if (!conversationPolicy.canAssign(actor, conv, body.assigneeId))
        throw forbidden('only managers and admins assign to others');
      if (body.assigneeId) await assertAgentInOrganization(tx, actor.organizationId, body.assigneeId);
    }
    if (body.teamId) await assertTeamInOrganization(tx, actor.organizationId, body.teamId);
    const tags = tagsAfter(body, conv.tags);
    return changeConversation(
      tx,
      uow,
      conv,
      {
        ...(body.status !== undefined
          ? { status: body.status, snoozedUntil: body.status === 'snoozed' ? new Date(body.snoozedUntil!) : null }
          : {}),
        ...(body.assigneeId !== undefined ? { assigneeId: body.assigneeId } : {}),
        ...(body.teamId !== undefined ? { teamId: body.teamId } : {}),
        ...(body.priority !== undefined ? { priority: body.priority } : {}),
        ...(tags !== undefined ? { tags } : {}),
        ...('subject' in body && body.subject !== undefined ? { subject: body.subject } : {}),
      },
      { by: actor.agentId },
    );
  });
}
