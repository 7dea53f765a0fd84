import { inTransaction } from '../db/transaction.js';
import { eraseAgentData, REMOVED_AGENT_ERASURE_DAYS } from '../modules/privacy/erase-agent.js';
import { removedAgentsDue } from '../modules/privacy/privacy.repo.js';
import type { Services } from '../services.js';

/**
 * The scheduler's part of policy §6 ("on account deletion, data is erased within 30 days"): agents removed
 * without `erase` more than 30 days ago are erased, a few per tick. Safe in every process at once: each agent's
 * row is taken with SKIP LOCKED and re-checked under its lock. Returns how many were erased.
 */
export async function eraseRemovedAgents(services: Services, batch = 20): Promise<number> {
  const due = await removedAgentsDue(services.db, REMOVED_AGENT_ERASURE_DAYS, batch);
  let erased = 0;
  for (const agent of due) {
    const actor = { kind: 'system' as const, organizationId: agent.organizationId };
    if (await inTransaction(services, (tx, uow) => eraseAgentData(services, tx, uow, actor, agent.id))) erased++;
  }
  return erased;
}
