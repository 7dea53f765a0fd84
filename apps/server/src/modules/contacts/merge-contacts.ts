import type { TVisitorDetail } from '@oceras/protocol';
import { inTransaction } from '../../db/transaction.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { findVisitorDetail } from '../conversations/conversation.repo.js';
import { mergeVisitorInto } from '../identity/merge-visitors.js';
import { canMergeContacts, mergeRefusal } from './contact.policy.js';
import { findVisitors } from './contact.repo.js';

/**
 * An agent merges two contacts (the same person twice: a second browser, an imported row): `fromId` goes into
 * `intoId` by the same rule as a visitor who identifies (identity/merge-visitors.ts), audited as `visitor.merged`
 * with the agent as the actor. Refused with 409 VISITORS_NOT_MERGEABLE by mergeRefusal.
 */
export async function mergeContacts(
  services: Services,
  actor: AgentPrincipal,
  fromId: string,
  intoId: string,
): Promise<TVisitorDetail> {
  const { organizationId } = actor;
  await inTransaction(services, async (tx, uow) => {
    const rows = await findVisitors(tx, organizationId, [fromId, intoId]);
    const from = rows.find((r) => r.id === fromId);
    const into = rows.find((r) => r.id === intoId);
    if (!from) throw notFound('visitor');
    if (!into) throw notFound('the contact to merge into');
    if (!canMergeContacts(actor)) throw forbidden('merging contacts is for managers and admins');
    const refusal = mergeRefusal(from, into);
    if (refusal) throw new AppError('VISITORS_NOT_MERGEABLE', refusal);
    await mergeVisitorInto(services, tx, uow, organizationId, from, into, actor);
  });
  return findVisitorDetail(services.db, organizationId, intoId);
}
