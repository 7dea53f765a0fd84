import type { Services } from '../services.js';
import { eraseRemovedAgents } from './erase-removed-agents.job.js';
import { pruneEvents, pruneLoginFailures, wakeSnoozed } from './maintenance.job.js';

/** Periodic upkeep in every process; each job is safe to run concurrently on several. Started when the app is ready. */
export function createScheduler(services: Services, everyMs = 15_000) {
  let running = false;
  let timer: NodeJS.Timeout | null = null;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await wakeSnoozed(services);
      await pruneEvents(services);
      await pruneLoginFailures(services);
      await eraseRemovedAgents(services);
    } catch (err) {
      services.errors.report(err, 'maintenance tick');
    } finally {
      running = false;
    }
  };
  return {
    tick,
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
