import type { TMessage } from '@oceras/protocol';
import { and, asc, desc, eq, gt, lt, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { messages } from '../../db/schema.js';
import { presentAttachmentsOf } from '../attachments/attachment.presenter.js';
import type { FileUrls, Reader } from '../attachments/file-urls.js';
import { messageAuthors } from '../conversations/labels.js';
import { type MessageView, presentMessage, presentMessageForVisitor } from './message.presenter.js';

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

/**
 * One page of a conversation, ascending by seq, with attachment URLs signed for `reader`. Visitors get only public
 * messages (SPEC.md R2).
 */
export async function listMessages(
  { db, fileUrls }: { db: DbOrTx; fileUrls: FileUrls },
  organizationId: string,
  conversationId: string,
  q: PageQuery,
  reader: Reader,
): Promise<{ messages: TMessage[]; hasMore: boolean }> {
  const audience = reader.kind === 'agents' ? 'agent' : 'visitor';
  const forward = q.after !== undefined;
  const rows = await messagePageQuery(db, organizationId, conversationId, q, audience);
  const hasMore = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  if (!forward) page.reverse();
  const label = await messageAuthors(db, organizationId, page);
  const present = audience === 'agent' ? presentMessage : presentMessageForVisitor;
  return {
    messages: page
      .map((m) => present(m, label(m)))
      .filter((m): m is MessageView => m !== null)
      .map((m) => presentAttachmentsOf(m, fileUrls, reader)),
    hasMore,
  };
}
