import type { TCustomFieldValues } from '@oceras/protocol';
import { and, eq } from 'drizzle-orm';
import { conversations } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import { contactChanges, lockForContactEvent, recordContactEvent } from '../contacts/contact-events.js';
import { conversationPolicy } from '../conversations/conversation.policy.js';
import { recordConversationEvent } from '../conversations/conversation-events.js';
import { canCorrectVisitor } from '../privacy/privacy.policy.js';
import { findVisitor } from '../privacy/privacy.repo.js';
import { checkFieldPatch } from './check-field-values.js';
import { lockFieldsForWrite, writeFieldValues } from './custom-field.repo.js';

const sameValues = (a: TCustomFieldValues, b: TCustomFieldValues) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/**
 * An agent sets a conversation's field values: who may change the conversation may (conversationPolicy.canChange).
 * Lock order: the fields (shared, so none is deleted meanwhile), the conversation, then the organization (the event).
 * A change is one `conversation.updated` with `changes: ['customFields']` (so also webhooks); writing the same values
 * again records nothing.
 */
export async function setConversationFields(
  services: Services,
  actor: AgentPrincipal,
  conversationId: string,
  values: Record<string, unknown>,
) {
  const { organizationId } = actor;
  await inTransaction(services, async (tx, uow) => {
    const fields = await lockFieldsForWrite(tx, organizationId, 'conversation');
    const [conv] = await tx
      .select()
      .from(conversations)
      .where(and(eq(conversations.organizationId, organizationId), eq(conversations.id, conversationId)))
      .for('update');
    if (!conv) throw notFound('conversation');
    if (!conversationPolicy.canChange(actor, conv)) throw forbidden('this conversation is assigned to a colleague');
    const patch = checkFieldPatch(fields, values);
    const written = await writeFieldValues(tx, organizationId, 'conversation', conv.id, patch);
    if (!written || sameValues(written.customFields, conv.customFields)) return;
    await recordConversationEvent(tx, uow, { ...conv, customFields: written.customFields }, 'updated', [
      'customFields',
    ]);
  });
}

/**
 * An agent sets a contact's field values (any agent corrects a contact: privacy.policy canCorrectVisitor); not an
 * erased one's. Audited as a rectification naming the keys (`customFields.<key>`), never the values. A change is a
 * `contact.updated` with `changes: ['customFields']` and the values (the agents' stream and webhooks); writing the
 * same values again records nothing. Lock order: the fields, the organization (the event), then the visitor.
 */
export async function setVisitorFields(
  services: Services,
  actor: AgentPrincipal,
  visitorId: string,
  values: Record<string, unknown>,
) {
  const { organizationId } = actor;
  return inTransaction(services, async (tx, uow) => {
    const fields = await lockFieldsForWrite(tx, organizationId, 'contact');
    await lockForContactEvent(tx, organizationId);
    const visitor = await findVisitor(tx, organizationId, visitorId);
    if (!visitor) throw notFound('visitor');
    if (!canCorrectVisitor(actor)) throw forbidden();
    if (visitor.erasedAt) throw new AppError('CONFLICT', 'this visitor was erased: there is nothing to correct');
    const patch = checkFieldPatch(fields, values);
    const written = await writeFieldValues(tx, organizationId, 'contact', visitorId, patch);
    if (!written) throw notFound('visitor');
    const after = { ...visitor, customFields: written.customFields };
    await recordContactEvent(tx, uow, { type: 'contact.updated', row: after, changes: contactChanges(visitor, after) });
    await recordAudit(
      tx,
      actor,
      'visitor.rectified',
      { type: 'visitor', id: visitorId },
      { fields: Object.keys(values).map((k) => `customFields.${k}`) },
    );
    return { customFields: written.customFields };
  });
}
