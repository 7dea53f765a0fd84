import { type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, query } from '../db/client.js';
import type { Services } from '../services.js';

/**
 * The retention the privacy policy promises, kept by the server itself, in every process: each statement takes its
 * rows with SKIP LOCKED (rows another process is already on are left to it) and works in batches, so several
 * processes run it at once without waiting on each other or doing a row twice. Times are the database's `now()`,
 * so tests move the rows' timestamps back instead of the clock.
 *
 *  - Addresses (§2.2, §2.3): a visitor's IP and user agent, and the IP an agent session started from, are removed
 *    30 days after they were recorded (a visitor's are recorded again at each visit).
 *  - Ended records: agent sessions revoked or expired, rotated refresh tokens, used, withdrawn or expired
 *    invitations, and revoked or expired visitor sessions are deleted after ENDED_RECORD_DAYS.
 *  - Visitor sessions (VISITOR_SESSION_TTL_DAYS): a session unused that long has ended (the principal refuses it
 *    at once); its row goes here, and so does its visitor if nothing else of theirs is left (no conversation, no
 *    other session): a visitor who never wrote leaves nothing behind.
 *  - Conversation retention (organizations.conversation_retention_days, off by default): resolved conversations
 *    without activity for that many days are deleted, with their messages; their visitor too if nothing is left.
 */

/** §2.3 and §6: stored addresses are kept no longer than the logs. */
export const ADDRESS_RETENTION_DAYS = 30;
/** An ended session or invitation is kept this long (a late "this invitation has expired" still finds it). */
export const ENDED_RECORD_DAYS = 7;
const BATCH = 5000;
const CONVERSATION_BATCH = 500;

const daysAgo = (days: number) => sql`now() - make_interval(days => ${days})`;

async function count(db: DbOrTx, statement: SQL): Promise<number> {
  return (
    await query<{ n: number }>(db, sql`with gone as (${statement} returning 1) select count(*)::int as n from gone`)
  )[0]!.n;
}

/** Visitors' IP and user agent, and agent sessions' IP, 30 days after they were recorded. */
export async function forgetAddresses(db: DbOrTx): Promise<number> {
  const visitors = await count(
    db,
    sql`update visitors set ip = null, user_agent = null where id in (
          select id from visitors where (ip is not null or user_agent is not null)
            and last_seen_at < ${daysAgo(ADDRESS_RETENTION_DAYS)}
          limit ${BATCH} for update skip locked)`,
  );
  const sessions = await count(
    db,
    sql`update agent_sessions set ip = null where id in (
          select id from agent_sessions where ip is not null and created_at < ${daysAgo(ADDRESS_RETENTION_DAYS)}
          limit ${BATCH} for update skip locked)`,
  );
  return visitors + sessions;
}

/** Agent sessions ended a week ago (their refresh tokens and devices go with them), old rotated tokens, invitations. */
export async function purgeEndedRecords(db: DbOrTx): Promise<number> {
  const ended = daysAgo(ENDED_RECORD_DAYS);
  const sessions = await count(
    db,
    sql`delete from agent_sessions where id in (
          select id from agent_sessions where revoked_at < ${ended} or expires_at < ${ended}
          limit ${BATCH} for update skip locked)`,
  );
  // A rotated token only serves to notice its reuse; a family lives 30 days from its last use at most.
  const tokens = await count(
    db,
    sql`delete from refresh_tokens where token_hash in (
          select token_hash from refresh_tokens where rotated_at < ${daysAgo(30)}
          limit ${BATCH} for update skip locked)`,
  );
  const invitations = await count(
    db,
    sql`delete from invitations where id in (
          select id from invitations where accepted_at < ${ended} or revoked_at < ${ended} or expires_at < ${ended}
          limit ${BATCH} for update skip locked)`,
  );
  return sessions + tokens + invitations;
}

/** Visitor sessions revoked a week ago or unused for `ttlDays`, and the visitors they leave with nothing. */
export async function purgeVisitorSessions(db: DbOrTx, ttlDays: number): Promise<number> {
  const [row] = await query<{ n: number }>(
    db,
    sql`with gone as (
          delete from visitor_sessions where token_hash in (
            select token_hash from visitor_sessions
            where revoked_at < ${daysAgo(ENDED_RECORD_DAYS)} or last_used_at < ${daysAgo(ttlDays)}
            limit ${BATCH} for update skip locked)
          returning token_hash, visitor_id),
        bare as (${deleteBareVisitors(sql`select visitor_id from gone`, sql`select token_hash from gone`)})
        select count(*)::int as n from gone`,
  );
  return row!.n;
}

/**
 * Deletes the visitors among `candidates` that have no conversation and no session left. The statement that
 * removed their sessions (`goneSessions`) runs in the same snapshot, so those rows are still seen and excluded.
 */
function deleteBareVisitors(candidates: SQL, goneSessions: SQL | null) {
  return sql`delete from visitors v where v.id in (${candidates})
      and not exists (select 1 from conversations c where c.visitor_id = v.id)
      and not exists (select 1 from visitor_sessions s where s.visitor_id = v.id
        ${goneSessions ? sql`and s.token_hash not in (${goneSessions})` : sql``})`;
}

/**
 * Resolved conversations quiet for their organization's retention (at least 7 days: the replay log has forgotten
 * their messages by then), with their messages, read marks and pushes; then their visitors if nothing is left.
 * Returns how many conversations went.
 */
export async function applyConversationRetention(db: DbOrTx): Promise<number> {
  const gone = await query<{ visitor_id: string }>(
    db,
    sql`delete from conversations where id in (
          select c.id from conversations c join organizations o on o.id = c.organization_id
          where o.conversation_retention_days is not null and c.status = 'resolved'
            and c.last_activity_at < now() - make_interval(days => o.conversation_retention_days)
          limit ${CONVERSATION_BATCH} for update of c skip locked)
        returning visitor_id`,
  );
  if (gone.length > 0) {
    const ids = [...new Set(gone.map((g) => g.visitor_id))];
    await query(
      db,
      deleteBareVisitors(
        sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        ),
        null,
      ),
    );
  }
  return gone.length;
}

/** Every retention job once; what each removed, for the log. */
export async function runRetention(services: Pick<Services, 'db' | 'env'>) {
  return {
    addresses: await forgetAddresses(services.db),
    ended: await purgeEndedRecords(services.db),
    visitorSessions: await purgeVisitorSessions(services.db, services.env.VISITOR_SESSION_TTL_DAYS),
    conversations: await applyConversationRetention(services.db),
  };
}
