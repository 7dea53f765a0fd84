import { type SQL, sql } from 'drizzle-orm';
import { query, type Tx } from '../../db/client.js';
import { hashToken } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import type { Services } from '../../services.js';

/**
 * Limits on guessing passwords that never lock the owner out (docs/ARCHITECTURE.md, "Sign-in limits"), besides the
 * route's per-address limit (app.ts):
 * - per email and address: FAILURES_PER_ADDRESS failures an hour, then that address waits, for that email only;
 * - per email, from addresses that never signed in to it: FREE_FAILURES, then each next attempt must come a delay
 *   after the last failure, twice as long each time (env LOGIN_DELAY_BASE_MS up to LOGIN_DELAY_MAX_MS). An address
 *   the agent signed in from skips it, so an attack from elsewhere never keeps them out.
 * Both are keyed by the email, not the agent: an unknown email is limited exactly like a known one, so the answers
 * tell nobody which accounts exist.
 */
export const FAILURES_PER_ADDRESS = 10;
export const FREE_FAILURES = 5;

export interface LoginAttempt {
  /** The email's SHA-256: the tables keep no list of the emails people typed. */
  emailHash: string;
  ip: string;
  /** The agent signed in from this address in the last 30 days (agent_sessions). */
  isKnownAddress: boolean;
}

export const loginAttempt = (email: string, ip: string, isKnownAddress: boolean): LoginAttempt => ({
  emailHash: hashToken(email),
  ip,
  isKnownAddress,
});

// clock_timestamp(), not now(): a statement that waited for another's row lock must compare with the time it got
// the lock, not with when its transaction began (which may be before the other's failure was written).
const pairExpired = sql`login_failures.first_at + interval '1 hour' <= clock_timestamp()`;
const delayEndsAt = (base: number, max: number) =>
  sql`login_delays.last_at + make_interval(secs => least(${max}::float8, ${base}::float8 * power(2, least(login_delays.failures - ${FREE_FAILURES}::int, 30))) / 1000)`;

/**
 * Counts the attempt as failed before the password is checked (a success takes it back: forgetLoginFailures), or
 * refuses it with RATE_LIMITED before any bcrypt run. Each counter moves in a conditional upsert that holds its
 * row's lock until COMMIT: parallel guesses queue there, so exactly the allowed number pass; an attempt refused by
 * one limit is rolled back from the other.
 */
export async function claimLoginAttempt(services: Services, attempt: LoginAttempt): Promise<void> {
  const { emailHash, ip } = attempt;
  const { LOGIN_DELAY_BASE_MS: base, LOGIN_DELAY_MAX_MS: max } = services.env;
  await services.db.transaction(async (tx) => {
    const [pair] = await query(
      tx,
      sql`insert into login_failures (email_hash, ip, failures, first_at, last_at)
          values (${emailHash}, ${ip}, 1, clock_timestamp(), clock_timestamp())
          on conflict (email_hash, ip) do update set
            failures = case when ${pairExpired} then 1 else login_failures.failures + 1 end,
            first_at = case when ${pairExpired} then clock_timestamp() else login_failures.first_at end,
            last_at = clock_timestamp()
          where ${pairExpired} or login_failures.failures < ${FAILURES_PER_ADDRESS}::int
          returning 1`,
    );
    if (!pair) {
      await refuse(
        tx,
        sql`select extract(epoch from login_failures.first_at + interval '1 hour' - clock_timestamp()) as seconds
            from login_failures where email_hash = ${emailHash} and ip = ${ip}`,
        'too many failed sign-ins from this address for this account',
      );
    }
    if (attempt.isKnownAddress || base === 0) return;
    const [account] = await query(
      tx,
      sql`insert into login_delays (email_hash, failures, last_at) values (${emailHash}, 1, clock_timestamp())
          on conflict (email_hash) do update set
            failures = case when login_delays.last_at + interval '1 hour' <= clock_timestamp() then 1
                            else login_delays.failures + 1 end,
            last_at = clock_timestamp()
          where login_delays.failures < ${FREE_FAILURES}::int or ${delayEndsAt(base, max)} <= clock_timestamp()
          returning 1`,
    );
    if (!account) {
      await refuse(
        tx,
        sql`select extract(epoch from ${delayEndsAt(base, max)} - clock_timestamp()) as seconds
            from login_delays where email_hash = ${emailHash}`,
        'too many failed sign-ins for this account',
      );
    }
  });
}

/** Throws RATE_LIMITED (which rolls the transaction back), with the wait the statement reads in whole seconds. */
async function refuse(tx: Tx, wait: SQL, why: string): Promise<never> {
  const [row] = await query<{ seconds: number }>(tx, wait);
  const seconds = Math.max(1, Math.ceil(Number(row?.seconds ?? 1)));
  throw new AppError('RATE_LIMITED', `${why}: try again in ${seconds} s`, undefined, {
    'retry-after': String(seconds),
  });
}

/**
 * The right password: this address starts afresh on this email, and one that is new to the account (it waited its
 * turn) also ends the account's delays.
 */
export async function forgetLoginFailures(services: Services, attempt: LoginAttempt): Promise<void> {
  const { emailHash, ip } = attempt;
  await query(
    services.db,
    sql`with pair as (delete from login_failures where email_hash = ${emailHash} and ip = ${ip})
        delete from login_delays where email_hash = ${emailHash} and ${!attempt.isKnownAddress}::boolean`,
  );
}
