import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { connectRedis, type RedisStatus } from '../lib/redis.js';
import type { BusListener, EphemeralSignal, EventBus } from './bus.js';
import type { RecordedEvent } from './record-event.js';

const CHANNEL = 'oceras:bus';
/** Events a process could not hand to Redis, kept to send when it is back (older ones are left to the poll). */
const UNSENT_MAX = 10_000;
/** How far back each catch-up poll looks again: `created_at` is a transaction's start, not its commit. */
const POLL_OVERLAP_MS = 5_000;
const POLL_PAGE = 5_000;

export interface RedisBusOptions {
  url: string;
  logger: Logger;
  /** Events recorded since `since`, oldest first: the catch-up source while Redis is away. */
  recentEvents(since: Date, limit: number): Promise<RecordedEvent[]>;
  pollIntervalMs?: number;
}

type Wire = { o: string; e: RecordedEvent[] } | { o: string; s: EphemeralSignal };

export interface SharedBus extends EventBus {
  readonly processId: string;
  status(): RedisStatus;
}

/**
 * The bus across processes: Redis pub/sub carries committed events and ephemeral signals to every process, and
 * each process hands them to its own sockets' streams, which order them by sequence and fill gaps from the
 * events table. Local listeners are served at once, without the round trip through Redis.
 *
 * Redis is a fast path, never the record: when the subscription is down, the process polls the events table
 * every `pollIntervalMs` so its sockets keep receiving what other processes commit, and polls once more over
 * the outage when Redis is back. Signals (typing, viewers) are lost while Redis is away; they are ephemeral.
 */
export function createRedisBus(options: RedisBusOptions): SharedBus {
  const { logger } = options;
  const processId = randomUUID();
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const listeners = new Set<BusListener>();
  const unsent: string[] = [];
  let closed = false;

  const pub = connectRedis(options.url, 'bus-publish', logger, (s) => {
    if (s === 'up') flushUnsent();
  });
  const sub = connectRedis(options.url, 'bus-subscribe', logger, (s) => {
    if (s === 'down') startPolling();
    else
      sub.redis.subscribe(CHANNEL).then(
        () => stopPolling(),
        (err) => logger.warn({ err }, 'redis subscribe failed: still polling'),
      );
  });
  sub.redis.on('message', (_channel: string, text: string) => {
    let wire: Wire;
    try {
      wire = JSON.parse(text) as Wire;
    } catch {
      return;
    }
    if (wire.o === processId) return;
    if ('e' in wire) deliverEvents(wire.e);
    else for (const l of listeners) l.onSignal(wire.s);
  });

  function deliverEvents(events: RecordedEvent[]) {
    for (const l of listeners) l.onEvents(events);
  }

  function send(text: string, keepIfDown: boolean) {
    if (closed) return;
    if (pub.status() !== 'up') {
      if (keepIfDown) keep(text);
      return;
    }
    pub.redis.publish(CHANNEL, text).catch(() => {
      if (keepIfDown) keep(text);
    });
  }
  function keep(text: string) {
    unsent.push(text);
    if (unsent.length > UNSENT_MAX) unsent.shift();
  }
  function flushUnsent() {
    const batch = unsent.splice(0);
    for (const text of batch) send(text, true);
  }

  // Catch-up polling while the subscription is down.
  let pollTimer: NodeJS.Timeout | null = null;
  let pollSince = new Date();
  let polling: Promise<void> = Promise.resolve();
  function pollOnce() {
    polling = polling.then(async () => {
      if (closed) return;
      const startedAt = Date.now();
      try {
        for (;;) {
          const events = await options.recentEvents(pollSince, POLL_PAGE);
          if (events.length > 0) deliverEvents(events);
          if (events.length < POLL_PAGE) break;
          pollSince = new Date(events.at(-1)!.at);
        }
        pollSince = new Date(startedAt - POLL_OVERLAP_MS);
      } catch (err) {
        logger.warn({ err }, 'catch-up poll failed');
      }
    });
    return polling;
  }
  function startPolling() {
    if (pollTimer || closed) return;
    pollSince = new Date(Date.now() - POLL_OVERLAP_MS);
    pollTimer = setInterval(() => void pollOnce(), pollIntervalMs);
    pollTimer.unref();
  }
  async function stopPolling() {
    if (!pollTimer) return;
    clearInterval(pollTimer);
    pollTimer = null;
    // What was committed between the last poll and the resubscription.
    await pollOnce();
  }

  // Until the first subscription is confirmed, the table is the source.
  startPolling();

  return {
    processId,
    status: () => (pub.status() === 'up' && sub.status() === 'up' ? 'up' : 'down'),
    publish(events) {
      deliverEvents(events);
      send(JSON.stringify({ o: processId, e: events } satisfies Wire), true);
    },
    signal(signal) {
      for (const l of listeners) l.onSignal(signal);
      send(JSON.stringify({ o: processId, s: signal } satisfies Wire), false);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      if (pollTimer) clearInterval(pollTimer);
      await polling;
      listeners.clear();
      pub.close();
      sub.close();
    },
  };
}
