import {
  mergeAttributes,
  type TCustomAttributes,
  type TUpdateVisitorRequest,
  type TVisitorDetail,
  ZCustomAttributes,
} from '@oceras/protocol';
import { inTransaction } from '../../db/transaction.js';
import { recordEvent } from '../../events/record-event.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import { contactChanges, lockForContactEvent, recordContactEvent } from '../contacts/contact-events.js';
import { presentConversation } from '../conversations/conversation.presenter.js';
import { findVisitorDetail } from '../conversations/conversation.repo.js';
import { canCorrectVisitor } from './privacy.policy.js';
import { findVisitor, lockVisitorConversations, updateVisitorLabels } from './privacy.repo.js';

/**
 * Rectification (privacy policy §7) and the contact's fields: an agent corrects a visitor's name, email, phone or
 * company (null clears it) or sets custom attributes (merged by the protocol's one rule; over the limits: 400, nothing
 * changed). A change of name or email shows live in every inbox: each of the visitor's conversations gets a
 * `conversation.updated` (changes `['visitor']`, agents only). The audit log records which fields changed, never
 * their values.
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
    const fields = {
      ...labels,
      ...(body.phone !== undefined ? { phone: body.phone } : {}),
      ...(body.company !== undefined ? { company: body.company } : {}),
      ...(body.customAttributes ? { customAttributes: mergedAttributes(visitor.customAttributes, body) } : {}),
    };
    if (Object.keys(labels).length > 0) {
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
    }
    // The organization's row before the visitor's (taken above already when conversations were told).
    await lockForContactEvent(tx, organizationId);
    const row = await updateVisitorLabels(tx, organizationId, visitorId, fields);
    if (row) await recordContactEvent(tx, uow, { type: 'contact.updated', row, changes: contactChanges(visitor, row) });
    await recordAudit(
      tx,
      actor,
      'visitor.rectified',
      { type: 'visitor', id: visitorId },
      { fields: Object.keys(fields) },
    );
  });
  return findVisitorDetail(services.db, organizationId, visitorId);
}

/** The stored set after the agent's update, as Oceras.update() merges; refused whole (400) over the limits. */
function mergedAttributes(current: unknown, body: TUpdateVisitorRequest): TCustomAttributes {
  const merged = ZCustomAttributes.safeParse(
    mergeAttributes(current as TCustomAttributes, body.customAttributes ?? {}),
  );
  if (!merged.success)
    throw new AppError(
      'VALIDATION_FAILED',
      'custom attributes over their limits',
      merged.error.issues.map((i) => ({ path: ['customAttributes', ...i.path].join('.'), message: i.message })),
    );
  return merged.data;
}
