// The search statements (SQL only). What a body means to search (its tsvector, a term's tsquery, the headline) is
// defined once, by the SQL functions of migration 0012, and what the index holds per message and what a time window
// is, by those of migration 0034; these statements call them by name, so the planner matches
// oceras_search_entry(body, organization_id, created_at) with messages_search_idx. Every statement filters on the
// organization first.
import type { ParsedSearch, TCustomFieldValues } from '@oceras/protocol';
import { type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, query } from '../../db/client.js';

export interface SearchFilters {
  /** Custom field filters, parsed (modules/custom-fields/field-filters.ts): all must hold. */
  fields?: TCustomFieldValues | null;
  status?: string;
  assigneeId?: string;
  tag?: string;
  from?: string;
  to?: string;
}

/**
 * A query as the statements read it: the parsed query, and the word being typed's completions when the index's
 * statistics know common ones (completionsQuery).
 */
export type Sought = ParsedSearch & {
  completions?: readonly string[];
  /** Some term is rare among every organization's messages (statisticsQuery). */
  rare?: boolean;
};

/**
 * The query as a tsquery: every term must match; the word being typed also as a prefix, or, when some of its
 * completions are common words, as any of those. A prefix query reads every completion's matches into a bitmap
 * before anything else (GIN cannot intersect it with a window as it reads): 300 ms for `refund:*` among 10M
 * messages, whichever window it is ANDed with, against 12 ms for the word itself.
 */
export function tsqueryOf(p: Sought, reading: 'exact' | 'count' = 'exact'): SQL {
  const typed = (term: string) =>
    p.completions?.length
      ? sql`(${exact(term)} || oceras_search_words(${sql.param([...p.completions])}::text[]))`
      : sql`(${exact(term)} || oceras_search_prefix(${p.prefix}))`;
  // A term with the words all its readings share ANDed in (oceras_search_shared, migration 0034); to count, those
  // words alone when there are some (no phrase to test: at least as many matches as the term, never fewer).
  const exact = (term: string) =>
    reading === 'count'
      ? sql`coalesce(oceras_search_shared(${term}), oceras_search_term(${term}))`
      : sql`coalesce(oceras_search_term(${term}) && oceras_search_shared(${term}), oceras_search_term(${term}))`;
  const parts = p.terms.map((term, i) => (i === p.terms.length - 1 && p.prefix ? typed(term) : exact(term)));
  return sql`(${sql.join(parts, sql` && `)})`;
}

const uuidList = (ids: string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const patternOf = (p: ParsedSearch, infixMin: number) =>
  p.needle.length >= infixMin ? `%${escapeLike(p.needle)}%` : `${escapeLike(p.needle)}%`;

/** Visitors of the organization whose name or email holds the query (read by the trigram indexes). */
const matchingVisitors = (organizationId: string, pattern: string) =>
  sql`select v.id from visitors v where v.organization_id = ${organizationId}
    and (v.name ilike ${pattern} or v.email ilike ${pattern})`;

/**
 * Conversations matching by their own fields: the number, a part of the subject or of the visitor's name or email
 * (inside from SEARCH_LIMITS.infixMin characters, read by the trigram indexes; shorter, a prefix), or a tag equal
 * to the query. A union of one indexed read each (an OR of them would read every conversation).
 */
export function fieldMatchIds(organizationId: string, p: ParsedSearch, infixMin: number): SQL {
  const pattern = patternOf(p, infixMin);
  return sql`${p.number !== null ? sql`select c.id from conversations c where c.organization_id = ${organizationId} and c.number = ${p.number} union ` : sql``}select c.id from conversations c where c.organization_id = ${organizationId} and c.subject ilike ${pattern}
    union select c.id from conversations c where c.organization_id = ${organizationId} and c.tags @> array[${p.needle}]::text[]
    union select c.id from conversations c where c.organization_id = ${organizationId}
      and c.visitor_id in (${matchingVisitors(organizationId, pattern)})`;
}

/** The same fields, tested on one conversation row `c` (while reading the inbox index in order). */
function fieldMatchRow(organizationId: string, p: ParsedSearch, infixMin: number): SQL {
  const pattern = patternOf(p, infixMin);
  return sql`(${p.number !== null ? sql`c.number = ${p.number} or ` : sql``}c.subject ilike ${pattern}
    or c.tags @> array[${p.needle}]::text[] or c.visitor_id in (${matchingVisitors(organizationId, pattern)}))`;
}

/** A window of the index (migration 0034): the organization ('o'), or its UTC hour, day or 16-day block. */
export type Grain = 'o' | 'h' | 'd' | 'b';

/** A term of more than one word (a phrase, "e-mail"): its words' order is tested on each row, not by the index. */
const hasPhrase = (p: Sought) => p.terms.some((t) => !/^[\p{L}\p{N}]+$/u.test(t));

/**
 * The organization's messages and notes matching in the window of `grain` that holds `at`, read from the index:
 * the window's word ANDed with the words sought, so only that organization's matches in it are read. The index
 * reads each term by its shared words where it has some (`tsqueryOf(p, 'count')`), and a phrase is then tested on
 * the rows found: GIN reads an OR of phrases entry by entry (9 ms for one day's window, against 1 ms for its words).
 * `approximate`: the shared words only (a phrase's matches and maybe more), to count.
 */
const indexedMatch = (organizationId: string, p: Sought, grain: Grain, at: SQL, approximate = false) =>
  sql`m.organization_id = ${organizationId} and m.type <> 'system'
    and oceras_search_entry(m.body, m.organization_id, m.created_at) @@ ${
      // The organization's whole history, for a word rare among all of them: its matches read from the index and
      // the other organizations' ones left by their row (1,000 matches: 3 ms); the organization's word would be
      // read along with them, a leaf of its long list per match (17 ms).
      grain === 'o' && p.rare
        ? tsqueryOf(p, 'count')
        : sql`(${tsqueryOf(p, 'count')} && oceras_search_window(${organizationId}, ${grain}, ${at}))`
    }${hasPhrase(p) && !approximate ? sql` and oceras_search_document(m.body) @@ ${tsqueryOf(p)}` : sql``}`;

/** The same test on rows already found (a conversation's messages): the body's document alone. */
const bodyMatch = (organizationId: string, tsq: SQL) =>
  sql`m.organization_id = ${organizationId} and m.type <> 'system' and oceras_search_document(m.body) @@ ${tsq}`;

const everyMatch = (organizationId: string, p: Sought, approximate = false) =>
  indexedMatch(organizationId, p, 'o', sql`now()`, approximate);

function filtersOf(f: SearchFilters): SQL {
  const parts: SQL[] = [];
  if (f.status === 'unresolved') parts.push(sql`c.status <> 'resolved'`);
  else if (f.status) parts.push(sql`c.status = ${f.status}`);
  if (f.assigneeId) parts.push(sql`c.assignee_id = ${f.assigneeId}`);
  if (f.tag) parts.push(sql`c.tags @> array[${f.tag}]::text[]`);
  if (f.from) parts.push(sql`c.last_activity_at >= ${f.from}`);
  if (f.to) parts.push(sql`c.last_activity_at < ${f.to}`);
  // The inbox list's containment (conversation.repo.ts), `<> '{}'` for the partial GIN index.
  if (f.fields)
    parts.push(sql`c.custom_fields <> '{}'::jsonb and c.custom_fields @> ${JSON.stringify(f.fields)}::jsonb`);
  return parts.length ? sql` and ${sql.join(parts, sql` and `)}` : sql``;
}

/**
 * What the index's statistics say of a query (PostgreSQL's most common lexemes of messages_search_idx, kept by
 * ANALYZE: down to about one message in 500 at 10M): the common words that start with the word being typed (at
 * most 64), and whether some term holds a word that is common in none of its readings (english or as written), so
 * that every organization's matches of the query together are few.
 */
export function statisticsQuery(p: ParsedSearch) {
  return sql`with s as (select most_common_elems::text::text[] as e from pg_stats
      where schemaname = current_schema() and tablename = 'messages_search_idx')
    select coalesce((select array_agg(x) from (select x from s, unnest(s.e) x
        where ${p.prefix ? sql`x like ${`${escapeLike(p.prefix)}%`}` : sql`false`} and x not like '~%' limit 64) y), '{}') as words,
      coalesce((select bool_or(exists (select 1 from unnest(tsvector_to_array(to_tsvector('simple'::regconfig, t))) w
          where not w = any(s.e) and not exists (select 1 from unnest(tsvector_to_array(
            to_tsvector('english'::regconfig, w))) x where x = any(s.e))))
        from s, unnest(${sql.param(p.terms)}::text[]) t), true) as rare`;
}

/** How many messages and notes of the organization match, counted up to `cap + 1` (a phrase: by its shared words). */
export function countBodiesQuery(organizationId: string, p: Sought, cap: number) {
  return sql`select count(*)::int as n from (select 1 from messages m where ${everyMatch(organizationId, p, true)} limit ${cap + 1}) b`;
}

/** How many conversations match by their fields, counted up to `cap + 1`. */
export function countFieldMatchesQuery(organizationId: string, p: ParsedSearch, cap: number, infixMin: number) {
  return sql`select count(*)::int as n from (${fieldMatchIds(organizationId, p, infixMin)} limit ${cap + 1}) f`;
}

/** Microseconds since the epoch, exact in a JavaScript number until the year 2255, and back. */
const micros = (column: SQL) => sql`(extract(epoch from ${column}) * 1000000)::bigint`;
export const fromMicros = (us: number | SQL) =>
  sql`(timestamptz '1970-01-01 00:00:00+00' + ${us}::bigint * interval '1 microsecond')`;

export interface WindowRows {
  /** Where the window starts, in microseconds since the epoch (null: the organization's whole history). */
  lo: string | null;
  id: string | null;
  /** The conversation's newest match in the window, in microseconds since the epoch. */
  at: string | null;
  n: number | null;
}

/**
 * The matching messages of one window, by conversation: its newest match and how many. The window is the one of
 * `grain` holding the instant just before `before` (microseconds; null: now), cut at `before`; its start comes
 * back with the rows (in each, and in a row of nulls when nothing matched) so the caller can go on below it.
 */
export function windowQuery(organizationId: string, p: Sought, grain: Grain, before: number | null) {
  const at = before === null ? sql`now()` : sql`${fromMicros(before)} - interval '1 microsecond'`;
  return sql`select ${micros(sql`oceras_search_window_start(${grain}, ${at})`)} as lo, h.id, h.at, h.n
    from (select 1) one left join lateral (
      select m.conversation_id as id, ${micros(sql`max(m.created_at)`)} as at, count(*)::int as n from messages m
      where ${indexedMatch(organizationId, p, grain, at)}${before === null ? sql`` : sql` and m.created_at < ${fromMicros(before)}`}
      group by m.conversation_id) h on true`;
}

/**
 * Which of these conversations pass the filters, and which of them also match by a field (their place in a
 * newest-first list is then their last activity, not their newest matching message).
 */
export function candidatesQuery(
  organizationId: string,
  p: ParsedSearch,
  f: SearchFilters,
  ids: string[],
  infixMin: number,
) {
  return sql`select c.id, ${fieldMatchRow(organizationId, p, infixMin)} as field from conversations c
    where c.organization_id = ${organizationId} and c.id in (${uuidList(ids)})${filtersOf(f)}`;
}

/** Which of these conversations have a matching message after `after` (microseconds): shown on an earlier page. */
export function matchedAfterQuery(organizationId: string, p: Sought, ids: string[], after: number) {
  return sql`select distinct m.conversation_id as id from messages m
    where m.conversation_id in (${uuidList(ids)}) and m.created_at > ${fromMicros(after)} and ${bodyMatch(organizationId, tsqueryOf(p))}`;
}

/**
 * Best first: a conversation's score is its best body's rank (ts_rank_cd, normalized into [0, 1)), plus 1 when a
 * field matches, plus 10 for its number. Keyset on (score, id), both exact: no OFFSET.
 */
export function relevancePageQuery(
  organizationId: string,
  p: Sought,
  f: SearchFilters,
  after: { score: number; id: string } | null,
  limit: number,
  infixMin: number,
) {
  const tsq = tsqueryOf(p);
  return sql`with hits as (
      select m.conversation_id as id, 0 as kind, ts_rank_cd(oceras_search_document(m.body), ${tsq}, 32)::float8 as r
      from messages m where ${everyMatch(organizationId, p)}
      union all
      select f.id, 1, 1::float8 from (${fieldMatchIds(organizationId, p, infixMin)}) f
      ${p.number !== null ? sql`union all select c.id, 1, 10::float8 from conversations c where c.organization_id = ${organizationId} and c.number = ${p.number}` : sql``}
    ), scored as (
      select id, coalesce(max(r) filter (where kind = 0), 0) + coalesce(sum(r) filter (where kind = 1), 0) as score
      from hits group by id
    )
    select s.id, s.score from scored s join conversations c on c.id = s.id
    where c.organization_id = ${organizationId}${filtersOf(f)}
      ${after ? sql`and (s.score, s.id) < (${after.score}::float8, ${after.id}::uuid)` : sql``}
    order by s.score desc, s.id desc limit ${limit + 1}`;
}

/**
 * Newest activity first, keyset on (last_activity_at, id) in microseconds. What matches:
 * - 'any': a field or a body, read along the inbox index (organization, last_activity_at, id), each conversation
 *   tested (its own messages, by conversation); for a frequent word under a narrow filter, few conversations are
 *   read before the page is full;
 * - 'fields': a field only, the same way (many conversations match by a field);
 * - 'fewFields': a field only, the few matches read through their own indexes and sorted.
 */
export function activityPageQuery(
  organizationId: string,
  p: Sought,
  f: SearchFilters,
  after: { at: number; id: string } | null,
  limit: number,
  infixMin: number,
  matching: 'any' | 'fields' | 'fewFields',
) {
  const tsq = tsqueryOf(p);
  // The body test is a LATERAL with LIMIT 1, not an EXISTS: PostgreSQL turns an EXISTS inside an OR into a hashed
  // subplan that reads every matching message first (2 s for a word in 5 % of a million messages); the lateral
  // stays a lookup per conversation read, which stops after the page.
  const source =
    matching === 'fewFields'
      ? sql`conversations c join (${fieldMatchIds(organizationId, p, infixMin)}) f on f.id = c.id`
      : matching === 'any'
        ? sql`conversations c left join lateral (select 1 as hit from messages m
            where m.conversation_id = c.id and ${bodyMatch(organizationId, tsq)} limit 1) b on true`
        : sql`conversations c`;
  const match =
    matching === 'fewFields'
      ? sql``
      : sql` and (${fieldMatchRow(organizationId, p, infixMin)}${matching === 'any' ? sql` or b.hit is not null` : sql``})`;
  return sql`select c.id, ${micros(sql`c.last_activity_at`)} as at from ${source}
    where c.organization_id = ${organizationId}${filtersOf(f)}${match}
      ${after ? sql`and (c.last_activity_at, c.id) < (${fromMicros(after.at)}, ${after.id}::uuid)` : sql``}
    order by c.last_activity_at desc nulls last, c.id desc nulls last limit ${limit + 1}`;
}

export interface BodyHit {
  conversation_id: string;
  seq: number;
  type: 'message' | 'note';
  headline: string;
}

/**
 * Each listed conversation's best matching message or note (rank, then newest), with its headline; its newest
 * (`newest`: a newest-first list; read backwards, it stops at the first match); or, where the page placed it at its
 * newest match (`at`, microseconds), that match: the one its place came from, found without testing the
 * conversation's other messages.
 */
export function bestBodiesQuery(
  organizationId: string,
  p: Sought,
  ids: string[],
  at?: ReadonlyMap<string, number>,
  newest = false,
) {
  const tsq = tsqueryOf(p);
  const ats = ids.map((id) => at?.get(id) ?? null);
  return sql`select b.* from unnest(${sql.param(ids)}::uuid[], ${sql.param(ats)}::bigint[]) as page(id, at), lateral (
      select m.conversation_id, m.seq, m.type, oceras_search_headline(m.body, ${tsq}) as headline
      from messages m where m.conversation_id = page.id
        and (page.at is null or m.created_at = ${fromMicros(sql`page.at`)}) and ${bodyMatch(organizationId, tsq)}
      order by ${newest ? sql`` : sql`ts_rank_cd(oceras_search_document(m.body), ${tsq}, 32) desc, `}m.seq desc limit 1) b`;
}

export const bestBodies = (
  db: DbOrTx,
  organizationId: string,
  p: Sought,
  ids: string[],
  at?: ReadonlyMap<string, number>,
  newest = false,
) => query<BodyHit>(db, bestBodiesQuery(organizationId, p, ids, at, newest));
