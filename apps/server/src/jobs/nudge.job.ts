import { and, eq, type SQL, sql } from 'drizzle-orm';
import { query } from '../db/client.js';
import { conversations } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { autoReplyText } from '../modules/auto-replies/auto-reply-text.js';
import { lockForAutoReply, writeAutoReply } from '../modules/auto-replies/write-auto-reply.js';
import { autoRepliesOf } from '../modules/organizations/organization.presenter.js';
import type { Services } from '../services.js';

interface Due {
  id: string;
  organization_id: string;
  auto_replies: unknown;
}

/**
 * Open conversations whose last public message is an agent's reply older than the organization's nudge delay
 * (by `services.clock`), never nudged, the visitor not erased: the rows the nudge is due on. Only organizations
 * with the nudge on are read (their open conversations by `conversations_status_idx`).
 */
const dueSql = (now: Date, limit: number, only?: string): SQL => sql`
  select c.id, c.organization_id, o.auto_replies
  from organizations o
  join conversations c on c.organization_id = o.id and c.status = 'open'
  join messages m on m.conversation_id = c.id and m.seq = c.last_public_message_seq
  join visitors v on v.id = c.visitor_id
  where (o.auto_replies -> 'nudge' ->> 'enabled') = 'true'
    and c.nudged_at is null and c.waiting_since is null
    and m.type = 'message' and m.author_type = 'agent'
    and m.created_at <= ${now.toISOString()}::timestamptz
      - make_interval(mins => coalesce((o.auto_replies -> 'nudge' ->> 'afterMinutes')::int, 10))
    and v.erased_at is null
    ${only ? sql`and c.id = ${only}` : sql``}
  limit ${limit}`;

/**
 * The "are you still there?" nudge (issue 18), once per conversation, from the scheduler. Safe with several
 * processes: each conversation is locked with SKIP LOCKED (another process holding it may be nudging it) and
 * checked again under the lock; `nudged_at` is set in the message's transaction.
 */
export async function sendNudges(services: Services, batch = 100): Promise<number> {
  const now = services.clock();
  const due = await query<Due>(services.db, dueSql(now, batch));
  let sent = 0;
  for (const { id, organization_id: organizationId } of due) {
    await inTransaction(services, async (tx, uow) => {
      const row = await lockForAutoReply(tx, organizationId, id, { skipLocked: true });
      if (!row) return;
      const [still] = await query<Due>(tx, dueSql(now, 1, id));
      if (!still) return;
      const { nudge } = autoRepliesOf({ autoReplies: still.auto_replies ?? {} });
      const body = autoReplyText(nudge.text, row.locale);
      await writeAutoReply(tx, uow, row.conv, { kind: 'nudge', body, clientId: 'auto:nudge' });
      await tx
        .update(conversations)
        .set({ nudgedAt: now })
        .where(and(eq(conversations.organizationId, organizationId), eq(conversations.id, id)));
      sent++;
    });
  }
  return sent;
}
