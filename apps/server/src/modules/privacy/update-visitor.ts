import type { TUpdateVisitorRequest, TVisitorDetail } from '@oceras/protocol';
import { inTransaction } from '../../db/transaction.js';
import { recordEvent } from '../../events/record-event.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import { presentConversation } from '../conversations/conversation.presenter.js';
import { findVisitorDetail } from '../conversations/conversation.repo.js';
import { canCorrectVisitor } from './privacy.policy.js';
import { findVisitor, lockVisitorConversations, updateVisitorLabels } from './privacy.repo.js';

/**
 * Rectification (privacy policy §7): an agent corrects a visitor's name or email (null clears it). Every inbox
 * shows the correction live: each of the visitor's conversations gets a `conversation.updated` (changes
 * `['visitor']`, agents only). The audit log records which fields changed, never their values.
 */
export async function updateVisitor(
  services: Services,
  actor: AgentPrincipal,
  visitorId: string,
  body: TUpdateVisitorRequest,
): Promise<TVisitorDetail> {
  const { organizationId } = actor;
  await inTransaction(services, async (tx, uow) => {
    const visitor = await findVisitor(tx, organizationId, visitorId);
    if (!visitor) throw notFound('visitor');
    if (!canCorrectVisitor(actor)) throw forbidden();
    if (visitor.erasedAt) throw new AppError('CONFLICT', 'this visitor was erased: there is nothing to correct');
    const labels = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.email !== undefined ? { email: body.email } : {}),
    };
    // Lock order: conversations, then the organization (the events), then the visitor's row.
    const convs = await lockVisitorConversations(tx, organizationId, visitorId);
    const label = { id: visitorId, name: visitor.name, email: visitor.email, isErased: false, ...labels };
    for (const conv of convs) {
      await recordEvent(tx, uow, organizationId, {
        type: 'conversation.updated',
        conversationId: conv.id,
        payload: { conversation: presentConversation(conv, label), changes: ['visitor'] },
      });
    }
    await updateVisitorLabels(tx, organizationId, visitorId, labels);
    await recordAudit(
      tx,
      actor,
      'visitor.rectified',
      { type: 'visitor', id: visitorId },
      { fields: Object.keys(labels) },
    );
  });
  return findVisitorDetail(services.db, organizationId, visitorId);
}
