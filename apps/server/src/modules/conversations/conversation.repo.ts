import { and, desc, eq, inArray, isNull, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { agents, conversations, messages, readCursors, visitors } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';

export async function findConversation(db: DbOrTx, organizationId: string, id: string) {
  const [row] = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.organizationId, organizationId), eq(conversations.id, id)));
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
export function decodeCursor(cursor: string): { at: Date; id: string } | null {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const date = at ? new Date(at) : null;
  if (!date || Number.isNaN(date.getTime()) || !id || !/^[0-9a-f-]{36}$/.test(id)) return null;
  return { at: date, id };
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

/** Inbox page: keyset over (last_activity_at desc, id desc), served by the partial and composite inbox indexes. */
export async function listConversations(
  db: DbOrTx,
  organizationId: string,
  agentId: string,
  f: {
    view: 'mine' | 'unassigned' | 'all';
    status?: string;
    tag?: string;
    q?: string;
    assigneeId?: string;
    priority?: string;
    after?: { at: Date; id: string } | null;
    limit: number;
  },
) {
  const where: SQL[] = [eq(conversations.organizationId, organizationId)];
  if (f.view === 'mine') where.push(eq(conversations.assigneeId, agentId));
  if (f.view === 'unassigned') where.push(isNull(conversations.assigneeId));
  if (f.status === 'unresolved') where.push(ne(conversations.status, 'resolved'));
  else if (f.status) where.push(eq(conversations.status, f.status as 'open'));
  if (f.q) where.push(searchCondition(organizationId, f.q));
  if (f.priority) where.push(eq(conversations.priority, f.priority as 'none'));
  if (f.assigneeId) where.push(eq(conversations.assigneeId, f.assigneeId));
  if (f.tag) where.push(sql`${conversations.tags} @> array[${f.tag}]::text[]`);
  if (f.after) {
    where.push(
      or(
        lt(conversations.lastActivityAt, f.after.at),
        and(eq(conversations.lastActivityAt, f.after.at), lt(conversations.id, f.after.id)),
      ) as SQL,
    );
  }
  return db
    .select({
      conversation: conversations,
      visitor: { id: visitors.id, name: visitors.name, email: visitors.email },
      lastReadSeq: sql<number>`coalesce(${readCursors.lastReadSeq}, 0)`,
      unreadCount: sql<number>`(select count(*)::int from ${messages} m where m.conversation_id = ${conversations.id}
        and m.seq > coalesce(${readCursors.lastReadSeq}, 0) and m.author_type = 'visitor')`,
    })
    .from(conversations)
    .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
    .leftJoin(readCursors, and(eq(readCursors.conversationId, conversations.id), eq(readCursors.agentId, agentId)))
    .where(and(...where))
    .orderBy(desc(conversations.lastActivityAt), desc(conversations.id))
    .limit(f.limit + 1);
}

export async function assertAgentInOrganization(db: DbOrTx, organizationId: string, agentId: string) {
  const [a] = await db
    .select({ id: agents.id })
    .from(agents)
    .where(and(eq(agents.organizationId, organizationId), eq(agents.id, agentId), isNull(agents.removedAt)));
  if (!a) throw notFound('assignee');
}

export async function authorLabels(db: DbOrTx, organizationId: string, agentIds: string[]) {
  if (agentIds.length === 0) return new Map<string, { name: string; avatarUrl: string | null }>();
  const rows = await db
    .select({ id: agents.id, name: agents.name, avatarUrl: agents.avatarUrl })
    .from(agents)
    .where(and(eq(agents.organizationId, organizationId), inArray(agents.id, agentIds)));
  return new Map(rows.map((r) => [r.id, { name: r.name, avatarUrl: r.avatarUrl }]));
}

/** A visitor of the organization with their conversations, newest first. */
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
    conversations: convs.map((c) => ({ ...c, lastActivityAt: c.lastActivityAt.toISOString() })),
  };
}
