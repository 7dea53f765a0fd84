import { sql } from 'drizzle-orm';
import { query, type Tx } from '../../db/client.js';
import type { ThreadRow } from '../email/thread-email.js';

/** A resolve whose rating email is to be decided, with what the decision and the email need. */
export interface DueRating extends ThreadRow {
  reply_token: string | null;
  rating_due_at: Date;
  /** Resolved less than a day ago (by the database's clock, which set the mark). */
  is_recent: boolean;
  unsubscribed_at: Date | null;
  status: string;
  rated_at: Date | null;
  visitor_locale: string | null;
  visitor_erased_at: Date | null;
  visitor_restricted_at: Date | null;
  organization_name: string;
  widget_settings: Record<string, unknown>;
}

/** Threads with a rating email to decide, locked for this transaction (other processes take others). */
export function lockDueRatings(tx: Tx, limit: number) {
  return query<DueRating>(
    tx,
    sql`select t.conversation_id, t.organization_id, t.reply_token, t.rating_due_at, t.message_ids,
          t.rating_due_at > now() - interval '1 day' as is_recent,
          t.unsubscribed_at, c.number as conversation_number, c.status, c.rated_at, v.id as visitor_id,
          v.email as visitor_email, v.locale as visitor_locale, v.erased_at as visitor_erased_at,
          v.restricted_at as visitor_restricted_at, o.name as organization_name, o.widget_settings
        from email_threads t
        join organizations o on o.id = t.organization_id
        join conversations c on c.organization_id = t.organization_id and c.id = t.conversation_id
        join visitors v on v.organization_id = t.organization_id and v.id = c.visitor_id
        where t.rating_due_at is not null
        order by t.rating_due_at limit ${limit}
        for update of t skip locked`,
  );
}
