// The search statements (SQL only). What a body means to search (its tsvector, a term's tsquery, the headline) is
// defined once, by the SQL functions of migration 0012; these statements call them by name, so the planner matches
// oceras_search_document(body) with messages_search_idx. Every statement filters on the organization first.
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

/** The query as a tsquery: every term must match; the word being typed also as a prefix. */
export function tsqueryOf(p: ParsedSearch): SQL {
  const parts = p.terms.map((term, i) =>
    i === p.terms.length - 1 && p.prefix
      ? sql`(oceras_search_term(${term}) || oceras_search_prefix(${p.prefix}))`
      : sql`oceras_search_term(${term})`,
  );
  return sql`(${sql.join(parts, sql` && `)})`;
}

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

const bodyMatch = (organizationId: string, tsq: SQL) =>
  sql`m.organization_id = ${organizationId} and m.type <> 'system' and oceras_search_document(m.body) @@ ${tsq}`;

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
 * How many matches there are, counted up to `cap + 1` each: message bodies, and conversations by their fields.
 * Past the cap, ranking every match would read them all; the search then orders by recent activity instead.
 */
export function countMatchesQuery(organizationId: string, p: ParsedSearch, cap: number, infixMin: number) {
  const tsq = tsqueryOf(p);
  return sql`select
    (select count(*) from (select 1 from messages m where ${bodyMatch(organizationId, tsq)} limit ${cap + 1}) b)::int as bodies,
    (select count(*) from (${fieldMatchIds(organizationId, p, infixMin)} limit ${cap + 1}) f)::int as fields`;
}

/**
 * Best first: a conversation's score is its best body's rank (ts_rank_cd, normalized into [0, 1)), plus 1 when a
 * field matches, plus 10 for its number. Keyset on (score, id), both exact: no OFFSET.
 */
export function relevancePageQuery(
  organizationId: string,
  p: ParsedSearch,
  f: SearchFilters,
  after: { score: number; id: string } | null,
  limit: number,
  infixMin: number,
) {
  const tsq = tsqueryOf(p);
  return sql`with hits as (
      select m.conversation_id as id, 0 as kind, ts_rank_cd(oceras_search_document(m.body), ${tsq}, 32)::float8 as r
      from messages m where ${bodyMatch(organizationId, tsq)}
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
 * Newest activity first, read along the inbox index (organization, last_activity_at, id), each conversation
 * checked for a matching field or body (its own messages, by conversation). Keyset on (last_activity_at, id).
 */
export function recentPageQuery(
  organizationId: string,
  p: ParsedSearch,
  f: SearchFilters,
  after: { at: string; id: string } | null,
  limit: number,
  infixMin: number,
) {
  const tsq = tsqueryOf(p);
  // The body test is a LATERAL with LIMIT 1, not an EXISTS: PostgreSQL turns an EXISTS inside an OR into a hashed
  // subplan that reads every matching message first (2 s for a word in 5 % of a million messages); the lateral
  // stays a lookup per conversation read, which stops after the page.
  return sql`select c.id, c.last_activity_at as at from conversations c
    left join lateral (select 1 as hit from messages m
      where m.conversation_id = c.id and ${bodyMatch(organizationId, tsq)} limit 1) b on true
    where c.organization_id = ${organizationId}${filtersOf(f)}
      ${after ? sql`and (c.last_activity_at, c.id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
      and (${fieldMatchRow(organizationId, p, infixMin)} or b.hit is not null)
    order by c.last_activity_at desc nulls last, c.id desc nulls last limit ${limit + 1}`;
}

export interface BodyHit {
  conversation_id: string;
  seq: number;
  type: 'message' | 'note';
  headline: string;
}

/** Each listed conversation's best matching message or note (rank, then newest), with its headline. */
export function bestBodiesQuery(organizationId: string, p: ParsedSearch, ids: string[]) {
  const tsq = tsqueryOf(p);
  const list = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  return sql`select b.* from unnest(array[${list}]) as page(id), lateral (
      select m.conversation_id, m.seq, m.type, oceras_search_headline(m.body, ${tsq}) as headline
      from messages m where m.conversation_id = page.id and ${bodyMatch(organizationId, tsq)}
      order by ts_rank_cd(oceras_search_document(m.body), ${tsq}, 32) desc, m.seq desc limit 1) b`;
}

export const bestBodies = (db: DbOrTx, organizationId: string, p: ParsedSearch, ids: string[]) =>
  query<BodyHit>(db, bestBodiesQuery(organizationId, p, ids));
