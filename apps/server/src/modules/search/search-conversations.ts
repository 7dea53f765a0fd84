// GET /api/v1/search: an agent's full-text search of their organization's conversations (issue 17). Messages and
// notes both match (agents only: the route is agent-only and no visitor route searches). Ranked while the matches
// are few enough to rank (SEARCH_RANK_CAP), newest first beyond; keyset-paginated either way, with a snippet whose
// highlights are ranges into plain text.
import {
  parseSearchQuery,
  SEARCH_LIMITS,
  type TSearchHit,
  type TSearchMatchKind,
  type TSearchPage,
  type TSnippet,
} from '@oceras/protocol';
import { sql } from 'drizzle-orm';
import { query } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import type { Services } from '../../services.js';
import { presentConversation } from '../conversations/conversation.presenter.js';
import { findConversationsForAgent } from '../conversations/conversation.repo.js';
import { visitorLabelOf } from '../conversations/labels.js';
import {
  bestBodies,
  countMatchesQuery,
  recentPageQuery,
  relevancePageQuery,
  type SearchFilters,
} from './search.repo.js';

/** Past this many matching messages (or conversations by their fields), results come newest first, not ranked. */
export const SEARCH_RANK_CAP = 500;

type Cursor = { order: 'relevance'; score: number; id: string } | { order: 'recent'; at: string; id: string };

const encode = (c: Cursor) =>
  Buffer.from(c.order === 'relevance' ? `r|${c.score}|${c.id}` : `t|${c.at}|${c.id}`).toString('base64url');

function decode(cursor: string): Cursor {
  const [kind, value, id, ...rest] = Buffer.from(cursor, 'base64url').toString().split('|');
  const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id ?? '');
  if (isId && rest.length === 0) {
    if (kind === 'r' && value && Number.isFinite(Number(value)))
      return { order: 'relevance', score: Number(value), id: id! };
    const at = value ? new Date(value) : null;
    if (kind === 't' && at && !Number.isNaN(at.getTime()) && at.getUTCFullYear() >= 1970 && at.getUTCFullYear() <= 9999)
      return { order: 'recent', at: at.toISOString(), id: id! };
  }
  throw new AppError('VALIDATION_FAILED', 'cursor is not valid');
}

export async function searchConversations(
  services: Services,
  organizationId: string,
  agentId: string,
  input: SearchFilters & { q: string; cursor?: string; limit: number },
): Promise<TSearchPage> {
  const p = parseSearchQuery(input.q);
  if (!p) throw new AppError('VALIDATION_FAILED', 'q must contain a letter or a digit');
  const after = input.cursor ? decode(input.cursor) : null;
  // One transaction, so that its statements may not start parallel workers: the planner expects many
  // rows from a full-text match and gathers them in workers, whose start cost more than the search itself (100 ms
  // against 3 on the benchmark's machine); a search reads few rows by index, or stops early along the inbox index.
  // Nor a sequential scan: a word outside the most common lexemes is estimated at half the rarest one's frequency,
  // which in repetitive text (support messages) is a few percent, so "the first 501 matches" looked cheaper read
  // from the start of `messages` than from the index: 79 s for a word in 1 message of 10,000 at 10M messages,
  // against 14 ms through the index (docs/PERFORMANCE.md, search at 1M).
  return services.db.transaction(async (db) => {
    await db.execute(sql`set local max_parallel_workers_per_gather = 0`);
    await db.execute(sql`set local enable_seqscan = off`);
    const infix = SEARCH_LIMITS.infixMin;
    let order = after?.order;
    if (!order) {
      const [n] = await query<{ bodies: number; fields: number }>(
        db,
        countMatchesQuery(organizationId, p, SEARCH_RANK_CAP, infix),
      );
      order = (n?.bodies ?? 0) > SEARCH_RANK_CAP || (n?.fields ?? 0) > SEARCH_RANK_CAP ? 'recent' : 'relevance';
    }
    const rows =
      order === 'relevance'
        ? await query<{ id: string; score: number }>(
            db,
            relevancePageQuery(
              organizationId,
              p,
              input,
              after?.order === 'relevance' ? after : null,
              input.limit,
              infix,
            ),
          )
        : await query<{ id: string; at: string | Date }>(
            db,
            recentPageQuery(organizationId, p, input, after?.order === 'recent' ? after : null, input.limit, infix),
          );
    const page = rows.slice(0, input.limit);
    const ids = page.map((r) => r.id);
    const convs = ids.length ? await findConversationsForAgent(db, organizationId, agentId, ids) : [];
    const bodies = ids.length ? await bestBodies(db, organizationId, p, ids) : [];
    const byId = new Map(convs.map((r) => [r.conversation.id, r]));
    const bodyOf = new Map(bodies.map((b) => [b.conversation_id, b]));
    const hits: TSearchHit[] = [];
    for (const id of ids) {
      const r = byId.get(id);
      if (!r) continue;
      const conversation = {
        ...presentConversation(r.conversation, visitorLabelOf(r.visitor)),
        lastReadSeq: Number(r.lastReadSeq),
        unreadCount: Number(r.unreadCount),
      };
      hits.push({ conversation, ...matchOf(p, conversation, bodyOf.get(id)) });
    }
    const last = rows.length > input.limit ? page.at(-1) : undefined;
    let nextCursor: string | null = null;
    if (last && 'score' in last) nextCursor = encode({ order: 'relevance', score: Number(last.score), id: last.id });
    else if (last && 'at' in last)
      nextCursor = encode({ order: 'recent', at: new Date(last.at).toISOString(), id: last.id });
    return { hits, order, nextCursor };
  });
}

/** Where the conversation matched, best first: its number, a body, its subject, its visitor, a tag. */
function matchOf(
  p: NonNullable<ReturnType<typeof parseSearchQuery>>,
  c: TSearchHit['conversation'],
  body: { seq: number; type: 'message' | 'note'; headline: string } | undefined,
): { match: TSearchMatchKind; messageSeq: number | null; snippet: TSnippet } {
  if (p.number !== null && c.number === p.number) {
    const text = `#${c.number}`;
    return { match: 'number', messageSeq: null, snippet: { text, highlights: [{ start: 0, end: text.length }] } };
  }
  if (body) return { match: body.type, messageSeq: body.seq, snippet: fromHeadline(body.headline) };
  const visitor = [c.visitor.name, c.visitor.email].filter(Boolean).join(' · ');
  for (const [match, text] of [
    ['subject', c.subject ?? ''],
    ['visitor', visitor],
  ] as const) {
    const at = text.toLowerCase().indexOf(p.needle);
    if (at >= 0)
      return { match, messageSeq: null, snippet: { text, highlights: [{ start: at, end: at + p.needle.length }] } };
  }
  const tag = c.tags.find((t) => t === p.needle) ?? c.tags[0] ?? '';
  return {
    match: 'tag',
    messageSeq: null,
    snippet: { text: tag, highlights: tag ? [{ start: 0, end: tag.length }] : [] },
  };
}

/** ts_headline's text with U+0002 … U+0003 around each match (migration 0012) as plain text and ranges. */
export function fromHeadline(headline: string): TSnippet {
  let text = '';
  const highlights: TSnippet['highlights'] = [];
  let start = -1;
  for (const ch of headline) {
    if (ch === '\u0002') start = text.length;
    else if (ch === '\u0003') {
      if (start >= 0 && text.length > start) highlights.push({ start, end: text.length });
      start = -1;
    } else text += ch;
  }
  return { text, highlights };
}
