import type { TAvailabilitySchedule } from '@oceras/protocol';
import { and, eq, isNull } from 'drizzle-orm';
import { agents, organizations } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { forbidden, notFound } from '../../lib/errors.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';

/**
 * An agent's availability schedule (issue 18): their own, or, for an admin, any agent's of the organization. The
 * agent is looked up in the caller's organization first (another organization's: 404), then the rule (a colleague
 * not admin: 403). The scheduler's pass (follow-schedules.ts) applies it.
 */
const mayManage = (actor: AgentPrincipal, agentId: string) => actor.agentId === agentId || actor.role === 'admin';

async function scopedAgent(services: Services, actor: AgentPrincipal, agentId: string) {
  const [row] = await services.db
    .select({ schedule: agents.availabilitySchedule, timeZone: organizations.timeZone })
    .from(agents)
    .innerJoin(organizations, eq(organizations.id, agents.organizationId))
    .where(and(eq(agents.organizationId, actor.organizationId), eq(agents.id, agentId), isNull(agents.removedAt)));
  if (!row) throw notFound('agent');
  if (!mayManage(actor, agentId)) throw forbidden('only admins see and set a colleague’s schedule');
  return row;
}

/** What is stored, or none yet: off, no ranges, in the organization's time zone. */
export async function getAvailabilitySchedule(
  services: Services,
  actor: AgentPrincipal,
  agentId: string,
): Promise<TAvailabilitySchedule> {
  const row = await scopedAgent(services, actor, agentId);
  return (
    (row.schedule as TAvailabilitySchedule | null) ?? { followSchedule: false, timeZone: row.timeZone, weekly: [] }
  );
}

/**
 * Replaces the schedule. Followed, the scheduler's next pass sets the availability the schedule says for now, then
 * changes it at each start and end; not followed, it changes nothing.
 */
export async function updateAvailabilitySchedule(
  services: Services,
  actor: AgentPrincipal,
  agentId: string,
  schedule: TAvailabilitySchedule,
): Promise<TAvailabilitySchedule> {
  await scopedAgent(services, actor, agentId);
  return inTransaction(services, async (tx) => {
    const [row] = await tx
      .update(agents)
      .set({
        availabilitySchedule: schedule,
        scheduleNextAt: schedule.followSchedule ? services.clock() : null,
      })
      .where(and(eq(agents.organizationId, actor.organizationId), eq(agents.id, agentId)))
      .returning({ schedule: agents.availabilitySchedule });
    if (!row) throw notFound('agent');
    return row.schedule as TAvailabilitySchedule;
  });
}
