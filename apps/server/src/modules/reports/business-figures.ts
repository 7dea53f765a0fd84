// The summary's first response and resolution times within business hours (`businessHours=true`) from the stored
// values of migration 0033: their histograms from the rollups (plus the rows of the range's edges), the rows of the
// range not measured yet measured here by the one rule (business-durations.ts's businessMillis) and merged, the
// percentiles read from their buckets (percentiles.ts). Too many unmeasured rows (after an hours change, until the
// filler has caught up): the row-based path, slower and just as exact. docs/PERFORMANCE.md, "Business hours in the
// rollups".
import type { TDurationFigures } from '@oceras/protocol';
import { type SQL, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, query } from '../../db/client.js';
import { businessMillis, type Hours, hoursOf, rowBusinessDurations } from './business-durations.js';
import { durationFigures, type Scope } from './percentiles.js';
import { bounds, type Range } from './report-figures.js';
import { type Histogram, instantsOf, type Kind, parseHistogram, spansOf } from './rollups.js';

/**
 * More unmeasured spans than this in a range (both measures together): the row-based path instead. A span costs
 * 0.1 to 0.2 ms to measure (openMillisBetween, Intl per local day), so 1,000 keep a report within ~200 ms of work.
 */
export const UNMEASURED_MAX = 1000;

type Row = Record<string, unknown>;
interface Span {
  a: Date | string;
  b: Date | string;
  team: string | null;
}

const add = (h: Histogram, bucket: unknown, n: unknown) => {
  if (bucket === null || bucket === undefined) return;
  h.set(Number(bucket), (h.get(Number(bucket)) ?? 0) + Number(n));
};

/** The stored values' histograms of a scope over [start, end): rollup rows, and the rows of the edges. */
async function storedHistograms(db: DbOrTx, s: Scope): Promise<{ bfrt: Histogram; bres: Histogram }> {
  const spans = spansOf(s.start, s.end);
  const bfrt: Histogram = new Map();
  const bres: Histogram = new Map();
  const parts: SQL[] = [];
  if (spans.months)
    parts.push(sql`(kind = ${s.kind + 10} and day >= ${spans.months[0]}::date and day < ${spans.months[1]}::date)`);
  for (const [a, b] of spans.days) parts.push(sql`(kind = ${s.kind} and day >= ${a}::date and day < ${b}::date)`);
  if (parts.length > 0) {
    const rows = await query<Row>(
      db,
      sql`select array_lower(bfrt, 1) as fl, array_to_string(bfrt, ',', '0') as f,
                 array_lower(bres, 1) as rl, array_to_string(bres, ',', '0') as r
          from report_days where organization_id = ${s.org} and key = ${s.key} and (${sql.join(parts, sql` or `)})`,
    );
    for (const row of rows) {
      parseHistogram(bfrt, row.fl, row.f);
      parseHistogram(bres, row.rl, row.r);
    }
  }
  const team = s.kind === 1 ? sql` and team_id = ${s.key}` : sql``;
  const moveTeam =
    s.kind === 1
      ? sql` and conversation_id in (select id from conversations where organization_id = ${s.org} and team_id = ${s.key})`
      : sql``;
  for (const [a, b] of spans.edges) {
    for (const row of await query<Row>(
      db,
      sql`select report_business_bucket(first_response_business_ms) as b, count(*)::int as n from conversations
          where organization_id = ${s.org} and first_response_business_ms is not null
            and created_at >= ${a} and created_at < ${b}${team} group by 1`,
    ))
      add(bfrt, row.b, row.n);
    for (const row of await query<Row>(
      db,
      sql`select report_business_bucket(open_business_ms) as b, count(*)::int as n from conversation_status_changes
          where organization_id = ${s.org} and to_status = 'resolved' and open_business_ms is not null
            and changed_at >= ${a} and changed_at < ${b}${moveTeam} group by 1`,
    ))
      add(bres, row.b, row.n);
  }
  return { bfrt, bres };
}

/** The spans of the scope not measured yet (at most `limit`): first responses and resolutions. */
async function unmeasured(db: DbOrTx, s: Scope, limit: number) {
  const team = s.kind === 1 ? sql` and team_id = ${s.key}` : sql``;
  const first = await query<Span>(
    db,
    sql`select created_at as a, first_reply_at as b, team_id as team from conversations
        where organization_id = ${s.org} and first_reply_at is not null and first_response_business_ms is null
          and created_at >= ${s.start} and created_at < ${s.end}${team}
        limit ${limit}`,
  );
  const resolved = await query<Span>(
    db,
    sql`select m.changed_at - make_interval(secs => m.open_ms / 1000.0) as a, m.changed_at as b, c.team_id as team
        from conversation_status_changes m join conversations c on c.id = m.conversation_id and c.organization_id = ${s.org}
        where m.organization_id = ${s.org} and m.to_status = 'resolved' and m.open_ms is not null
          and m.open_business_ms is null and m.changed_at >= ${s.start} and m.changed_at < ${s.end}${s.kind === 1 ? sql` and c.team_id = ${s.key}` : sql``}
        limit ${limit}`,
  );
  return { first, resolved };
}

/** The buckets of measured durations (ms), by the database's own bucket function. */
async function countInto(db: DbOrTx, h: Histogram, ms: readonly number[]) {
  if (ms.length === 0) return;
  for (const row of await query<Row>(
    db,
    sql`select report_business_bucket(x) as b, count(*)::int as n from unnest(${`{${ms.join(',')}}`}::bigint[]) x group by 1`,
  ))
    add(h, row.b, row.n);
}

/** The range's business durations in one snapshot (the filler may write meanwhile; the hours are read in it too). */
export async function businessFigures(
  db: Db,
  r: Range,
  unmeasuredMax = UNMEASURED_MAX,
): Promise<{ firstResponseTime: TDurationFigures; resolutionTime: TDurationFigures }> {
  return db.transaction(
    async (tx) => {
      const hours = await hoursOf(tx, r.organizationId);
      if (!hours) throw new Error('organization not found');
      const [org] = await query<{ stale: boolean }>(
        tx,
        sql`select business_values_stale as stale from organizations where id = ${r.organizationId}`,
      );
      // Its hours changed and the old values are not all forgotten yet: every span measured here.
      if (org?.stale) return rowBusinessDurations(tx, r, hours);
      return storedBusinessFigures(tx, r, hours, unmeasuredMax);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

async function storedBusinessFigures(tx: DbOrTx, r: Range, hours: Hours, unmeasuredMax: number) {
  const { start, end } = await instantsOf(tx, bounds(r).start, bounds(r).end);
  const kind: Kind = r.teamId ? 1 : 0;
  const s: Scope = { org: r.organizationId, kind, key: r.teamId ?? '', start, end };
  const todo = await unmeasured(tx, s, unmeasuredMax + 1);
  if (todo.first.length + todo.resolved.length > unmeasuredMax) return rowBusinessDurations(tx, r, hours);
  const measure = (spans: Span[]) => spans.map((x) => businessMillis(hours, x.team, x.a, x.b));
  const firstMs = measure(todo.first);
  const resolvedMs = measure(todo.resolved);
  const h = await storedHistograms(tx, s);
  await countInto(tx, h.bfrt, firstMs);
  await countInto(tx, h.bres, resolvedMs);
  return {
    firstResponseTime: await durationFigures(tx, 'bfrt', s, h.bfrt, firstMs),
    resolutionTime: await durationFigures(tx, 'bres', s, h.bres, resolvedMs),
  };
}
