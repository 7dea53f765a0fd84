import { inTransaction } from '../../db/transaction.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { endMembership } from '../agents/end-membership.js';
import { eraseAgentData } from './erase-agent.js';
import { ownDeletionRefusal } from './privacy.policy.js';
import { lockActiveAgents } from './privacy.repo.js';

const REFUSALS = {
  'last-admin': 'you are the last admin: make another agent admin first, or delete the organization',
  'only-agent': "you are the organization's only agent: delete the organization instead (DELETE /api/v1/organization)",
} as const;

/**
 * An agent deletes their own account (privacy policy §6 and §7): it stops at once (sessions, devices and tokens
 * end) and its personal data is erased in the same transaction; their messages stay under "Deleted agent". The
 * organization's active agents are locked first, so two last admins cannot both leave at once.
 */
export async function deleteOwnAccount(services: Services, actor: AgentPrincipal): Promise<void> {
  await inTransaction(services, async (tx, uow) => {
    const active = await lockActiveAgents(tx, actor.organizationId);
    const me = active.find((a) => a.id === actor.agentId);
    if (!me) throw notFound('agent');
    const refusal = ownDeletionRefusal(me, active);
    if (refusal) throw new AppError('CONFLICT', REFUSALS[refusal]);
    await endMembership(services, tx, uow, actor.organizationId, actor.agentId);
    await eraseAgentData(services, tx, uow, actor, actor.agentId);
  });
}
