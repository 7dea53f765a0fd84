import type { TCustomAttributes, TCustomFieldValues } from '@oceras/protocol';
import { ZId } from '@oceras/protocol';
import { and, desc, eq, inArray, isNull, ne, or, type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, preparedOnce, query, type Tx } from '../../db/client.js';
import { agents, conversations, messages, organizations, readCursors, teams, visitors } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';

export async function findConversation(db: DbOrTx, organizationId: string, id: string) {
  // Inside a transaction the statement runs as built; outside, prepared once (the hot path of agent routes).
  const [row] =
    'rollback' in db
      ? await db
          .select()
          .from(conversations)
          .where(and(eq(conversations.organizationId, organizationId), eq(conversations.id, id)))
      : await preparedOnce(db, 'find_conversation', (d, name) =>
          d
            .select()
            .from(conversations)
            .where(
              and(
                eq(conversations.organizationId, sql.placeholder('org')),
                eq(conversations.id, sql.placeholder('id')),
              ),
            )
            .prepare(name),
        ).execute({ org: organizationId, id });
  if (!row) throw notFound('conversation');
  return row;
}

export async function findVisitorConversation(db: DbOrTx, organizationId: string, visitorId: string, id: string) {
  const [row] = await db
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.organizationId, organizationId),
        eq(conversations.visitorId, visitorId),
        eq(conversations.id, id),
      ),
    );
  if (!row) throw notFound('conversation');
  return row;
}

export const encodeCursor = (at: Date, id: string) => Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
/** The cursor encodeCursor made, or null for anything else (a time PostgreSQL cannot hold, an id that is no UUID). */
export function decodeCursor(cursor: string): { at: Date; id: string } | null {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString().split('|');
  const date = at ? new Date(at) : null;
  if (!date || Number.isNaN(date.getTime()) || rest.length > 0) return null;
  const year = date.getUTCFullYear();
  if (year < 1970 || year > 9999 || !ZId.safeParse(id).success) return null;
  return { at: date, id: id! };
}

/**
 * Search: "#12" or "12" is the conversation number (the unique (organization_id, number) index); anything else is a
 * case-insensitive prefix of the subject, the visitor's name or email, with LIKE wildcards escaped. It is an extra
 * predicate on the keyset scan of the organization's inbox index (no sequential scan of other tenants, no OFFSET);
 * the visitor side is a subquery on the conversations row alone, so it also holds where the page is chosen before
 * any join. A trigram index would be the next step for organizations with millions of conversations.
 */
function searchCondition(organizationId: string, q: string): SQL {
  const needle = q.trim().toLowerCase();
  if (/^#?\d{1,9}$/.test(needle)) return eq(conversations.number, Number(needle.replace('#', '')));
  const pattern = `${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return or(
    sql`lower(${conversations.subject}) like ${pattern}`,
    sql`${conversations.visitorId} in (select v.id from visitors v where v.organization_id = ${organizationId}
      and (lower(v.name) like ${pattern} or lower(v.email) like ${pattern}))`,
  ) as SQL;
}

// Exactly the inbox indexes' order (drizzle-kit builds them DESC NULLS LAST; a bare DESC means NULLS FIRST,
// which PostgreSQL will not read from those indexes without sorting).
const NEWEST_FIRST = [sql`${conversations.lastActivityAt} desc nulls last`, sql`${conversations.id} desc nulls last`];

/** The inbox list's filters (ZListConversationsQuery, a saved view's filters). */
export interface ListedFilter {
  view: 'mine' | 'unassigned' | 'all';
  status?: string;
  tag?: string;
  q?: string;
  assigneeId?: string;
  teamId?: string;
  priority?: string;
  /** Custom field filters, parsed (modules/custom-fields/field-filters.ts): all must hold. */
  fields?: TCustomFieldValues | null;
}

/** THE rule of what a list's filters select, for its pages and for the saved views' counts. */
function listedConditions(organizationId: string, agentId: string, f: ListedFilter): SQL[] {
  const where: SQL[] = [eq(conversations.organizationId, organizationId)];
  if (f.view === 'mine') where.push(eq(conversations.assigneeId, agentId));
  if (f.view === 'unassigned') where.push(isNull(conversations.assigneeId));
  if (f.status === 'unresolved') where.push(ne(conversations.status, 'resolved'));
  else if (f.status) where.push(eq(conversations.status, f.status as 'open'));
  if (f.q) where.push(searchCondition(organizationId, f.q));
  if (f.priority) where.push(eq(conversations.priority, f.priority as 'none'));
  if (f.assigneeId) where.push(eq(conversations.assigneeId, f.assigneeId));
  if (f.teamId) where.push(eq(conversations.teamId, f.teamId));
  if (f.tag) where.push(sql`${conversations.tags} @> array[${f.tag}]::text[]`);
  // Containment (the protocol's fieldValueMatches); `<> '{}'` lets the partial GIN index serve it.
  if (f.fields)
    where.push(
      sql`${conversations.customFields} <> '{}'::jsonb and ${conversations.customFields} @> ${JSON.stringify(f.fields)}::jsonb`,
    );
  return where;
}

/**
 * Inbox page: keyset over (last_activity_at desc, id desc), served by the partial and composite inbox indexes.
 * Returns the query itself (awaiting it runs it), so that bench/inbox can EXPLAIN exactly what the API runs.
 */
export function listConversations(
  db: DbOrTx,
  organizationId: string,
  agentId: string,
  f: ListedFilter & { after?: { at: Date; id: string } | null; limit: number },
) {
  const where = listedConditions(organizationId, agentId, f);
  // Row comparison: one index range, whichever composite inbox index serves the filters.
  if (f.after) where.push(sql`(${conversations.lastActivityAt}, ${conversations.id}) < (${f.after.at}, ${f.after.id})`);
  // The page is chosen first (an ordered index scan that stops after limit + 1 rows); only its rows are then
  // joined with their visitor and this agent's read cursor, and their unread messages counted.
  const page = db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(...where))
    .orderBy(...NEWEST_FIRST)
    .limit(f.limit + 1)
    .as('page');
  return db
    .select(AGENT_VIEW)
    .from(page)
    .innerJoin(conversations, eq(conversations.id, page.id))
    .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
    .leftJoin(readCursors, readCursorOf(agentId))
    .orderBy(...NEWEST_FIRST);
}

/**
 * How many conversations each list would show, counted up to `cap` (one statement for all of them; each count
 * stops after `cap` index entries, so a view's cost stays bounded whatever the organization's size).
 */
export async function countListed(
  db: DbOrTx,
  organizationId: string,
  agentId: string,
  lists: { id: string; filter: ListedFilter }[],
  cap: number,
): Promise<Map<string, number>> {
  if (lists.length === 0) return new Map();
  const parts = lists.map(
    ({ id, filter }) =>
      sql`select ${id}::uuid as id, (select count(*)::int from (select 1 from ${conversations}
        where ${and(...listedConditions(organizationId, agentId, filter))} limit ${cap}) x) as n`,
  );
  const rows = await query<{ id: string; n: number }>(db, sql.join(parts, sql` union all `));
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

/** A conversation as one agent sees it: its visitor's labels, the agent's read cursor and unread count. */
const AGENT_VIEW = {
  conversation: conversations,
  visitor: { id: visitors.id, name: visitors.name, email: visitors.email, erasedAt: visitors.erasedAt },
  lastReadSeq: sql<number>`coalesce(${readCursors.lastReadSeq}, 0)`,
  unreadCount: sql<number>`(select count(*)::int from ${messages} m where m.conversation_id = ${conversations.id}
    and m.seq > coalesce(${readCursors.lastReadSeq}, 0) and m.author_type = 'visitor')`,
};
const readCursorOf = (agentId: string) =>
  and(eq(readCursors.conversationId, conversations.id), eq(readCursors.agentId, agentId));

/** Conversations of the organization by id, as the agent sees them (listConversations' rows), in no order. */
export function findConversationsForAgent(db: DbOrTx, organizationId: string, agentId: string, ids: string[]) {
  return db
    .select(AGENT_VIEW)
    .from(conversations)
    .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
    .leftJoin(readCursors, readCursorOf(agentId))
    .where(and(eq(conversations.organizationId, organizationId), inArray(conversations.id, ids)));
}

export async function assertAgentInOrganization(db: DbOrTx, organizationId: string, agentId: string) {
  const [a] = await db
    .select({ id: agents.id })
    .from(agents)
    .where(and(eq(agents.organizationId, organizationId), eq(agents.id, agentId), isNull(agents.removedAt)));
  if (!a) throw notFound('assignee');
}

export async function assertTeamInOrganization(db: DbOrTx, organizationId: string, teamId: string) {
  const [t] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.organizationId, organizationId), eq(teams.id, teamId)));
  if (!t) throw notFound('team');
}

/** A visitor of the organization (a contact) with their conversations, newest first, and the page each began on. */
export async function findVisitorDetail(db: DbOrTx, organizationId: string, visitorId: string) {
  const [v] = await db
    .select()
    .from(visitors)
    .where(and(eq(visitors.organizationId, organizationId), eq(visitors.id, visitorId)));
  if (!v) throw notFound('visitor');
  const convs = await db
    .select({
      id: conversations.id,
      number: conversations.number,
      status: conversations.status,
      subject: conversations.subject,
      lastMessagePreview: conversations.lastMessagePreview,
      lastActivityAt: conversations.lastActivityAt,
      createdAt: conversations.createdAt,
      pageUrl: conversations.pageUrl,
      pageTitle: conversations.pageTitle,
    })
    .from(conversations)
    .where(and(eq(conversations.organizationId, organizationId), eq(conversations.visitorId, visitorId)))
    .orderBy(desc(conversations.lastActivityAt))
    .limit(50);
  return {
    id: v.id,
    name: v.name,
    email: v.email,
    firstSeenAt: v.firstSeenAt.toISOString(),
    lastSeenAt: v.lastSeenAt.toISOString(),
    userAgent: v.userAgent,
    isRestricted: v.restrictedAt !== null,
    erasedAt: v.erasedAt?.toISOString() ?? null,
    userId: v.externalUserId,
    customAttributes: v.customAttributes as TCustomAttributes,
    customFields: v.customFields,
    phone: v.phone,
    company: v.company,
    timeZone: v.timeZone,
    locale: v.locale,
    conversations: convs.map((c) => ({
      ...c,
      lastActivityAt: c.lastActivityAt.toISOString(),
      createdAt: c.createdAt.toISOString(),
    })),
  };
}

const NO_ASSIGNEE = '00000000-0000-0000-0000-000000000000';
export const UNREAD_CAP = 100;

/**
 * The inbox counters of one agent (the statement, for the API and for EXPLAIN): views and statuses from the
 * trigger-kept conversation_counts buckets, a handful of rows whatever the organization's size; unread = the
 * agent's own open conversations whose newest public message they have not read, counted up to 100 (a badge
 * shows "99+"), from an index-only scan and one cursor lookup per conversation.
 */
export const countsQuery = (organizationId: string, agentId: string) =>
  sql`select coalesce(sum(n) filter (where status <> 'resolved'), 0)::int as "all",
             coalesce(sum(n) filter (where status <> 'resolved' and assignee_id = ${agentId}), 0)::int as mine,
             coalesce(sum(n) filter (where status <> 'resolved' and assignee_id = ${NO_ASSIGNEE}), 0)::int as unassigned,
             coalesce(sum(n) filter (where status = 'open'), 0)::int as open,
             coalesce(sum(n) filter (where status = 'pending'), 0)::int as pending,
             coalesce(sum(n) filter (where status = 'snoozed'), 0)::int as snoozed,
             coalesce(sum(n) filter (where status = 'resolved'), 0)::int as resolved,
             (${unreadQuery(organizationId, agentId)}) as unread
      from conversation_counts where organization_id = ${organizationId}`;

/** The agent's unread conversations (see countsQuery), alone: the badge of a push. */
export async function countUnread(db: DbOrTx, organizationId: string, agentId: string): Promise<number> {
  const [row] = await query<{ unread: number }>(db, sql`select (${unreadQuery(organizationId, agentId)}) as unread`);
  return Number(row?.unread ?? 0);
}

/** The statement of countUnread, also a part of countsQuery. */
export const unreadQuery = (organizationId: string, agentId: string) =>
  sql`select count(*)::int from (
        select 1 from conversations c
        where c.organization_id = ${organizationId} and c.assignee_id = ${agentId} and c.status <> 'resolved'
          and c.last_public_message_seq > coalesce((select r.last_read_seq from read_cursors r
            where r.agent_id = ${agentId} and r.conversation_id = c.id), 0)
        limit ${UNREAD_CAP}) u`;

/**
 * A new conversation of the organization, numbered from its counter (`#n`, taken on the organization's row in the
 * caller's transaction): the widget's start and an email to an inbox both come here.
 */
export async function insertConversation(
  tx: Tx,
  organizationId: string,
  values: Omit<typeof conversations.$inferInsert, 'organizationId' | 'number' | 'pageUrl' | 'pageTitle'> & {
    pageUrl?: string | SQL | null;
    pageTitle?: string | SQL | null;
  },
) {
  const [org] = await tx
    .update(organizations)
    .set({ conversationCounter: sql`${organizations.conversationCounter} + 1` })
    .where(eq(organizations.id, organizationId))
    .returning({ n: organizations.conversationCounter });
  const [c] = await tx
    .insert(conversations)
    .values({ ...values, organizationId, number: org!.n })
    .returning();
  if (!c) throw new Error('conversation insert returned nothing');
  return c;
}
