import { and, eq, sql } from 'drizzle-orm';
import { query } from '../../db/client.js';
import { agents } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { recordEvent } from '../../events/record-event.js';
import type { Services } from '../../services.js';
import { presentAgent } from './agent.presenter.js';

/**
 * Away after inactivity (issue 18). An organization sets `awayAfterInactiveMinutes`; an online agent whose app shows
 * no activity for that long is set away by the scheduler, and their next activity brings them back online. Only
 * what a person does counts: their app's socket commands and its activity ping (realtime/handlers/agent.ts), and
 * choosing a status. Not a socket merely connected (a tab left open), and not an API token (a script).
 *
 * `is_auto_away` remembers that the server chose: an agent who chose away themselves stays away whatever they do.
 * Every change is an `agent.updated` event, so colleagues see it live and automatic assignment stops (or starts)
 * giving them conversations.
 */

/** A process writes an agent's activity at most this often: a command a second must not be a write a second. */
const WRITE_EVERY_MS = 30_000;

export function createActivityTracker(services: Services) {
  const written = new Map<string, number>();
  return {
    /** The agent did something in their app. Cheap when recent: nothing is written. */
    async note(organizationId: string, agentId: string): Promise<void> {
      const now = Date.now();
      if (now - (written.get(agentId) ?? 0) < WRITE_EVERY_MS) return;
      written.set(agentId, now);
      if (written.size > 10_000) for (const [id, at] of written) if (now - at >= WRITE_EVERY_MS) written.delete(id);
      const mine = and(eq(agents.organizationId, organizationId), eq(agents.id, agentId));
      const [back] = await services.db
        .update(agents)
        .set({ lastActiveAt: sql`now()` })
        .where(mine)
        .returning({ isAutoAway: agents.isAutoAway });
      if (back?.isAutoAway) await comeBack(services, organizationId, agentId);
    },
    /** Forgets the throttle (an agent's availability set by hand: their next command is written at once). */
    forget(agentId: string) {
      written.delete(agentId);
    },
  };
}
export type ActivityTracker = ReturnType<typeof createActivityTracker>;

/** An agent the server set away is active again: online, and told to everyone. */
async function comeBack(services: Services, organizationId: string, agentId: string) {
  await inTransaction(services, async (tx, uow) => {
    const [row] = await tx
      .update(agents)
      .set({ availability: 'online', isAutoAway: false })
      .where(
        and(
          eq(agents.organizationId, organizationId),
          eq(agents.id, agentId),
          eq(agents.isAutoAway, true),
          eq(agents.availability, 'away'),
        ),
      )
      .returning();
    if (row)
      await recordEvent(tx, uow, organizationId, {
        type: 'agent.updated',
        payload: presentAgent(row, services.presence),
      });
  });
}

/**
 * The scheduler's pass: online agents of organizations with the setting, inactive for longer than it (by
 * `services.clock`), each set away in a transaction of its own (SKIP LOCKED: another process may hold it). An agent
 * with no recorded activity yet counts from when their availability last changed. Answers how many went away.
 */
export async function setInactiveAgentsAway(services: Services, batch = 200): Promise<number> {
  const now = services.clock().toISOString();
  /** Online, in an organization with the setting, and nothing done for longer than it. */
  const inactive = sql`a.availability = 'online' and a.removed_at is null and o.away_after_inactive_minutes is not null
    and greatest(coalesce(a.last_active_at, a.availability_changed_at), a.availability_changed_at)
      < ${now}::timestamptz - make_interval(mins => o.away_after_inactive_minutes)`;
  const due = await query<{ id: string; organization_id: string }>(
    services.db,
    sql`select a.id, a.organization_id from agents a join organizations o on o.id = a.organization_id
        where ${inactive} limit ${batch}`,
  );
  let away = 0;
  for (const { id, organization_id: organizationId } of due) {
    await inTransaction(services, async (tx, uow) => {
      // Still so under the lock (they may have come back meanwhile); held by another process: theirs.
      const [locked] = await query<{ id: string }>(
        tx,
        sql`select a.id from agents a join organizations o on o.id = a.organization_id
            where a.id = ${id} and a.organization_id = ${organizationId} and ${inactive}
            for update of a skip locked`,
      );
      if (!locked) return;
      const [row] = await tx
        .update(agents)
        .set({ availability: 'away', isAutoAway: true })
        .where(and(eq(agents.organizationId, organizationId), eq(agents.id, id)))
        .returning();
      if (!row) return;
      await recordEvent(tx, uow, organizationId, {
        type: 'agent.updated',
        payload: presentAgent(row, services.presence),
      });
      away++;
    });
  }
  return away;
}
