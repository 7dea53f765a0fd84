import { createWorkerLoop } from '../../lib/worker-loop.js';
import type { CoreServices, EmailQueue } from '../../services.js';
import { queueDueRatingEmails } from '../satisfaction/rating-email.js';
import { queueAgentEmails } from './agent-email.js';
import { type ClaimedEmail, claimDueEmails, deleteOldEmails, settleEmail } from './email.repo.js';
import { queueDueFollowUps } from './followup.js';
import { createSmtpTransport, type EmailTransport } from './smtp-transport.js';
import { queueDueTranscripts } from './transcript.js';

export interface EmailWorkerOptions {
  pollMs: number;
  /** First retry of an email SMTP did not take (4xx, network); each later one waits twice as long, at most 6 h. */
  retryBaseMs: number;
  /** How long a process may hold emails it is sending before another takes them over. */
  claimMs: number;
  maxAttempts: number;
}

const EMAILS_PER_CLAIM = 20;
const MAX_BACKOFF_MS = 6 * 3600_000;
const CLEANUP_EVERY_MS = 3600_000;

/**
 * The email pipeline of one process. Every email is a row of `email_outbox` first (queued in the transaction of
 * what caused it, or by the follow-up pass); this worker claims due rows with SKIP LOCKED (any number of
 * processes share the queue), sends each through one pooled SMTP transport, and settles it: sent, bounced (a 5xx
 * answer: never retried), retried with exponential backoff (4xx, network), or failed once the attempts run out.
 *
 * Delivery is at-least-once, with a window as small as SMTP allows: a claim is committed before sending, so a
 * process that dies between the claim and the send leaves the row to another process once the claim lapses, and
 * that one sends it (once: nothing had left). A process that dies after the relay accepted the message but before
 * the row says `sent` would send it again; that resend carries the same Message-ID, fixed when the row was queued,
 * which mail systems use to recognise (and many to drop) a duplicate. The alternative, at-most-once, would lose
 * every email whose process died mid-send; a visitor's missed reply is worth a rare duplicate.
 */
export function createEmailWorker(services: CoreServices, options: EmailWorkerOptions) {
  let transport: Promise<EmailTransport> | null = null;
  let lastCleanup = 0;

  const getTransport = () => {
    const url = services.env.SMTP_URL;
    if (!url) throw new Error('SMTP is not configured');
    transport ??= createSmtpTransport(url).catch((err) => {
      transport = null;
      throw err;
    });
    return transport;
  };

  async function deliver(e: ClaimedEmail) {
    const smtp = await getTransport();
    const outcome = await smtp.send({
      from: services.env.SMTP_FROM,
      to: e.recipient,
      subject: e.subject,
      text: e.text,
      html: e.html,
      messageId: e.message_id,
      headers: e.headers,
    });
    if (outcome.kind === 'sent') return settleEmail(services.db, e, { status: 'sent' });
    if (outcome.kind === 'bounced') {
      services.logger.warn({ email: String(e.id), error: outcome.error }, 'email bounced');
      return settleEmail(services.db, e, { status: 'bounced', error: outcome.error });
    }
    if (e.attempts >= options.maxAttempts)
      return settleEmail(services.db, e, { status: 'failed', error: outcome.error });
    const backoff = Math.min(MAX_BACKOFF_MS, options.retryBaseMs * 2 ** Math.max(0, e.attempts - 1));
    return settleEmail(services.db, e, {
      status: 'pending',
      nextAttemptAt: new Date(Date.now() + backoff),
      error: outcome.error,
    });
  }

  async function pass() {
    // Without SMTP nothing is queued (the follow-up rule asks mailer.isConfigured): nothing to claim either.
    if (!services.env.SMTP_URL) return;
    while (!loop.isStopped && (await queueDueFollowUps(services)) > 0) {}
    while (!loop.isStopped && (await queueAgentEmails(services)) > 0) {}
    while (!loop.isStopped && (await queueDueTranscripts(services)) > 0) {}
    while (!loop.isStopped && (await queueDueRatingEmails(services)) > 0) {}
    for (;;) {
      if (loop.isStopped) break;
      const due = await claimDueEmails(services.db, EMAILS_PER_CLAIM, options.claimMs);
      await Promise.all(due.map((e) => deliver(e).catch((err) => services.errors.report(err, `email ${e.id}`))));
      if (due.length < EMAILS_PER_CLAIM) break;
    }
    if (Date.now() - lastCleanup >= CLEANUP_EVERY_MS) {
      lastCleanup = Date.now();
      await deleteOldEmails(services.db);
    }
  }

  const loop = createWorkerLoop({
    pass,
    report: (err) => services.errors.report(err, 'email pass'),
    pollMs: options.pollMs,
  });

  return {
    wake() {
      loop.run();
    },
    start: loop.start,
    /** Runs passes until nothing is due now (tests and shutdown). */
    settle: loop.settle,
    async stop() {
      await loop.stop();
      await transport?.then(
        (t) => t.close(),
        () => {},
      );
    },
  } satisfies EmailQueue & Record<string, unknown>;
}
export type EmailWorker = ReturnType<typeof createEmailWorker>;
