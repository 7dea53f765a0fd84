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
import { type DbOrTx, query } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import type { Services } from '../../services.js';
import { presentConversation } from '../conversations/conversation.presenter.js';
import { findConversationsForAgent } from '../conversations/conversation.repo.js';
import { visitorLabelOf } from '../conversations/labels.js';
import {
  activityPageQuery,
  bestBodies,
  candidatesQuery,
  countBodiesQuery,
  countFieldMatchesQuery,
  type Grain,
  matchedAfterQuery,
  relevancePageQuery,
  type SearchFilters,
  type Sought,
  statisticsQuery,
  type WindowRows,
  windowQuery,
} from './search.repo.js';

/** Past this many matching messages (or conversations by their fields), results come newest first, not ranked. */
export const SEARCH_RANK_CAP = 500;
/** Blocks of 16 days read one by one, newest first, before the rest of the history is read at once. */
const BLOCKS = 24;
/** Below this share of the newest matching conversations passing the filters, a frequent word walks the inbox. */
const NARROW = 0.05;

/**
 * Where a page ends. Relevance: (score, id). Newest first, two ways: 'match', by each conversation's newest match
 * (its newest matching message, or its last activity when it matches by a field), read window by window; or
 * 'activity', by last activity along the inbox index, for a frequent word under a narrow filter. Times are
 * microseconds since the epoch, as PostgreSQL keeps them.
 */
type Cursor =
  | { order: 'relevance'; score: number; id: string }
  | { order: 'recent'; by: 'match' | 'activity'; at: number; id: string };

const encode = (c: Cursor) =>
  Buffer.from(
    c.order === 'relevance' ? `r|${c.score}|${c.id}` : `${c.by === 'match' ? 'n' : 'a'}|${c.at}|${c.id}`,
  ).toString('base64url');

function decode(cursor: string): Cursor {
  const [kind, value, id, ...rest] = Buffer.from(cursor, 'base64url').toString().split('|');
  const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id ?? '');
  if (isId && rest.length === 0 && value) {
    if (kind === 'r' && Number.isFinite(Number(value))) return { order: 'relevance', score: Number(value), id: id! };
    // From 1970 to 9999, in microseconds: a safe integer.
    const at = /^\d{1,18}$/.test(value) ? Number(value) : Number.NaN;
    if ((kind === 'n' || kind === 'a') && Number.isSafeInteger(at) && at < 253_402_300_800_000_000)
      return { order: 'recent', by: kind === 'n' ? 'match' : 'activity', at, id: id! };
  }
  throw new AppError('VALIDATION_FAILED', 'cursor is not valid');
}

/** A conversation's place in a newest-first list. */
interface Placed {
  id: string;
  at: number;
}
const newestFirst = (a: Placed, b: Placed) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
const below = (x: Placed, c: Placed | null) => !c || x.at < c.at || (x.at === c.at && x.id < c.id);

/**
 * The body matches of one organization read window by window, newest first (migration 0034): the current hour,
 * the rest of its day, the day before, then blocks of 16 days, then the rest of the history at once. Each conversation is placed
 * at its newest match, in the first window it appears in.
 */
class WindowScan {
  private grains: Grain[] = ['h', 'd', 'd', ...Array<Grain>(BLOCKS).fill('b'), 'o'];
  /** Everything at or after this (microseconds) has been read; null before the first window. */
  lo: number | null = null;
  done = false;
  /** Matching messages read, and in how many windows. */
  total = 0;
  windows = 0;
  readonly seen = new Set<string>();
  /** Conversations in the order found (newest match first). */
  readonly found: Placed[] = [];

  constructor(
    private readonly db: DbOrTx,
    private readonly organizationId: string,
    private readonly p: Sought,
    private before: number | null,
  ) {}

  async next(): Promise<void> {
    const grain = this.grains.shift();
    if (!grain) {
      this.done = true;
      return;
    }
    const rows = await query<WindowRows>(this.db, windowQuery(this.organizationId, this.p, grain, this.before));
    this.windows += 1;
    const fresh: Placed[] = [];
    for (const r of rows) {
      if (r.id === null) continue;
      this.total += Number(r.n);
      if (this.seen.has(r.id)) continue;
      this.seen.add(r.id);
      fresh.push({ id: r.id, at: Number(r.at) });
    }
    this.found.push(...fresh.sort(newestFirst));
    const lo = rows[0]?.lo ?? null;
    this.lo = lo === null ? null : Number(lo);
    this.before = this.lo;
    if (this.lo === null) this.done = true;
  }
}

export async function searchConversations(
  services: Services,
  organizationId: string,
  agentId: string,
  input: SearchFilters & { q: string; cursor?: string; limit: number },
): Promise<TSearchPage> {
  const parsed = parseSearchQuery(input.q);
  if (!parsed) throw new AppError('VALIDATION_FAILED', 'q must contain a letter or a digit');
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
    // Bitmaps of a window's matches stay exact: past work_mem they turn lossy (whole pages), and every row of
    // those pages is tested again with its document computed: 55 s for one block of a common word at 10M messages.
    await db.execute(sql`set local work_mem = '32MB'`);
    // Nor JIT: an estimate of many matches made PostgreSQL compile the ranking statement, 250 ms for 4 ms of work.
    await db.execute(sql`set local jit = off`);
    const [stats] = await query<{ words: string[]; rare: boolean }>(db, statisticsQuery(parsed));
    const p: Sought = {
      ...parsed,
      rare: stats?.rare ?? true,
      ...(stats?.words.length ? { completions: stats.words } : {}),
    };
    const infix = SEARCH_LIMITS.infixMin;
    const cap = SEARCH_RANK_CAP;
    const [fields] = await query<{ n: number }>(db, countFieldMatchesQuery(organizationId, p, cap, infix));
    const fewFields = (fields?.n ?? 0) <= cap;
    // The body matches, newest first, from the cursor (or the end of the asked range) down.
    const to = input.to ? Date.parse(input.to) * 1000 : null;
    const start = after?.order === 'recent' && after.by === 'match' ? after.at + 1 : null;
    const scan = new WindowScan(
      db,
      organizationId,
      p,
      start !== null && to !== null ? Math.min(start, to) : (start ?? to),
    );

    let order: Cursor['order'];
    let by: 'match' | 'activity' = 'match';
    if (after) {
      order = after.order;
      if (after.order === 'recent') by = after.by;
    } else {
      order = (await fewMatches(db, organizationId, p, scan)) && fewFields ? 'relevance' : 'recent';
    }

    let rows: { id: string; score?: number; at?: number; body?: boolean }[];
    if (order === 'relevance') {
      rows = await query<{ id: string; score: number }>(
        db,
        relevancePageQuery(organizationId, p, input, after?.order === 'relevance' ? after : null, input.limit, infix),
      );
    } else {
      const cursor = after?.order === 'recent' ? { at: after.at, id: after.id } : null;
      const page = new NewestMatches(db, organizationId, p, input, scan, fewFields, cursor);
      // A frequent word (more than the cap within a day) under a filter few of its conversations pass: the inbox
      // index is read newest first instead, each conversation tested, which stops after a page.
      if (!after && isFrequent(scan) && hasConversationFilter(input) && (await page.passShare()) < NARROW)
        by = 'activity';
      rows =
        by === 'activity'
          ? (
              await query<{ id: string; at: string }>(
                db,
                activityPageQuery(organizationId, p, input, cursor, input.limit, infix, 'any'),
              )
            ).map((r) => ({ id: r.id, at: Number(r.at) }))
          : await page.read(input.limit + 1);
    }
    const page = rows.slice(0, input.limit);
    const ids = page.map((r) => r.id);
    const convs = ids.length ? await findConversationsForAgent(db, organizationId, agentId, ids) : [];
    // Placed at its newest match: that match is the snippet.
    const newest = new Map(page.filter((r) => r.body && r.at !== undefined).map((r) => [r.id, r.at!]));
    const bodies = ids.length ? await bestBodies(db, organizationId, p, ids, newest, order === 'recent') : [];
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
    if (last?.score !== undefined) nextCursor = encode({ order: 'relevance', score: Number(last.score), id: last.id });
    else if (last?.at !== undefined) nextCursor = encode({ order: 'recent', by, at: last.at, id: last.id });
    return { hits, order, nextCursor };
  });
}

const YEAR_US = 365 * 86_400_000_000;
/** Fewer matches than this in the first windows say nothing of a word's rate. */
const PAGE_OF_MATCHES = 25;

/**
 * A frequent word: more than the cap in its first windows (the current hour, day and the day before: at least 24
 * hours), or a page of matches there at a rate that would pass four times the cap in a year.
 */
function isFrequent(scan: WindowScan): boolean {
  if (scan.windows > 3 || scan.lo === null) return false;
  const span = Math.max(Date.now() * 1000 - scan.lo, 3_600_000_000);
  return (
    scan.total > SEARCH_RANK_CAP ||
    (scan.total >= PAGE_OF_MATCHES && scan.total * (YEAR_US / span) > 4 * SEARCH_RANK_CAP)
  );
}

/**
 * Whether every body match can be ranked (at most the cap). The first windows are read (cheap: their window word
 * is short); a frequent word says no without counting the rest. Otherwise the word is rare enough to count all its
 * matches at once through the organization's word (a GIN read costs what it finds: 13 ms for 1,000 matches among
 * 10M messages, where reading 24 blocks one by one cost 5 ms each).
 */
async function fewMatches(db: DbOrTx, organizationId: string, p: Sought, scan: WindowScan): Promise<boolean> {
  while (!scan.done && scan.windows < 3 && !isFrequent(scan)) await scan.next();
  if (scan.done) return scan.total <= SEARCH_RANK_CAP;
  if (isFrequent(scan)) return false;
  const [n] = await query<{ n: number }>(db, countBodiesQuery(organizationId, p, SEARCH_RANK_CAP));
  return (n?.n ?? 0) <= SEARCH_RANK_CAP;
}

const hasConversationFilter = (f: SearchFilters) =>
  Boolean(f.status || f.assigneeId || f.tag || f.from || f.to || f.fields);

/**
 * A newest-first page by newest match: the windows' conversations that pass the filters and match by no field,
 * merged with the conversations matching by a field (placed at their last activity), read until the page is known:
 * everything at or after the last window's start has been read.
 */
class NewestMatches {
  /** How many of the scan's conversations were checked, and how many of those passed the filters. */
  private checked = 0;
  private passed = 0;
  private sampled = 0;
  /** The checked conversations placed at their newest matching body, newest first. */
  private readonly bodies: Placed[] = [];

  constructor(
    private readonly db: DbOrTx,
    private readonly organizationId: string,
    private readonly p: Sought,
    private readonly filters: SearchFilters,
    private readonly scan: WindowScan,
    private readonly fewFields: boolean,
    private readonly after: Placed | null,
  ) {}

  /** The share of the newest conversations found (up to 200) that pass the filters. */
  async passShare(): Promise<number> {
    while (this.checked < Math.min(200, this.scan.found.length)) await this.check(200 - this.checked);
    return this.sampled ? this.passed / this.sampled : 1;
  }

  /**
   * Checks the next `count` conversations found, in order: the filters, a field match (then placed at their last
   * activity, by the field rows), and a match after the cursor (placed there, on an earlier page).
   */
  private async check(count: number): Promise<void> {
    const batch: Placed[] = [];
    while (batch.length < count && this.checked < this.scan.found.length) {
      const x = this.scan.found[this.checked++]!;
      if (below(x, this.after)) batch.push(x);
    }
    if (!batch.length) return;
    const pass = await query<{ id: string; field: boolean }>(
      this.db,
      candidatesQuery(
        this.organizationId,
        this.p,
        this.filters,
        batch.map((x) => x.id),
        SEARCH_LIMITS.infixMin,
      ),
    );
    this.sampled += batch.length;
    this.passed += pass.length;
    const keep = new Set(pass.filter((r) => !r.field).map((r) => r.id));
    if (this.after && keep.size) {
      const shown = await query<{ id: string }>(
        this.db,
        matchedAfterQuery(this.organizationId, this.p, [...keep], this.after.at),
      );
      for (const r of shown) keep.delete(r.id);
    }
    this.bodies.push(...batch.filter((x) => keep.has(x.id)));
  }

  /**
   * The first `n` of the list. The scan's conversations are newest first, so once `n` of them are placed, the
   * older ones cannot enter the page and are never checked.
   */
  async read(n: number): Promise<(Placed & { body: boolean })[]> {
    const fieldRows = (
      await query<{ id: string; at: string }>(
        this.db,
        activityPageQuery(
          this.organizationId,
          this.p,
          this.filters,
          this.after,
          n - 1,
          SEARCH_LIMITS.infixMin,
          this.fewFields ? 'fewFields' : 'fields',
        ),
      )
    ).map((r) => ({ id: r.id, at: Number(r.at) }));
    for (;;) {
      // Batches doubling from a page's worth: a narrow filter passes few of them.
      for (let size = Math.max(32, 2 * n); this.bodies.length < n && this.checked < this.scan.found.length; size *= 2)
        await this.check(size);
      const merged = [
        ...this.bodies.map((x) => ({ ...x, body: true })),
        ...fieldRows.map((x) => ({ ...x, body: false })),
      ].sort(newestFirst);
      const lo = this.scan.lo ?? Number.POSITIVE_INFINITY;
      const known = this.scan.done ? merged : merged.filter((x) => x.at >= lo);
      if (known.length >= n || this.scan.done) return known.slice(0, n);
      await this.scan.next();
    }
  }
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
