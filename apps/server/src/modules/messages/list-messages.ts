import type { TMessage } from '@oceras/protocol';
import { and, asc, desc, eq, gt, inArray, lt, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { messages, visitors } from '../../db/schema.js';
import { authorLabels } from '../conversations/conversation.repo.js';
import { presentMessage, presentMessageForVisitor } from './message.presenter.js';

type PageQuery = { before?: number; after?: number; limit: number };

/** The page's rows, newest first unless paging forward (`after`): the query, for the API and for EXPLAIN. */
export function messagePageQuery(
  db: DbOrTx,
  organizationId: string,
  conversationId: string,
  q: PageQuery,
  audience: 'agent' | 'visitor',
) {
  const where: SQL[] = [eq(messages.organizationId, organizationId), eq(messages.conversationId, conversationId)];
  if (audience === 'visitor') where.push(eq(messages.type, 'message'));
  if (q.before !== undefined) where.push(lt(messages.seq, q.before));
  if (q.after !== undefined) where.push(gt(messages.seq, q.after));
  return db
    .select()
    .from(messages)
    .where(and(...where))
    .orderBy(q.after !== undefined ? asc(messages.seq) : desc(messages.seq))
    .limit(q.limit + 1);
}

/** One page of a conversation, ascending by seq. Visitors get only public messages (SPEC.md R2). */
export async function listMessages(
  db: DbOrTx,
  organizationId: string,
  conversationId: string,
  q: PageQuery,
  audience: 'agent' | 'visitor',
): Promise<{ messages: TMessage[]; hasMore: boolean }> {
  const forward = q.after !== undefined;
  const rows = await messagePageQuery(db, organizationId, conversationId, q, audience);
  const hasMore = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  if (!forward) page.reverse();
  const agentIds = [...new Set(page.filter((m) => m.authorType === 'agent' && m.authorId).map((m) => m.authorId!))];
  const labels = await authorLabels(db, organizationId, agentIds);
  const visitorIds = [...new Set(page.filter((m) => m.authorType === 'visitor' && m.authorId).map((m) => m.authorId!))];
  const vrows = visitorIds.length
    ? await db
        .select({ id: visitors.id, name: visitors.name })
        .from(visitors)
        .where(and(eq(visitors.organizationId, organizationId), inArray(visitors.id, visitorIds)))
    : [];
  const vlabels = new Map(vrows.map((v) => [v.id, { name: v.name, avatarUrl: null }]));
  const label = (authorType: string, id: string | null) =>
    (id && (authorType === 'agent' ? labels.get(id) : vlabels.get(id))) || null;
  const present = audience === 'agent' ? presentMessage : presentMessageForVisitor;
  return {
    messages: page.map((m) => present(m, label(m.authorType, m.authorId))).filter((m): m is TMessage => m !== null),
    hasMore,
  };
}
