import { and, eq, lte, sql } from 'drizzle-orm';
import { conversations } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { changeConversation } from '../modules/conversations/change-conversation.js';
import type { Services } from '../services.js';

/**
 * Snoozed conversations whose time has come become open again, with a system line and an event. Safe with several
 * processes: each row is taken with SKIP LOCKED and re-checked under its lock.
 */
export async function wakeSnoozed(services: Services, batch = 100): Promise<number> {
  const due = await services.db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.status, 'snoozed'), lte(conversations.snoozedUntil, new Date())))
    .limit(batch);
  let woken = 0;
  for (const { id } of due) {
    await inTransaction(services, async (tx, uow) => {
      const [conv] = await tx
        .select()
        .from(conversations)
        .where(
          and(
            eq(conversations.id, id),
            eq(conversations.status, 'snoozed'),
            lte(conversations.snoozedUntil, new Date()),
          ),
        )
        .for('update', { skipLocked: true });
      if (!conv) return;
      await changeConversation(
        tx,
        uow,
        conv,
        { status: 'open', snoozedUntil: null },
        { by: null, reason: 'snooze_ended' },
      );
      woken++;
    });
  }
  return woken;
}

/** Replay reaches back this far; a client gone longer refetches (sync.required). */
export const EVENT_RETENTION_DAYS = 7;

export async function pruneEvents(services: Services): Promise<void> {
  await services.db.execute(
    sql`delete from events where ctid in (select ctid from events where created_at < now() - make_interval(days => ${EVENT_RETENTION_DAYS}) limit 5000)`,
  );
}

/**
 * Sign-in failures count for an hour (modules/auth/login-limits.ts); their rows, which hold addresses, go after a
 * day without a new failure (the privacy policy keeps stored IPs no longer than needed).
 */
export const LOGIN_FAILURE_RETENTION_HOURS = 24;

export async function pruneLoginFailures(services: Services): Promise<void> {
  const old = sql`last_at < now() - make_interval(hours => ${LOGIN_FAILURE_RETENTION_HOURS})`;
  await services.db.execute(
    sql`delete from login_failures where ctid in (select ctid from login_failures where ${old} limit 5000)`,
  );
  await services.db.execute(
    sql`delete from login_delays where ctid in (select ctid from login_delays where ${old} limit 5000)`,
  );
}
