import { sql } from 'drizzle-orm';
import { type DbOrTx, query } from '../../db/client.js';

/** A session's last use is written at most this often (a busy visitor costs one write an hour, not one a request). */
const TOUCH_EVERY = sql`interval '1 hour'`;

/**
 * The visitor behind a session token, if the session lives: not revoked and used within `ttlDays`
 * (VISITOR_SESSION_TTL_DAYS). Using it moves its last use (at most hourly), in the same statement.
 */
export async function findLiveVisitorSession(
  db: DbOrTx,
  tokenHash: string,
  ttlDays: number,
): Promise<{ visitorId: string; organizationId: string } | undefined> {
  const [row] = await query<{ visitorId: string; organizationId: string }>(
    db,
    sql`with s as (
          select token_hash, visitor_id, organization_id, last_used_at from visitor_sessions
          where token_hash = ${tokenHash} and revoked_at is null
            and last_used_at > now() - make_interval(days => ${ttlDays})),
        touched as (
          update visitor_sessions set last_used_at = now()
          where token_hash in (select token_hash from s where last_used_at < now() - ${TOUCH_EVERY}))
        select visitor_id as "visitorId", organization_id as "organizationId" from s`,
  );
  return row;
}
