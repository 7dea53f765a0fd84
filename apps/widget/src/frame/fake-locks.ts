import type { LockManagerLike } from './tab-leader.js';

/**
 * A Web Locks stand-in for tests: one holder per name, waiters served in order when the holder's callback settles; a waiter
 * whose signal aborts leaves the line (its request rejects), a holder's abort changes nothing.
 */
export function fakeLocks(): LockManagerLike {
  const queues = new Map<string, (() => void)[]>();
  const busy = new Set<string>();
  const next = (name: string) => {
    const q = queues.get(name) ?? [];
    const run = q.shift();
    if (run) run();
    else busy.delete(name);
  };
  return {
    request(name, { signal }, callback) {
      return new Promise((resolve, reject) => {
        const run = () => {
          signal.removeEventListener('abort', leave);
          busy.add(name);
          callback()
            .then(resolve, reject)
            .finally(() => next(name));
        };
        const leave = () => {
          queues.set(
            name,
            (queues.get(name) ?? []).filter((r) => r !== run),
          );
          reject(signal.reason);
        };
        if (!busy.has(name)) return run();
        queues.set(name, [...(queues.get(name) ?? []), run]);
        signal.addEventListener('abort', leave, { once: true });
      });
    },
  };
}
