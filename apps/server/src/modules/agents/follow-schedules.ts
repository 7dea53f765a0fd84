import { isOpenAt, nextChange, type TAvailabilitySchedule } from '@oceras/protocol';
import { and, eq, sql } from 'drizzle-orm';
import { query } from '../../db/client.js';
import { agents } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { recordEvent } from '../../events/record-event.js';
import type { Services } from '../../services.js';
import { presentAgent } from './agent.presenter.js';

/** A schedule as business hours (no holidays): one rule for both, @oceras/protocol/business-hours. */
const hoursOf = (s: TAvailabilitySchedule) => ({ enabled: true, weekly: s.weekly, holidays: [] });

/**
 * Availability on a schedule (issue 18), the scheduler's pass: agents following their schedule whose next start or
 * end (`schedule_next_at`) has come, by `services.clock`. Each in a transaction of its own, taken with SKIP LOCKED
 * and checked again under the lock (another process may have just done it): the availability the schedule says
 * for now (online inside a range, offline outside), set as PATCH /me sets it (not away-by-inactivity, an
 * `agent.updated` event: colleagues see it, automatic assignment follows), and the next start or end remembered.
 * Between two, nothing: a change made by hand holds until the next. Answers how many changed.
 */
export async function followSchedules(services: Services, batch = 200): Promise<number> {
  const now = services.clock();
  const due = sql`a.schedule_next_at <= ${now.toISOString()}::timestamptz and a.removed_at is null`;
  const rows = await query<{ id: string; organization_id: string }>(
    services.db,
    sql`select a.id, a.organization_id from agents a where ${due} order by a.schedule_next_at limit ${batch}`,
  );
  let changed = 0;
  for (const { id, organization_id: organizationId } of rows) {
    await inTransaction(services, async (tx, uow) => {
      const [locked] = await query<{ id: string }>(
        tx,
        sql`select a.id from agents a where a.id = ${id} and a.organization_id = ${organizationId} and ${due}
            for update of a skip locked`,
      );
      if (!locked) return;
      const mine = and(eq(agents.organizationId, organizationId), eq(agents.id, id));
      const [agent] = await tx.select().from(agents).where(mine);
      if (!agent) return;
      const schedule = agent.availabilitySchedule as TAvailabilitySchedule | null;
      if (!schedule?.followSchedule) {
        await tx.update(agents).set({ scheduleNextAt: null }).where(mine);
        return;
      }
      const hours = hoursOf(schedule);
      const wanted = isOpenAt(hours, schedule.timeZone, now) ? 'online' : 'offline';
      const next = nextChange(hours, schedule.timeZone, now);
      const [row] = await tx
        .update(agents)
        .set({
          scheduleNextAt: next,
          ...(agent.availability !== wanted ? { availability: wanted, isAutoAway: false } : {}),
        })
        .where(mine)
        .returning();
      if (!row || agent.availability === wanted) return;
      await recordEvent(tx, uow, organizationId, {
        type: 'agent.updated',
        payload: presentAgent(row, services.presence),
      });
      changed++;
    });
  }
  return changed;
}
