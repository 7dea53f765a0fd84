import type { Services } from '../services.js';
import { pruneEvents, pruneLoginFailures, wakeSnoozed } from './maintenance.job.js';

/** Periodic upkeep in every process; each job is safe to run concurrently on several. */
export function startScheduler(services: Services, everyMs = 15_000) {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await wakeSnoozed(services);
      await pruneEvents(services);
      await pruneLoginFailures(services);
    } catch (err) {
      services.errors.report(err, 'maintenance tick');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), tick };
}
