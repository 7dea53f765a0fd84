import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { type DbOrTx, query } from '../../db/client.js';
import { emailOutbox } from '../../db/schema.js';

export type EmailRow = typeof emailOutbox.$inferSelect;

export interface QueuedEmail {
  kind: EmailRow['kind'];
  conversationId?: string | null;
  visitorId?: string | null;
  recipient: string;
  subject: string;
  text: string;
  html?: string | null;
  messageId: string;
  headers?: Record<string, string>;
}

/** Queues one email; a Message-ID already queued is not queued again (answers null). */
export async function enqueueEmail(db: DbOrTx, organizationId: string, mail: QueuedEmail) {
  const [row] = await db
    .insert(emailOutbox)
    .values({ organizationId, ...mail, headers: mail.headers ?? {} })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

/** The delivery log, newest first: a page of `limit` before the cursor (the last id of the previous page). */
export function listEmails(db: DbOrTx, organizationId: string, page: { before: number | null; limit: number }) {
  return db
    .select()
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.organizationId, organizationId),
        page.before === null ? undefined : lt(emailOutbox.id, page.before),
      ),
    )
    .orderBy(desc(emailOutbox.id))
    .limit(page.limit);
}

// ---- the worker's statements (email-worker.ts); they run across organizations by design ----

export interface ClaimedEmail {
  id: string | number;
  organization_id: string;
  recipient: string;
  subject: string;
  text: string;
  html: string | null;
  message_id: string;
  headers: Record<string, string>;
  attempts: number;
}

/**
 * Takes due emails: each is hidden from other processes for `claimMs` (longer than an SMTP attempt may take) and
 * counted as an attempt. A process that dies holding one leaves it to the next claim after that time.
 */
export function claimDueEmails(db: DbOrTx, limit: number, claimMs: number) {
  return query<ClaimedEmail>(
    db,
    sql`with due as (
          select id from email_outbox where status = 'pending' and next_attempt_at <= now()
          order by next_attempt_at limit ${limit} for update skip locked
        )
        update email_outbox o set next_attempt_at = now() + make_interval(secs => ${claimMs / 1000}),
          attempts = o.attempts + 1
        from due where o.id = due.id
        returning o.id, o.organization_id, o.recipient, o.subject, o.text, o.html, o.message_id, o.headers,
          o.attempts`,
  );
}

/**
 * The outcome of an attempt. Only a row still pending and claimed by this attempt (same attempt count) moves: a
 * row cancelled meanwhile (erasure, unsubscribe) stays cancelled.
 */
export async function settleEmail(
  db: DbOrTx,
  claimed: { id: string | number; attempts: number },
  outcome:
    | { status: 'sent' }
    | { status: 'pending'; nextAttemptAt: Date; error: string }
    | { status: 'bounced' | 'failed'; error: string },
) {
  await db
    .update(emailOutbox)
    .set({
      status: outcome.status,
      ...(outcome.status === 'sent' ? { sentAt: sql`now()`, lastError: null } : { lastError: outcome.error }),
      ...(outcome.status === 'pending'
        ? { nextAttemptAt: outcome.nextAttemptAt }
        : // Once it left or was given up, the log keeps who, what subject and what happened; not the words.
          { text: '', html: null }),
    })
    .where(
      and(
        eq(emailOutbox.id, Number(claimed.id)),
        eq(emailOutbox.status, 'pending'),
        eq(emailOutbox.attempts, claimed.attempts),
      ),
    );
}

/** The delivery log is kept 30 days. */
export async function deleteOldEmails(db: DbOrTx) {
  await db.execute(
    sql`delete from email_outbox where id in (select id from email_outbox
        where created_at < now() - interval '30 days' and status <> 'pending' limit 5000)`,
  );
}
