import type { TWebhookEvent, WebhookPayload } from '@oceras/protocol';
import { createWorkerLoop } from '../../lib/worker-loop.js';
import type { CoreServices, WebhookQueue } from '../../services.js';
import { agentLanguage } from '../email/agent-email-i18n/index.js';
import { renderWebhookDisabled } from '../email/agent-email-templates.js';
import { type AttemptResult, postWebhook } from './post-webhook.js';
import { type Lookup, resolveWebhookTarget, systemLookup } from './url-guard.js';
import {
  adminEmails,
  type ClaimedDelivery,
  claimDueDeliveries,
  deleteOldDeliveries,
  disableWebhook,
  eventsAfter,
  lockWebhooksBehind,
  markWebhookHealth,
  queueDeliveries,
  recordAttempt,
  settleDelivery,
} from './webhook.repo.js';
import { webhookDataOf, webhookEventsOf } from './webhook-events.js';

export interface WebhookWorkerOptions {
  pollMs: number;
  /** First retry; each later one waits twice as long, at most an hour, for a day (retry_until). */
  retryBaseMs: number;
  allowPrivate: boolean;
  /** How host names resolve (tests inject one to play DNS rebinding). */
  lookup?: Lookup;
}

const WEBHOOKS_PER_FANOUT = 20;
const EVENTS_PER_WEBHOOK = 500;
const DELIVERIES_PER_CLAIM = 10;
/** Longer than an attempt can take (10 s): a process that died mid-attempt leaves it to another after this. */
const CLAIM_MS = 60_000;
const MAX_BACKOFF_MS = 3600_000;
const DISABLE_AFTER_MS = 3 * 24 * 3600_000;
const CLEANUP_EVERY_MS = 3600_000;

/** What becomes of a delivery after an attempt (no answer or 5xx/429: retry; 410: off; other answers: failed). */
export function judgeAttempt(r: AttemptResult): 'delivered' | 'retry' | 'failed' | 'gone' {
  if (r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300) return 'delivered';
  if (r.statusCode === 410) return 'gone';
  if (r.isRefused) return 'failed';
  if (r.statusCode === null || r.statusCode >= 500 || r.statusCode === 429) return 'retry';
  return 'failed';
}

/**
 * The webhook pipeline of one process, built like the push worker: every enabled subscription follows the
 * organization's event log with a cursor of its own (`webhooks.event_cursor`), and each step that moves a cursor
 * also queues the deliveries, in one transaction: nothing recorded is lost to a crash, nothing is queued twice.
 * Due deliveries are claimed with SKIP LOCKED, so any number of processes share the work. Events wake it at once;
 * a timer catches retries that came due and work another process left.
 */
export function createWebhookWorker(services: CoreServices, options: WebhookWorkerOptions) {
  const lookup = options.lookup ?? systemLookup;
  const watched = new Set<string>();
  let lastCleanup = 0;

  async function fanOut(): Promise<number> {
    return services.db.transaction(async (tx) => {
      const behind = await lockWebhooksBehind(tx, WEBHOOKS_PER_FANOUT);
      let read = 0;
      for (const w of behind) {
        watched.add(w.organization_id);
        const events = await eventsAfter(tx, w.organization_id, Number(w.event_cursor), EVENTS_PER_WEBHOOK);
        read = Math.max(read, events.length);
        const wanted = new Set(w.events);
        const items = events.flatMap((e) =>
          webhookEventsOf(e)
            .filter((type) => wanted.has(type))
            .map((type) => ({ seq: e.seq, type })),
        );
        const cursor = events.at(-1)?.seq ?? Number(w.event_cursor);
        await queueDeliveries(tx, w.organization_id, w.id, items, cursor);
      }
      return behind.length === WEBHOOKS_PER_FANOUT || read === EVENTS_PER_WEBHOOK ? 1 : 0;
    });
  }

  async function deliver(d: ClaimedDelivery) {
    const organizationId = d.organization_id;
    // The event's content was erased with a person's data (or is past the log's retention): nothing to send.
    if (!d.event_type || d.event_type === 'event.erased') {
      await services.db.transaction((tx) => settleDelivery(tx, d.id, { status: 'cancelled' }));
      return;
    }
    const payload: WebhookPayload = {
      id: d.id,
      type: d.type as TWebhookEvent,
      createdAt: new Date(d.event_at ?? Date.now()).toISOString(),
      organizationId,
      data: webhookDataOf(d.payload, d.events.includes('note.created')),
    };
    const result = await postWebhook(
      { url: d.url, secret: d.secret, deliveryId: d.id, body: JSON.stringify(payload) },
      { allowPrivate: options.allowPrivate, lookup },
    );
    const verdict = judgeAttempt(result);
    const backoff = Math.min(MAX_BACKOFF_MS, options.retryBaseMs * 2 ** Math.max(0, d.attempts - 1));
    const next = new Date(Date.now() + backoff);
    const canRetry = verdict === 'retry' && next.getTime() < new Date(d.retry_until).getTime();
    const told = await services.db.transaction(async (tx) => {
      const { isRefused: _, ...attempt } = result;
      await recordAttempt(tx, { id: d.id, organizationId }, attempt);
      await settleDelivery(tx, d.id, {
        status: verdict === 'delivered' ? 'delivered' : canRetry ? 'pending' : 'failed',
        ...(canRetry && { nextAttemptAt: next }),
      });
      const failingSince = await markWebhookHealth(tx, d.webhook_id, verdict === 'delivered');
      if (verdict === 'gone') return disableWebhook(tx, d.webhook_id, 'the receiver answered 410 Gone');
      if (failingSince && Date.now() - failingSince.getTime() >= DISABLE_AFTER_MS)
        return disableWebhook(tx, d.webhook_id, 'every delivery failed for 3 days');
      return null;
    });
    if (told) await tellAdmins(told.organizationId, told.url, verdict === 'gone' ? 'gone' : 'failing');
  }

  /** Each admin in their language (modules/email/agent-email-i18n). */
  async function tellAdmins(organizationId: string, url: string, why: 'gone' | 'failing') {
    if (!services.mailer.isConfigured) return;
    for (const admin of await adminEmails(services.db, organizationId)) {
      await services.mailer
        .send({ to: admin.email, ...renderWebhookDisabled(agentLanguage(admin.language), url, why) })
        .catch((err) => services.errors.report(err, 'webhook disabled email'));
    }
  }

  async function pass() {
    while (!loop.isStopped && (await fanOut()) > 0) {}
    for (;;) {
      if (loop.isStopped) break;
      const due = await claimDueDeliveries(services.db, DELIVERIES_PER_CLAIM, CLAIM_MS);
      await Promise.all(
        due.map((d) => deliver(d).catch((err) => services.errors.report(err, `webhook delivery ${d.id}`))),
      );
      if (due.length < DELIVERIES_PER_CLAIM) break;
    }
    if (Date.now() - lastCleanup >= CLEANUP_EVERY_MS) {
      lastCleanup = Date.now();
      await deleteOldDeliveries(services.db);
    }
  }

  const loop = createWorkerLoop({
    pass,
    report: (err) => services.errors.report(err, 'webhook pass'),
    pollMs: options.pollMs,
    subscribe: (wake) =>
      services.bus.subscribe({
        onEvents(events) {
          if (events.some((e) => watched.has(e.organizationId))) wake();
        },
        onSignal() {},
      }),
  });

  return {
    /** The creation-time check (the same as each delivery's): refuses with WEBHOOK_URL_REFUSED. */
    async checkUrl(url: string) {
      await resolveWebhookTarget(url, { allowPrivate: options.allowPrivate, lookup });
    },
    watch(organizationId: string) {
      watched.add(organizationId);
    },
    wake() {
      loop.run();
    },
    start: loop.start,
    /** Runs passes until nothing is due now (tests and shutdown). */
    settle: loop.settle,
    stop: loop.stop,
  } satisfies WebhookQueue & Record<string, unknown>;
}
export type WebhookWorker = ReturnType<typeof createWebhookWorker>;
