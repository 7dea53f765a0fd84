import type { Tx } from '../../db/client.js';
import type { UnitOfWork } from '../../events/record-event.js';
import { hashToken } from '../../lib/crypto.js';
import type { Services } from '../../services.js';
import { storedAvatarKey } from '../agents/avatars.js';
import { emailBeforeRemoval } from '../agents/end-membership.js';
import { type AuditActor, recordAudit } from '../audit/record-audit.js';
import { AGENT_ERASERS, type AgentTarget, eraseAgentProfile, lockAgentForErasure } from './privacy.repo.js';

/** A removed agent's personal data is erased this long after the removal at the latest (privacy policy §6). */
export const REMOVED_AGENT_ERASURE_DAYS = 30;

/**
 * Erases an agent's personal data inside the caller's transaction, once their membership has ended
 * (agents/end-membership.ts): name, email, password hash, avatar (and its file), sessions with their IP addresses, devices, push
 * records, the invitation they accepted, sign-in counters, and the copies of their name in the replay log. Their
 * messages stay for the organization, under "Deleted agent". Returns false if the agent is gone or already erased,
 * or another process is erasing them (SKIP LOCKED).
 */
export async function eraseAgentData(
  services: Services,
  tx: Tx,
  uow: UnitOfWork,
  actor: AuditActor,
  agentId: string,
): Promise<boolean> {
  const { organizationId } = actor;
  const row = await lockAgentForErasure(tx, organizationId, agentId);
  if (!row) return false;
  // Files first (as erase-files.ts): the avatar Oceras serves, which the profile's erasure stops pointing at.
  const avatar = storedAvatarKey(row);
  if (avatar) await services.storage.remove([avatar]);
  const email = emailBeforeRemoval(row.email);
  const target: AgentTarget = { organizationId, agentId, email, emailHash: hashToken(email) };
  const erased: Record<string, number> = {};
  for (const eraser of AGENT_ERASERS) erased[eraser.key] = await eraser.erase(tx, target);
  await eraseAgentProfile(tx, organizationId, agentId);
  await recordAudit(tx, actor, 'agent.erased', { type: 'agent', id: agentId }, erased);
  uow.afterCommit.push(() => services.principals.forgetAgent(agentId));
  return true;
}
