import type { TMeResponse } from '@oceras/protocol';
import { and, eq, sql } from 'drizzle-orm';
import { preparedOnce } from '../../db/client.js';
import { agents, agentTwoFactor, organizations } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { presentOrganization } from '../organizations/organization.presenter.js';
import { presentAgent } from './agent.presenter.js';

/** The signed-in agent, their organization and whether they sign in with two factors: GET /me (and PATCH's answer). */
export async function findMe(services: Services, principal: AgentPrincipal): Promise<TMeResponse> {
  const [row] = await preparedOnce(services.db, 'get_me', (db, name) =>
    db
      .select({
        agent: agents,
        org: organizations,
        twoFactorEnabled: sql<boolean>`exists (select 1 from ${agentTwoFactor} where ${agentTwoFactor.agentId} = ${agents.id}
            and ${agentTwoFactor.enabledAt} is not null)`,
      })
      .from(agents)
      .innerJoin(organizations, eq(organizations.id, agents.organizationId))
      .where(and(eq(agents.organizationId, sql.placeholder('org')), eq(agents.id, sql.placeholder('agent'))))
      .prepare(name),
  ).execute({ org: principal.organizationId, agent: principal.agentId });
  if (!row) throw notFound('agent');
  return {
    agent: presentAgent(row.agent, services.presence),
    organization: presentOrganization(row.org),
    twoFactorEnabled: row.twoFactorEnabled,
    language: row.agent.language,
  };
}
