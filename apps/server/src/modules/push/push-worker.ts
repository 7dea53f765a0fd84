import type { TMessage } from '@oceras/protocol';
import type { Expo } from 'expo-server-sdk';
import { createWorkerLoop, wakeOnEvents } from '../../lib/worker-loop.js';
import type { CoreServices, PushQueue } from '../../services.js';
import { dispatchOrganization, EVENTS_PER_PASS } from './dispatch.js';
import { createExpoClient } from './expo-client.js';
import { organizationsBehind, organizationsWithCursor } from './push.repo.js';
import { isPushable } from './push-recipients.js';
import { checkReceipts, cleanupPush, PUSH_BATCH, type SenderOptions, sendDue } from './sender.js';

export interface PushWorkerOptions extends SenderOptions {
  /** The fallback pass: work another process left, events no bus carried, retries that came due. */
  pollMs: number;
  receiptEveryMs: number;
  expoAccessToken?: string;
  /** Where Expo's push API is (EXPO_BASE_URL, the tests' local server): this worker's client only. */
  expoBaseUrl?: string;
}

const CLEANUP_EVERY_MS = 3600_000;
/** Organizations a sweep takes up; the rest wait for the next sweep. */
const ORGANIZATIONS_PER_SWEEP = 100;

/**
 * The push pipeline of one process: visitor messages (read from the event log) become queued deliveries, queued
 * deliveries go to Expo in batches, receipts are read later, stale devices and old records are removed. Every step
 * keeps its state in PostgreSQL and takes rows with SKIP LOCKED, so any number of processes share the work and a
 * restart resumes where the last one stopped. Messages wake it at once; a timer catches the rest. Built before the
 * services bag (it is the bag's `push`), started when the app is ready (plugins/push.ts).
 */
export function createPushWorker(services: CoreServices, options: PushWorkerOptions) {
  const { logger } = services;
  const watched = new Set<string>();
  const pending = new Set<string>();
  let sweep = true;
  let lastReceipts = 0;
  let lastCleanup = 0;
  let client: ReturnType<typeof createExpoClient> | null = null;

  // This worker's own client, with its own base URL (expo-client.ts): nothing is written to the process environment.
  const getExpo = async (): Promise<Expo> => {
    client ??= createExpoClient({
      accessToken: options.expoAccessToken,
      baseUrl: options.expoBaseUrl,
      maxConcurrentRequests: 2,
      retryMinTimeout: Math.min(1000, options.retryBaseMs),
    }).catch((err) => {
      client = null; // the next pass tries again
      throw err;
    });
    return (await client).expo;
  };

  const refreshWatched = async () => {
    const ids = await organizationsWithCursor(services.db);
    watched.clear();
    for (const id of ids) watched.add(id);
  };

  /** The step a pass is at, so that a failure that ends the pass is reported with where it happened. */
  let step = 'sweep';

  async function pass() {
    const now = Date.now();
    if (sweep) {
      step = 'sweep';
      sweep = false;
      await refreshWatched();
      for (const id of await organizationsBehind(services.db, ORGANIZATIONS_PER_SWEEP)) pending.add(id);
    }
    step = 'dispatch';
    for (const organizationId of [...pending]) {
      pending.delete(organizationId);
      // One organization's failure (logged; retried by the next sweep) never holds up the others' pushes.
      try {
        const result = await dispatchOrganization(services, organizationId);
        if (result && result.read === EVENTS_PER_PASS) pending.add(organizationId);
      } catch (err) {
        services.errors.report(err, `push dispatch (organization ${organizationId})`);
      }
    }
    // The SDK is loaded only once there is something to send (getExpo is called after a claim finds rows).
    step = 'send';
    while (!loop.isStopped && (await sendDue(services, getExpo, options)) === PUSH_BATCH) {}
    if (now - lastReceipts >= options.receiptEveryMs) {
      lastReceipts = now;
      step = 'receipts';
      await checkReceipts(services, getExpo, options);
    }
    if (now - lastCleanup >= CLEANUP_EVERY_MS) {
      lastCleanup = now;
      step = 'cleanup';
      const removed = await cleanupPush(services);
      if (removed.devices > 0) logger.info({ devices: removed.devices }, 'devices unseen for 90 days removed');
    }
  }

  const loop = createWorkerLoop({
    pass,
    // The one error path (lib/error-reply.ts): a bug with its stack, a database outage once.
    report: (err) => services.errors.report(err, `push pass (${step})`),
    pollMs: options.pollMs,
    onTick: () => {
      sweep = true;
    },
    subscribe: wakeOnEvents(
      services.bus,
      (e) =>
        e.type === 'message.created' && watched.has(e.organizationId) && isPushable(e.payload as TMessage)
          ? e.organizationId
          : null,
      (organizationId) => pending.add(organizationId),
    ),
  });

  return {
    wake(organizationId?: string) {
      // Before start, wakes only collect organizations: the first pass takes them.
      if (organizationId) pending.add(organizationId);
      loop.run();
    },
    watch(organizationId: string) {
      watched.add(organizationId);
    },
    start: loop.start,
    /** Runs passes until nothing is pending (tests and shutdown). */
    settle: loop.settle,
    async stop() {
      await loop.stop();
      await client?.then(
        (c) => c.close(),
        () => {},
      );
    },
  } satisfies PushQueue & Record<string, unknown>;
}
export type PushWorker = ReturnType<typeof createPushWorker>;
