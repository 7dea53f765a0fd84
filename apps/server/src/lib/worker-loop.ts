import type { EventBus } from '../events/bus.js';
import type { RecordedEvent } from '../events/record-event.js';

/**
 * The loop every durable-queue worker runs (push, webhooks, email): a pass at a time, woken by events and by a
 * timer, never two passes at once in one process (a wake during a pass runs one more pass after it), stopped
 * only after the pass in progress ends. The queue itself is rows in PostgreSQL claimed with SKIP LOCKED, so any
 * number of processes share the work; this is only the in-process scheduling of passes.
 */
export interface WorkerLoopOptions {
  /** One pass over the queue; a failure ends the pass and goes to `report`, the next wake tries again. */
  pass: () => Promise<void>;
  report: (err: unknown) => void;
  /** The fallback pass: retries that came due, work another process left, events no bus carried. */
  pollMs: number;
  /** Before each timer pass (push marks a sweep). */
  onTick?: () => void;
  /** At start: subscribe to what wakes the worker; answers the unsubscribe. */
  subscribe?: (wake: () => void) => () => void;
}

export function createWorkerLoop(options: WorkerLoopOptions) {
  let running: Promise<void> | null = null;
  let again = false;
  let started = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let unsubscribe = () => {};

  const run = () => {
    // Before start, wakes do nothing here (workers collect what they were told): the first pass takes it.
    if (!started || stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await options.pass();
        } catch (err) {
          options.report(err);
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
  };

  return {
    run,
    get isStopped() {
      return stopped;
    },
    start() {
      if (started) return;
      started = true;
      timer = setInterval(() => {
        options.onTick?.();
        run();
      }, options.pollMs);
      timer.unref();
      unsubscribe = options.subscribe?.(run) ?? (() => {});
      run();
    },
    /** Runs passes until nothing is due now (tests and shutdown). */
    async settle() {
      run();
      while (running) await running;
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      unsubscribe();
      while (running) await running;
    },
  };
}
export type WorkerLoop = ReturnType<typeof createWorkerLoop>;

/**
 * A worker's `subscribe`: every committed event that `pick` answers an organization for is handed to `collect`,
 * then the worker is woken once for the batch.
 */
export const wakeOnEvents =
  (bus: EventBus, pick: (e: RecordedEvent) => string | null, collect: (organizationId: string) => void) =>
  (wake: () => void) =>
    bus.subscribe({
      onEvents(events) {
        let woke = false;
        for (const e of events) {
          const organizationId = pick(e);
          if (organizationId === null) continue;
          collect(organizationId);
          woke = true;
        }
        if (woke) wake();
      },
      onSignal() {},
    });
