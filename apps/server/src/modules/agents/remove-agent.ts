import { inTransaction } from '../../db/transaction.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import { eraseAgentData } from '../privacy/erase-agent.js';
import { canManagePersonalData } from '../privacy/privacy.policy.js';
import { findAgent } from '../privacy/privacy.repo.js';
import { endMembership } from './end-membership.js';

/**
 * An admin removes a colleague: the account stops at once (end-membership.ts). With `erase`, their personal data
 * goes in the same transaction; otherwise the scheduler erases it 30 days later (privacy policy §6). A removed
 * agent can still be erased at once by asking again with `erase`.
 */
export async function removeAgent(
  services: Services,
  actor: AgentPrincipal,
  agentId: string,
  options: { erase: boolean },
): Promise<void> {
  if (agentId === actor.agentId) throw new AppError('CONFLICT', 'you cannot remove yourself: use DELETE /api/v1/me');
  if (!canManagePersonalData(actor)) throw forbidden();
  await inTransaction(services, async (tx, uow) => {
    const agent = await findAgent(tx, actor.organizationId, agentId);
    if (!agent || agent.erasedAt || (agent.removedAt && !options.erase)) throw notFound('agent');
    if (await endMembership(services, tx, uow, actor.organizationId, agentId))
      await recordAudit(tx, actor, 'agent.removed', { type: 'agent', id: agentId });
    if (options.erase) await eraseAgentData(services, tx, uow, actor, agentId);
  });
}
