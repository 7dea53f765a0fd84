import { sql } from 'drizzle-orm';
import { type DbOrTx, query, type Tx } from '../../db/client.js';

/**
 * The agents' email pass's statements (agent-email.ts) over `agent_notices` (migration 0023, written by
 * modules/agent-notices). The first runs across organizations by design, like the outbox's claim; the others are
 * about one organization's agent.
 */

/** Agents with a pending notice that is due: at most `limit`, any organization. */
export function agentsWithDueNotices(db: DbOrTx, limit: number) {
  return query<{ organization_id: string; agent_id: string }>(
    db,
    sql`select distinct organization_id, agent_id from agent_notices
        where email_status = 'pending' and email_due_at <= now() limit ${limit}`,
  );
}

export interface PendingNotice {
  id: string;
  kind: 'mention' | 'assigned' | 'low_rating';
  conversation_id: string;
  conversation_number: number;
  created_at: Date;
  read_at: Date | null;
  is_still_assigned: boolean;
  is_resolved: boolean;
  note_body: string | null;
  author_name: string | null;
  /** A low rating's score and scale (its line's) and the conversation's rating comment. */
  rated_score: number | null;
  rated_scale: string | null;
  rating_comment: string | null;
}

/** Every pending notice of the agent, oldest first, locked (another process skips them). */
export function lockPendingNotices(tx: Tx, organizationId: string, agentId: string) {
  return query<PendingNotice>(
    tx,
    sql`select n.id, n.kind, n.conversation_id, c.number as conversation_number, n.created_at, n.read_at,
               coalesce(c.assignee_id = n.agent_id, false) as is_still_assigned, c.status = 'resolved' as is_resolved,
               m.body as note_body, au.name as author_name,
               (m.system->>'score')::int as rated_score, m.system->>'scale' as rated_scale, c.rating_comment
        from agent_notices n
        join conversations c on c.id = n.conversation_id and c.organization_id = n.organization_id
        left join messages m on m.id = n.message_id
        left join agents au on au.id = n.author_id and au.organization_id = n.organization_id
        where n.organization_id = ${organizationId} and n.agent_id = ${agentId} and n.email_status = 'pending'
        order by n.created_at, n.id
        for update of n skip locked`,
  );
}

export interface NoticeRecipient {
  email: string;
  name: string;
  /** Their language (null: none chosen, English). */
  language: string | null;
  settings: unknown;
  is_gone: boolean;
  is_restricted: boolean;
  organization_name: string;
  widget_settings: { color?: string };
}

export async function findNoticeRecipient(tx: Tx, organizationId: string, agentId: string) {
  const [row] = await query<NoticeRecipient>(
    tx,
    sql`select a.email, a.name, a.language, a.notification_settings as settings,
               (a.removed_at is not null or a.erased_at is not null) as is_gone,
               a.restricted_at is not null as is_restricted, o.name as organization_name, o.widget_settings
        from agents a join organizations o on o.id = a.organization_id
        where a.organization_id = ${organizationId} and a.id = ${agentId}`,
  );
  return row;
}

export function settleNotices(tx: Tx, organizationId: string, ids: string[], status: 'sent' | 'skipped') {
  if (ids.length === 0) return Promise.resolve([]);
  return query(
    tx,
    sql`update agent_notices set email_status = ${status}
        where organization_id = ${organizationId} and id = any(${sql.param(ids)}::uuid[])`,
  );
}

export function postponeNotices(tx: Tx, organizationId: string, ids: string[], dueAt: Date) {
  return query(
    tx,
    sql`update agent_notices set email_due_at = ${dueAt.toISOString()}::timestamptz
        where organization_id = ${organizationId} and id = any(${sql.param(ids)}::uuid[])`,
  );
}
