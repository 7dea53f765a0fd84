import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type DbOrTx, query } from '../../db/client.js';
import { agentNotices, agents } from '../../db/schema.js';

export type AgentNoticeRow = typeof agentNotices.$inferSelect;

/** Whom a note may mention: the organization's agents who are not removed, erased or restricted. */
export function mentionCandidates(db: DbOrTx, organizationId: string) {
  return db
    .select({ id: agents.id, name: agents.name })
    .from(agents)
    .where(
      and(
        eq(agents.organizationId, organizationId),
        isNull(agents.removedAt),
        isNull(agents.erasedAt),
        isNull(agents.restrictedAt),
      ),
    );
}

/**
 * Whom a low rating is told to: the assignee, unless removed, erased or restricted; else (or unassigned) the
 * organization's admins and managers who are not.
 */
export async function lowRatingRecipients(db: DbOrTx, organizationId: string, assigneeId: string | null) {
  const active = and(
    eq(agents.organizationId, organizationId),
    isNull(agents.removedAt),
    isNull(agents.erasedAt),
    isNull(agents.restrictedAt),
  );
  if (assigneeId) {
    const [assignee] = await db
      .select({ id: agents.id })
      .from(agents)
      .where(and(active, eq(agents.id, assigneeId)));
    if (assignee) return [assignee.id];
  }
  const leads = await db
    .select({ id: agents.id })
    .from(agents)
    .where(and(active, inArray(agents.role, ['admin', 'manager'])));
  return leads.map((a) => a.id);
}

/** The conversation's latest rating line (changeConversation writes one per rating): a low rating's notice is on it. */
export async function latestRatingLine(db: DbOrTx, organizationId: string, conversationId: string) {
  const [row] = await query<{ id: string }>(
    db,
    sql`select id from messages
        where organization_id = ${organizationId} and conversation_id = ${conversationId}
          and type = 'system' and system->>'action' = 'rated'
        order by seq desc limit 1`,
  );
  return row?.id ?? null;
}

export interface NewNotice {
  agentId: string;
  kind: AgentNoticeRow['kind'];
  conversationId: string;
  messageId: string | null;
  authorId: string | null;
  emailDueAt: Date | null;
}

/** Inserts notices; a note's mention of one agent is stored once (a replayed note adds nothing). */
export function insertNotices(db: DbOrTx, organizationId: string, notices: NewNotice[]) {
  if (notices.length === 0) return Promise.resolve([]);
  return db
    .insert(agentNotices)
    .values(notices.map((n) => ({ organizationId, ...n, emailStatus: n.emailDueAt ? ('pending' as const) : null })))
    .onConflictDoNothing()
    .returning();
}

export interface MentionRow {
  id: string;
  kind: 'mention' | 'low_rating';
  /** A low rating's score and scale (its line in the thread says them), else null. */
  rating_score: number | null;
  rating_scale: string | null;
  conversation_id: string;
  conversation_number: number;
  message_id: string;
  author_id: string | null;
  author_name: string | null;
  body: string;
  created_at: Date;
  read_at: Date | null;
}

/** The notice kinds of the Mentions list (an assignment is no row of it). */
export type ListedNoticeKind = MentionRow['kind'];
const kindsIn = (kinds: readonly ListedNoticeKind[]) =>
  sql`n.kind in (${sql.join(
    kinds.map((k) => sql`${k}`),
    sql`, `,
  )})`;

/**
 * A page of the agent's notices of `kinds` (mentions, low ratings), newest first, before the cursor's
 * (created_at, id). A mention's text is its note; a low rating's is the visitor's comment, and its score and scale
 * are its rating line's.
 */
export function listMentions(
  db: DbOrTx,
  organizationId: string,
  agentId: string,
  page: {
    kinds: readonly ListedNoticeKind[];
    isUnreadOnly: boolean;
    before: { at: Date; id: string } | null;
    limit: number;
  },
) {
  return query<MentionRow>(
    db,
    sql`select n.id, n.kind, n.conversation_id, c.number as conversation_number, n.message_id, n.author_id,
               a.name as author_name,
               case when n.kind = 'low_rating' then coalesce(c.rating_comment, '') else m.body end as body,
               case when n.kind = 'low_rating' then (m.system->>'score')::int end as rating_score,
               case when n.kind = 'low_rating' then coalesce(m.system->>'scale', 'stars') end as rating_scale,
               n.created_at, n.read_at
        from agent_notices n
        join conversations c on c.id = n.conversation_id and c.organization_id = n.organization_id
        join messages m on m.id = n.message_id
        left join agents a on a.id = n.author_id
        where n.organization_id = ${organizationId} and n.agent_id = ${agentId} and ${kindsIn(page.kinds)}
          ${page.isUnreadOnly ? sql`and n.read_at is null` : sql``}
          ${page.before ? sql`and (n.created_at, n.id) < (${page.before.at.toISOString()}::timestamptz, ${page.before.id}::uuid)` : sql``}
        order by n.created_at desc, n.id desc
        limit ${page.limit}`,
  );
}

export async function countUnreadMentions(
  db: DbOrTx,
  organizationId: string,
  agentId: string,
  kinds: readonly ListedNoticeKind[],
) {
  const [row] = await query<{ n: number }>(
    db,
    sql`select count(*)::int as n from agent_notices n
        where n.organization_id = ${organizationId} and n.agent_id = ${agentId} and ${kindsIn(kinds)}
          and n.read_at is null`,
  );
  return row?.n ?? 0;
}

/** Marks the agent's unread notices of `kinds` read: in one conversation, or all (conversationId null). */
export function markMentionsRead(
  db: DbOrTx,
  organizationId: string,
  agentId: string,
  conversationId: string | null,
  kinds: readonly ListedNoticeKind[],
) {
  return query(
    db,
    sql`update agent_notices n set read_at = now()
        where n.organization_id = ${organizationId} and n.agent_id = ${agentId} and ${kindsIn(kinds)}
          and n.read_at is null
          ${conversationId ? sql`and conversation_id = ${conversationId}` : sql``}`,
  );
}

/** The note's conversation number and its author's name, for the mention as it is announced. */
export async function noteContext(db: DbOrTx, organizationId: string, conversationId: string, authorId: string) {
  const [row] = await query<{ number: number; author_name: string | null }>(
    db,
    sql`select c.number, (select name from agents where id = ${authorId} and organization_id = ${organizationId}) as author_name
        from conversations c where c.organization_id = ${organizationId} and c.id = ${conversationId}`,
  );
  return row;
}

/** Every notice of the agent, oldest first (their export). */
export function noticesOf(db: DbOrTx, organizationId: string, agentId: string) {
  return db
    .select()
    .from(agentNotices)
    .where(and(eq(agentNotices.organizationId, organizationId), eq(agentNotices.agentId, agentId)))
    .orderBy(asc(agentNotices.createdAt), asc(agentNotices.id));
}
