import { eq } from 'drizzle-orm';
import { agents } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import type { Services } from '../../services.js';
import { hashPassword } from './passwords.js';
import { revokeSessions } from './sessions.js';

/**
 * An operator sets an agent's password without knowing the old one (`npm run reset-password`): the way back in
 * when the demo password printed on first start is lost. Every session of the agent ends, as after a password
 * change. Returns null when no agent has this email.
 */
export async function resetPassword(
  services: Pick<Services, 'db' | 'bus' | 'principals'>,
  email: string,
  password: string,
) {
  const [agent] = await services.db
    .select({ id: agents.id, organizationId: agents.organizationId, email: agents.email })
    .from(agents)
    .where(eq(agents.email, email));
  if (!agent) return null;
  const passwordHash = await hashPassword(password);
  const ended = await inTransaction(services, async (tx, uow) => {
    await tx.update(agents).set({ passwordHash }).where(eq(agents.id, agent.id));
    return revokeSessions(
      services,
      tx,
      { organizationId: agent.organizationId, agentId: agent.id, sessionIds: 'all' },
      'password_reset',
      uow,
    );
  });
  return { email: agent.email, endedSessions: ended.length };
}
