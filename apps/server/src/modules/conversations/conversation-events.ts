import type { Tx } from '../../db/client.js';
import { recordEvent, type UnitOfWork } from '../../events/record-event.js';
import { type ConversationRow, presentConversation, presentVisitorConversation } from './conversation.presenter.js';
import { agentLabel, visitorLabel } from './labels.js';

/**
 * Fields a visitor's view changes with; other changes (tags, priority...) stay among agents. `visitorId`: the
 * conversation moved to this visitor (an anonymous visitor merged into their verified one, modules/identity);
 * `rating`: the visitor rated it (their other tabs and devices show it).
 */
const VISIBLE_TO_VISITOR = new Set(['status', 'assigneeId', 'visitorId', 'rating']);

/** Records conversation.created or conversation.updated with the agents' and (where it concerns them) the visitor's view. */
export async function recordConversationEvent(
  tx: Tx,
  uow: UnitOfWork,
  conv: ConversationRow,
  kind: 'created' | 'updated',
  changes: string[] = [],
) {
  const visitor = await visitorLabel(tx, conv.organizationId, conv.visitorId);
  const agentView = presentConversation(conv, visitor);
  const showVisitor = kind === 'created' || changes.some((c) => VISIBLE_TO_VISITOR.has(c));
  const visitorView = showVisitor
    ? presentVisitorConversation(conv, await agentLabel(tx, conv.organizationId, conv.assigneeId))
    : null;
  return recordEvent(tx, uow, conv.organizationId, {
    type: kind === 'created' ? 'conversation.created' : 'conversation.updated',
    conversationId: conv.id,
    payload: kind === 'created' ? agentView : { conversation: agentView, changes },
    visitor: visitorView
      ? { id: conv.visitorId, payload: kind === 'created' ? visitorView : { conversation: visitorView, changes } }
      : null,
  });
}
