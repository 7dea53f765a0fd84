// Exact median and 90th percentile of a range's durations without sorting the range: the histogram (rollups.ts)
// says which bucket holds each rank `p (n − 1)` that PostgreSQL's percentile_cont interpolates between, and only
// that bucket's rows of the range are read, in order, from an index of their own (migration 0032). Buckets are
// monotonic in the duration, so the k-th value of the bucket is the (before + k)-th of the range.
import type { TDurationFigures } from '@oceras/protocol';
import { type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, query } from '../../db/client.js';
import type { Histogram, Kind } from './rollups.js';

/** Wall-clock first response and resolution, and the same within business hours (their stored values). */
export type Measure = 'frt' | 'res' | 'bfrt' | 'bres';

/** Which rows a percentile reads: the range, the measure, and the key of its kind ('' for the organization). */
export interface Scope {
  org: string;
  kind: Kind;
  key: string;
  start: Date;
  end: Date;
}

/** The rank `rank` (0-based) of the histogram: its bucket and how many values come before that bucket. */
function locate(sorted: [number, number][], rank: number): { bucket: number; before: number } {
  let before = 0;
  for (const [bucket, n] of sorted) {
    if (rank < before + n) return { bucket, before };
    before += n;
  }
  throw new Error('rank outside the histogram');
}

function valuesStatement(m: Measure, s: Scope, lo: number, hi: number): SQL {
  if (m === 'bfrt') {
    const key = s.kind === 1 ? sql` and team_id = ${s.key}` : sql``;
    return sql`select (first_response_business_ms / 1000.0)::float8 as v from conversations
      where organization_id = ${s.org}${key} and first_response_business_ms is not null
        and report_business_bucket(first_response_business_ms) between ${lo}::int and ${hi}::int
        and created_at >= ${s.start} and created_at < ${s.end}`;
  }
  if (m === 'bres') {
    const key =
      s.kind === 1
        ? sql` and conversation_id in (select id from conversations where organization_id = ${s.org} and team_id = ${s.key})`
        : sql``;
    return sql`select (open_business_ms / 1000.0)::float8 as v from conversation_status_changes
      where organization_id = ${s.org}${key} and to_status = 'resolved' and open_business_ms is not null
        and report_business_bucket(open_business_ms) between ${lo}::int and ${hi}::int
        and changed_at >= ${s.start} and changed_at < ${s.end}`;
  }
  if (m === 'frt') {
    const key = s.kind === 2 ? sql` and assignee_id = ${s.key}` : s.kind === 1 ? sql` and team_id = ${s.key}` : sql``;
    return sql`select report_frt(created_at, first_reply_at) as v from conversations
      where organization_id = ${s.org}${key} and first_reply_at is not null
        and report_bucket(report_frt(created_at, first_reply_at)) between ${lo}::int and ${hi}::int
        and created_at >= ${s.start} and created_at < ${s.end}`;
  }
  const key =
    s.kind === 2
      ? sql` and assignee_id = ${s.key}`
      : s.kind === 1
        ? sql` and conversation_id in (select id from conversations where organization_id = ${s.org} and team_id = ${s.key})`
        : sql``;
  return sql`select (open_ms / 1000.0)::float8 as v from conversation_status_changes
    where organization_id = ${s.org}${key} and to_status = 'resolved' and open_ms is not null
      and report_bucket((open_ms / 1000.0)::float8) between ${lo}::int and ${hi}::int
      and changed_at >= ${s.start} and changed_at < ${s.end}`;
}

/**
 * Business durations not stored yet (measured by the report itself, in ms) that lie in buckets lo to hi: they are
 * read with the bucket's stored ones, in the same unit and order.
 */
function extraStatement(extraMs: readonly number[], lo: number, hi: number): SQL {
  if (extraMs.length === 0) return sql``;
  return sql` union all select (x / 1000.0)::float8 from unnest(${`{${extraMs.join(',')}}`}::bigint[]) x
    where report_business_bucket(x) between ${lo}::int and ${hi}::int`;
}

/**
 * The business durations' bucket of exact zeros (migration 0035): every value in it is 0, so a rank there is never
 * read. Most spans of a desk open 40 hours a week lie wholly outside its hours; reading them sorted hundreds of
 * thousands of rows.
 */
const ZERO_BUCKET = -1;

/** The value at fractional rank p (n − 1), as percentile_cont computes it. */
async function percentile(
  db: DbOrTx,
  m: Measure,
  s: Scope,
  sorted: [number, number][],
  n: number,
  p: number,
  extraMs: readonly number[],
) {
  const at = p * (n - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  const a = locate(sorted, lo);
  const b = locate(sorted, hi);
  if (b.bucket === ZERO_BUCKET) return 0;
  // The ranks read: lo and hi, or only hi when lo is a zero (hi is then the first value of its bucket).
  const from = a.bucket === ZERO_BUCKET ? { ...b, rank: hi } : { ...a, rank: lo };
  const rows = await query<{ v: number | string }>(
    db,
    sql`select v from (${valuesStatement(m, s, from.bucket, b.bucket)}${extraStatement(extraMs, from.bucket, b.bucket)}) x
        order by v offset ${from.rank - from.before} limit ${hi - from.rank + 1}`,
  );
  const values = rows.map((r) => Number(r.v));
  if (a.bucket === ZERO_BUCKET) values.unshift(0);
  const first = values[0]!;
  if (hi === lo) return first;
  return first + (at - lo) * (values[1]! - first);
}

const round = (v: number) => Math.round(v * 1000) / 1000;

/**
 * Count, median and 90th percentile of one scope's durations, exactly as percentile_cont over its rows. `extraMs`:
 * business durations of the scope not stored yet, measured by the caller, whose buckets `h` already counts.
 */
export async function durationFigures(
  db: DbOrTx,
  m: Measure,
  s: Scope,
  h: Histogram,
  extraMs: readonly number[] = [],
): Promise<TDurationFigures> {
  const sorted = [...h.entries()].filter(([, n]) => n > 0).sort((x, y) => x[0] - y[0]);
  const n = sorted.reduce((sum, [, c]) => sum + c, 0);
  if (n === 0) return { count: 0, medianSeconds: null, p90Seconds: null };
  const [median, p90] = await Promise.all([
    percentile(db, m, s, sorted, n, 0.5, extraMs),
    percentile(db, m, s, sorted, n, 0.9, extraMs),
  ]);
  return { count: n, medianSeconds: round(median), p90Seconds: round(p90) };
}
