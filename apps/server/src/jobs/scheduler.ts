import { followSchedules } from '../modules/agents/follow-schedules.js';
import { setInactiveAgentsAway } from '../modules/agents/inactivity.js';
import { deleteUnattached } from '../modules/attachments/delete-attachments.js';
import type { Services } from '../services.js';
import { eraseRemovedAgents } from './erase-removed-agents.job.js';
import { pruneEvents, pruneLoginFailures, wakeSnoozed } from './maintenance.job.js';
import { sendNudges } from './nudge.job.js';
import { runRetention } from './retention.job.js';

/**
 * Periodic upkeep in every process; each job is safe to run concurrently on several. Started when the app is ready.
 * The retention jobs (retention.job.ts), whose limits are days, run at start and then every `retentionEveryMs`.
 */
export function createScheduler(services: Services, everyMs = 15_000, retentionEveryMs = 3_600_000) {
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let retentionAt = 0;
  const retention = async () => {
    retentionAt = Date.now();
    const removed = await runRetention(services);
    if (Object.values(removed).some((n) => n > 0)) services.logger.info({ removed }, 'retention applied');
    return removed;
  };
  const run = async () => {
    try {
      await wakeSnoozed(services);
      await sendNudges(services);
      await setInactiveAgentsAway(services);
      await followSchedules(services);
      await pruneEvents(services);
      await pruneLoginFailures(services);
      await deleteUnattached(services);
      // Images whose process died before their thumbnail (or that arrived at another process while this one idled).
      services.thumbnails.wake();
      await eraseRemovedAgents(services);
      if (Date.now() - retentionAt >= retentionEveryMs) await retention();
    } catch (err) {
      services.errors.report(err, 'maintenance tick');
    }
  };
  /** One tick at a time; a tick asked for while one runs waits for it, then runs (its caller sees its effects). */
  const tick = async (): Promise<void> => {
    while (running) await running;
    running = run().finally(() => {
      running = null;
    });
    return running;
  };
  return {
    tick,
    /** The retention jobs once, now (tests call it after moving timestamps back). */
    retention,
    start() {
      // The timer skips a beat while a tick runs (ticks never pile up behind a slow one).
      timer ??= setInterval(() => {
        if (!running) void tick();
      }, everyMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
export type Scheduler = ReturnType<typeof createScheduler>;
