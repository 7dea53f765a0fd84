import { and, eq } from 'drizzle-orm';
import { agents } from '../../db/schema.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { verifyPassword } from './passwords.js';

/** The signed-in agent, once their current password is confirmed: what changing a credential asks for. */
export async function confirmedByPassword(services: Services, principal: AgentPrincipal, currentPassword: string) {
  const [agent] = await services.db
    .select()
    .from(agents)
    .where(and(eq(agents.organizationId, principal.organizationId), eq(agents.id, principal.agentId)));
  if (!agent) throw notFound('agent');
  if (!(await verifyPassword(currentPassword, agent.passwordHash))) {
    throw new AppError('INVALID_CREDENTIALS', 'the current password is wrong');
  }
  return agent;
}
