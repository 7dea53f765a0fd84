import type { TRestriction } from '@oceras/protocol';
import { inTransaction } from '../../db/transaction.js';
import { recordEvent } from '../../events/record-event.js';
import { forbidden, notFound } from '../../lib/errors.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { presentAgent } from '../agents/agent.presenter.js';
import { recordAudit } from '../audit/record-audit.js';
import { canManagePersonalData } from './privacy.policy.js';
import { dropQueuedPushesToAgent, findAgent, setAgentRestriction as store } from './privacy.repo.js';

/**
 * Objection and restriction (privacy policy §7) of an agent, by an admin: the account works and its data stays,
 * but from this commit it gets no pushes (push-recipients.ts R3, test pushes refused, queued ones dropped), no
 * emails and is left out of reports. Colleagues see it live (`agent.updated`).
 */
export async function setAgentRestriction(
  services: Services,
  actor: AgentPrincipal,
  agentId: string,
  isRestricted: boolean,
): Promise<TRestriction> {
  return inTransaction(services, async (tx, uow) => {
    const agent = await findAgent(tx, actor.organizationId, agentId);
    if (!agent || agent.removedAt) throw notFound('agent');
    if (!canManagePersonalData(actor)) throw forbidden();
    let at = agent.restrictedAt;
    if (isRestricted !== (at !== null)) {
      const row = await store(tx, actor.organizationId, agentId, isRestricted ? new Date() : null);
      if (!row) throw notFound('agent');
      at = row.restrictedAt;
      if (isRestricted) await dropQueuedPushesToAgent(tx, actor.organizationId, agentId);
      await recordEvent(tx, uow, actor.organizationId, {
        type: 'agent.updated',
        payload: presentAgent(row, services.presence),
      });
      await recordAudit(tx, actor, isRestricted ? 'agent.restricted' : 'agent.unrestricted', {
        type: 'agent',
        id: agentId,
      });
    }
    return { isRestricted: at !== null, restrictedAt: at?.toISOString() ?? null };
  });
}
