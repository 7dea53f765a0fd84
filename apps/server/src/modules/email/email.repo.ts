import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { type DbOrTx, query, type Tx } from '../../db/client.js';
import { emailOutbox, emailThreads, visitors } from '../../db/schema.js';

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

/** A visitor's emails, for their export (privacy/export-visitor.ts). */
export function visitorEmails(db: DbOrTx, organizationId: string, visitorId: string) {
  return db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.organizationId, organizationId), eq(emailOutbox.visitorId, visitorId)))
    .orderBy(emailOutbox.id);
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

// ---- follow-ups (followup.ts) ----

export interface DueThread {
  conversation_id: string;
  organization_id: string;
  reply_token: string | null;
  pending_since: Date;
  last_emailed_seq: number;
  message_ids: string[];
  unsubscribed_at: Date | null;
  conversation_number: number;
  visitor_last_read_seq: number;
  visitor_id: string;
  visitor_email: string | null;
  visitor_locale: string | null;
  visitor_page_url: string | null;
  visitor_erased_at: Date | null;
  visitor_restricted_at: Date | null;
  organization_name: string;
  widget_key: string;
  widget_settings: { color?: string };
  email_followup: boolean;
  channel: 'chat' | 'email';
  subject: string | null;
}

/**
 * Threads whose first unemailed reply is older than the organization's delay (none for the email channel: its
 * visitor is not in a widget), locked for this transaction (other
 * processes take others), with what the follow-up needs of the conversation, the visitor and the organization.
 */
export function lockDueThreads(tx: Tx, defaultDelaySeconds: number, limit: number) {
  return query<DueThread>(
    tx,
    sql`select t.conversation_id, t.organization_id, t.reply_token, t.pending_since, t.last_emailed_seq, t.message_ids,
          t.unsubscribed_at, c.number as conversation_number, c.visitor_last_read_seq, v.id as visitor_id,
          v.email as visitor_email, v.locale as visitor_locale, v.page_url as visitor_page_url,
          v.erased_at as visitor_erased_at, v.restricted_at as visitor_restricted_at,
          o.name as organization_name, o.widget_key, o.widget_settings, o.email_followup, c.channel, c.subject
        from email_threads t
        join organizations o on o.id = t.organization_id
        join conversations c on c.organization_id = t.organization_id and c.id = t.conversation_id
        join visitors v on v.organization_id = t.organization_id and v.id = c.visitor_id
        where t.pending_since is not null
          and t.pending_since <= now() - make_interval(secs => case when c.channel = 'email' then 0
            else coalesce(o.email_followup_delay_seconds, ${defaultDelaySeconds}) end)
        order by t.pending_since limit ${limit}
        for update of t skip locked`,
  );
}

/** The agents' public replies after `afterSeq`, oldest first, with their authors' names (never notes). */
export function repliesAfter(tx: Tx, organizationId: string, conversationId: string, afterSeq: number) {
  return query<{ seq: number; body: string; created_at: Date; agent_name: string | null }>(
    tx,
    sql`select m.seq, m.body, m.created_at, a.name as agent_name from messages m
        left join agents a on a.organization_id = m.organization_id and a.id = m.author_id
        where m.organization_id = ${organizationId} and m.conversation_id = ${conversationId}
          and m.type = 'message' and m.author_type = 'agent' and m.seq > ${afterSeq}
        order by m.seq`,
  );
}

/** What an email that left changes on its thread: the Message-IDs (References of the next), the reply token. */
const sentPatch = (sent: { messageId: string; replyToken: string }) => ({
  messageIds: sql`${emailThreads.messageIds} || array[${sent.messageId}]::text[]`,
  replyToken: sql`coalesce(${emailThreads.replyToken}, ${sent.replyToken})`,
});

/**
 * An email pass is done with a thread: its mark is cleared (the follow-up's `pendingSince`, the transcript's or
 * the rating request's due time); if an email left, its Message-ID joins the thread, and a follow-up also says how
 * far it went (`lastSeq`).
 */
export async function settleThread(
  tx: Tx,
  mark: 'pendingSince' | 'transcriptDueAt' | 'ratingDueAt',
  organizationId: string,
  conversationId: string,
  sent?: { lastSeq?: number; messageId: string; replyToken: string },
) {
  const emailed = sent && { ...sentPatch(sent), ...(sent.lastSeq !== undefined && { lastEmailedSeq: sent.lastSeq }) };
  await tx
    .update(emailThreads)
    .set({ [mark]: null, ...emailed })
    .where(and(eq(emailThreads.organizationId, organizationId), eq(emailThreads.conversationId, conversationId)));
}

// ---- transcripts (transcript.ts, send-transcript.ts) ----

/** A transcript is due now (an agent's "Send transcript"; a resolve marks it through the trigger of migration 0021). */
export async function markTranscriptDue(db: DbOrTx, organizationId: string, conversationId: string) {
  await db
    .insert(emailThreads)
    .values({ organizationId, conversationId, transcriptDueAt: sql`now()` })
    .onConflictDoUpdate({ target: emailThreads.conversationId, set: { transcriptDueAt: sql`now()` } });
}

export interface DueTranscript {
  conversation_id: string;
  organization_id: string;
  reply_token: string | null;
  transcript_due_at: Date;
  message_ids: string[];
  unsubscribed_at: Date | null;
  conversation_number: number;
  visitor_id: string;
  visitor_email: string | null;
  visitor_locale: string | null;
  visitor_erased_at: Date | null;
  visitor_restricted_at: Date | null;
  organization_name: string;
  widget_settings: { color?: string };
}

/** Threads with a transcript due, locked for this transaction (other processes take others). */
export function lockDueTranscripts(tx: Tx, limit: number) {
  return query<DueTranscript>(
    tx,
    sql`select t.conversation_id, t.organization_id, t.reply_token, t.transcript_due_at, t.message_ids,
          t.unsubscribed_at, c.number as conversation_number, v.id as visitor_id, v.email as visitor_email,
          v.locale as visitor_locale, v.erased_at as visitor_erased_at, v.restricted_at as visitor_restricted_at,
          o.name as organization_name, o.widget_settings
        from email_threads t
        join organizations o on o.id = t.organization_id
        join conversations c on c.organization_id = t.organization_id and c.id = t.conversation_id
        join visitors v on v.organization_id = t.organization_id and v.id = c.visitor_id
        where t.transcript_due_at is not null
        order by t.transcript_due_at limit ${limit}
        for update of t skip locked`,
  );
}

/**
 * A conversation's public messages (`type = 'message'`: never notes nor system lines), oldest first, with their
 * authors' names and their attachments' file names; the last `limit` of a very long one.
 */
export function publicMessages(tx: Tx, organizationId: string, conversationId: string, limit: number) {
  return query<{ author_type: string; body: string; created_at: Date; agent_name: string | null; files: string[] }>(
    tx,
    sql`select * from (
          select m.seq, m.author_type, m.body, m.created_at, a.name as agent_name,
            coalesce((select array_agg(f->>'fileName') from jsonb_array_elements(m.attachments) f), '{}') as files
          from messages m
          left join agents a on a.organization_id = m.organization_id and a.id = m.author_id
          where m.organization_id = ${organizationId} and m.conversation_id = ${conversationId} and m.type = 'message'
          order by m.seq desc limit ${limit}
        ) last order by seq`,
  );
}

/** One-click unsubscribe: no more follow-ups for this conversation, and the queued ones are withdrawn. */
export async function unsubscribeThread(db: DbOrTx, conversationId: string) {
  const [thread] = await db
    .update(emailThreads)
    .set({ unsubscribedAt: sql`coalesce(${emailThreads.unsubscribedAt}, now())`, pendingSince: null })
    .where(eq(emailThreads.conversationId, conversationId))
    .returning({ organizationId: emailThreads.organizationId });
  if (!thread) return false;
  await db
    .update(emailOutbox)
    .set({ status: 'cancelled', text: '', html: null })
    .where(
      and(
        eq(emailOutbox.organizationId, thread.organizationId),
        eq(emailOutbox.conversationId, conversationId),
        eq(emailOutbox.status, 'pending'),
      ),
    );
  return true;
}

// ---- inbound (receive-email.ts) ----

/** The conversation a reply token names, with its visitor (null: no such token, or its visitor was erased). */
export async function findThreadByToken(db: DbOrTx, replyToken: string) {
  const [row] = await query<{
    organization_id: string;
    conversation_id: string;
    visitor_id: string;
    visitor_email: string | null;
    last_activity_at: Date;
  }>(
    db,
    sql`select t.organization_id, t.conversation_id, c.visitor_id, v.email as visitor_email, c.last_activity_at
        from email_threads t
        join conversations c on c.organization_id = t.organization_id and c.id = t.conversation_id
        join visitors v on v.organization_id = t.organization_id and v.id = c.visitor_id
        where t.reply_token = ${replyToken} and v.erased_at is null`,
  );
  return row ?? null;
}

/** Whether a conversation's visitor can be emailed (canEmailVisitor's facts), and the conversation's assignee. */
export async function emailReach(db: DbOrTx, organizationId: string, conversationId: string) {
  const [row] = await query<{
    assignee_id: string | null;
    email: string | null;
    erased_at: Date | null;
    restricted_at: Date | null;
    unsubscribed_at: Date | null;
  }>(
    db,
    sql`select c.assignee_id, v.email, v.erased_at, v.restricted_at, t.unsubscribed_at
        from conversations c
        join visitors v on v.organization_id = c.organization_id and v.id = c.visitor_id
        left join email_threads t on t.organization_id = c.organization_id and t.conversation_id = c.id
        where c.organization_id = ${organizationId} and c.id = ${conversationId}`,
  );
  return row ?? null;
}

// ---- email inboxes (start-email-conversation.ts) ----

/** A visitor known only by the sender of an email: a label, with no widget session (never their chat history). */
export async function insertEmailVisitor(
  tx: Tx,
  organizationId: string,
  v: { id: string; email: string; name: string | null },
) {
  const [row] = await tx
    .insert(visitors)
    .values({ id: v.id, organizationId, email: v.email, name: v.name })
    .returning();
  return row!;
}

/** The conversation's thread, made with its first (inbound) email: its reply token and that email's Message-ID. */
export async function insertThread(
  tx: Tx,
  organizationId: string,
  conversationId: string,
  t: { replyToken: string; messageId: string },
) {
  await tx
    .insert(emailThreads)
    .values({ organizationId, conversationId, replyToken: t.replyToken, messageIds: [t.messageId] });
}

/** An inbound email's Message-ID joins its thread (the next answers' In-Reply-To and References). */
export async function addThreadMessageId(db: DbOrTx, organizationId: string, conversationId: string, id: string) {
  await db
    .update(emailThreads)
    .set({ messageIds: sql`array_append(${emailThreads.messageIds}, ${id})` })
    .where(
      and(
        eq(emailThreads.organizationId, organizationId),
        eq(emailThreads.conversationId, conversationId),
        sql`not (${emailThreads.messageIds} @> array[${id}]::text[])`,
      ),
    );
}

/** Whether an email with this Message-ID already started or joined a thread of the organization (a relay's resend). */
export async function hasThreadMessageId(db: DbOrTx, organizationId: string, id: string) {
  const rows = await db
    .select({ c: emailThreads.conversationId })
    .from(emailThreads)
    .where(
      and(eq(emailThreads.organizationId, organizationId), sql`${emailThreads.messageIds} @> array[${id}]::text[]`),
    )
    .limit(1);
  return rows.length > 0;
}
