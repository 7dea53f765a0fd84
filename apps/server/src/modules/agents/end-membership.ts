import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { agents, conversations, devices, teamMembers } from '../../db/schema.js';
import { recordEvent, type UnitOfWork } from '../../events/record-event.js';
import type { Services } from '../../services.js';
import { revokeApiTokens } from '../api-tokens/revoke-api-tokens.js';
import { revokeSessions } from '../auth/sessions.js';
import { recordConversationEvent } from '../conversations/conversation-events.js';
import { deleteTwoFactor } from '../two-factor/two-factor.repo.js';

/** The email an agent had before removal set it aside (`…#removed-<id>`): what their invitation and sign-in
 * counters are keyed by. */
export const emailBeforeRemoval = (stored: string) => stored.replace(/#removed-[0-9a-f-]+$/, '');

/**
 * Ends an agent's membership inside the caller's transaction: the account stops at once (sessions, refresh tokens,
 * API tokens and devices end, every process closes their sockets, the password hash goes), their conversations become
 * unassigned, and colleagues hear `agent.removed`. The email is set aside (`…#removed-<id>`) so the address can
 * be used again. Their name stays until their erasure (at once, or 30 days later: modules/privacy). Returns false
 * if the agent was already removed (nothing is done then).
 */
export async function endMembership(
  services: Services,
  tx: Tx,
  uow: UnitOfWork,
  organizationId: string,
  agentId: string,
): Promise<boolean> {
  const [row] = await tx
    .update(agents)
    .set({
      removedAt: new Date(),
      availability: 'offline',
      passwordHash: '',
      email: sql`${agents.email} || '#removed-' || ${agents.id}`,
    })
    .where(and(eq(agents.organizationId, organizationId), eq(agents.id, agentId), isNull(agents.removedAt)))
    .returning({ id: agents.id });
  if (!row) return false;
  await revokeSessions(services, tx, { organizationId, agentId, sessionIds: 'all' }, 'agent_removed', uow);
  await revokeApiTokens(services, tx, { organizationId, agentId, tokenIds: 'all' }, uow);
  await tx.delete(devices).where(and(eq(devices.organizationId, organizationId), eq(devices.agentId, agentId)));
  await deleteTwoFactor(tx, organizationId, agentId);
  await tx
    .delete(teamMembers)
    .where(and(eq(teamMembers.organizationId, organizationId), eq(teamMembers.agentId, agentId)));
  const unassigned = await tx
    .update(conversations)
    .set({ assigneeId: null })
    .where(and(eq(conversations.organizationId, organizationId), eq(conversations.assigneeId, agentId)))
    .returning();
  for (const conv of unassigned) await recordConversationEvent(tx, uow, conv, 'updated', ['assigneeId']);
  await recordEvent(tx, uow, organizationId, {
    type: 'agent.removed',
    payload: { agentId, unassignedConversationIds: unassigned.map((c) => c.id) },
  });
  return true;
}
