import type { Services } from '../services.js';
import { pruneEvents, pruneLoginFailures, wakeSnoozed } from './maintenance.job.js';
import { runRetention } from './retention.job.js';

/**
 * Periodic upkeep in every process; each job is safe to run concurrently on several. Started when the app is ready.
 * The retention jobs (retention.job.ts), whose limits are days, run at start and then every `retentionEveryMs`.
 */
export function createScheduler(services: Services, everyMs = 15_000, retentionEveryMs = 3_600_000) {
  let running = false;
  let timer: NodeJS.Timeout | null = null;
  let retentionAt = 0;
  const retention = async () => {
    retentionAt = Date.now();
    const removed = await runRetention(services);
    if (Object.values(removed).some((n) => n > 0)) services.logger.info({ removed }, 'retention applied');
    return removed;
  };
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await wakeSnoozed(services);
      await pruneEvents(services);
      await pruneLoginFailures(services);
      if (Date.now() - retentionAt >= retentionEveryMs) await retention();
    } catch (err) {
      services.errors.report(err, 'maintenance tick');
    } finally {
      running = false;
    }
  };
  return {
    tick,
    /** The retention jobs once, now (tests call it after moving timestamps back). */
    retention,
    start() {
      timer ??= setInterval(() => void tick(), everyMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
export type Scheduler = ReturnType<typeof createScheduler>;
