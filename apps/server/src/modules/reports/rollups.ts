// A range's counts, ratings and duration histograms per key, from the rollups of migration 0032 (whole UTC months
// and days) plus the rows of its edges (the partial UTC days at each end): the same contributions the triggers add,
// read from the rows where the rollup has no whole day. docs/PERFORMANCE.md, "Rollups (migration 0032)".
import { type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, query } from '../../db/client.js';

/** 0 the organization, 1 per team, 2 per agent, 3 per tag (the rollup's kinds; + 10 for its month rows). */
export type Kind = 0 | 1 | 2 | 3;

/** Bucket -> how many durations fall in it (report_bucket of their seconds). */
export type Histogram = Map<number, number>;

export interface Tally {
  opened: number;
  resolved: number;
  reopened: number;
  /** Ratings by score, 1 to 5. */
  ratings: [number, number, number, number, number];
  frt: Histogram;
  res: Histogram;
}

const emptyTally = (): Tally => ({
  opened: 0,
  resolved: 0,
  reopened: 0,
  ratings: [0, 0, 0, 0, 0],
  frt: new Map(),
  res: new Map(),
});

const DAY = 86_400_000;
const floorDay = (t: number) => Math.floor(t / DAY) * DAY;
const ceilDay = (t: number) => Math.ceil(t / DAY) * DAY;
const monthOf = (t: number, up: boolean) => {
  const d = new Date(t);
  const first = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  return up && first < t ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) : first;
};
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** How a range [start, end) is read: month rows, day rows, and the rows of the edges. */
export interface Spans {
  months: [string, string] | null;
  days: [string, string][];
  edges: [Date, Date][];
}

export function spansOf(start: Date, end: Date): Spans {
  const s = start.getTime();
  const e = end.getTime();
  const d0 = ceilDay(s);
  const d1 = floorDay(e);
  if (d0 >= d1) return { months: null, days: [], edges: s < e ? [[start, end]] : [] };
  const edges: [Date, Date][] = [];
  if (s < d0) edges.push([start, new Date(d0)]);
  if (d1 < e) edges.push([new Date(d1), end]);
  const m0 = monthOf(d0, true);
  const m1 = monthOf(d1, false);
  if (m0 >= m1) return { months: null, days: [[isoDay(d0), isoDay(d1)]], edges };
  const days: [string, string][] = [];
  if (d0 < m0) days.push([isoDay(d0), isoDay(m0)]);
  if (m1 < d1) days.push([isoDay(m1), isoDay(d1)]);
  return { months: [isoDay(m0), isoDay(m1)], days, edges };
}

/** What a kind groups by, as SQL on the conversation `c` (and the status move `m`). */
function columnOf(kind: Kind, on: 'c' | 'm'): SQL {
  if (kind === 0) return sql`''`;
  if (kind === 1) return sql`c.team_id`;
  if (kind === 2) return on === 'm' ? sql`m.assignee_id` : sql`c.assignee_id`;
  return sql`t.tag`;
}
const keyOf = (kind: Kind, on: 'c' | 'm') => sql`${columnOf(kind, on)}::text`;
const tagJoin = (kind: Kind) => (kind === 3 ? sql` cross join unnest(c.tags) as t(tag)` : sql``);
function keyFilter(kind: Kind, on: 'c' | 'm', only: string | undefined): SQL {
  if (kind === 0) return sql``;
  return only === undefined ? sql` and ${columnOf(kind, on)} is not null` : sql` and ${keyOf(kind, on)} = ${only}`;
}

export const parseHistogram = (into: Histogram, lower: unknown, text: unknown) => {
  if (lower === null || lower === undefined || !text) return;
  const from = Number(lower);
  String(text)
    .split(',')
    .forEach((v, i) => {
      const n = Number(v);
      if (n !== 0) into.set(from + i, (into.get(from + i) ?? 0) + n);
    });
};

type Row = Record<string, unknown>;

/** Per key of the kind (only `only` when given): the range's tally. */
export async function tallies(
  db: DbOrTx,
  org: string,
  kind: Kind,
  start: Date,
  end: Date,
  only?: string,
): Promise<Map<string, Tally>> {
  const spans = spansOf(start, end);
  const out = new Map<string, Tally>();
  const at = (key: unknown) => {
    const k = String(key);
    let t = out.get(k);
    if (!t) {
      t = emptyTally();
      out.set(k, t);
    }
    return t;
  };
  const parts: SQL[] = [];
  if (spans.months)
    parts.push(sql`(kind = ${kind + 10} and day >= ${spans.months[0]}::date and day < ${spans.months[1]}::date)`);
  for (const [a, b] of spans.days) parts.push(sql`(kind = ${kind} and day >= ${a}::date and day < ${b}::date)`);
  const work: Promise<void>[] = [];
  if (parts.length > 0)
    work.push(
      query<Row>(
        db,
        sql`select key, opened, resolved, reopened, array_to_string(ratings, ',') as ratings,
                   array_lower(frt, 1) as fl, array_to_string(frt, ',', '0') as f,
                   array_lower(res, 1) as rl, array_to_string(res, ',', '0') as r
            from report_days
            where organization_id = ${org} and (${sql.join(parts, sql` or `)})${only === undefined ? sql`` : sql` and key = ${only}`}`,
      ).then((rows) => {
        for (const row of rows) {
          const t = at(row.key);
          t.opened += Number(row.opened);
          t.resolved += Number(row.resolved);
          t.reopened += Number(row.reopened);
          String(row.ratings)
            .split(',')
            .forEach((v, i) => {
              if (i < 5) t.ratings[i]! += Number(v);
            });
          parseHistogram(t.frt, row.fl, row.f);
          parseHistogram(t.res, row.rl, row.r);
        }
      }),
    );
  for (const [a, b] of spans.edges) work.push(edge(db, org, kind, a, b, only, at));
  await Promise.all(work);
  return out;
}

/** The same contributions as the triggers', from the rows of [a, b). */
async function edge(
  db: DbOrTx,
  org: string,
  kind: Kind,
  a: Date,
  b: Date,
  only: string | undefined,
  at: (key: unknown) => Tally,
) {
  const team = kind === 1 || kind === 3;
  const [opened, moves, rated] = await Promise.all([
    query<Row>(
      db,
      sql`select ${keyOf(kind, 'c')} as key, count(*)::int as n,
                 case when c.first_reply_at is not null then report_bucket(report_frt(c.created_at, c.first_reply_at)) end as b
          from conversations c${tagJoin(kind)}
          where c.organization_id = ${org} and c.created_at >= ${a} and c.created_at < ${b}${keyFilter(kind, 'c', only)}
          group by 1, 3`,
    ),
    query<Row>(
      db,
      sql`select ${keyOf(kind, 'm')} as key,
                 count(*) filter (where m.to_status = 'resolved')::int as r,
                 count(*) filter (where m.from_status = 'resolved' and m.to_status = 'open')::int as ro,
                 report_res_bucket(m.to_status, m.open_ms) as b
          from conversation_status_changes m${team ? sql` join conversations c on c.id = m.conversation_id and c.organization_id = ${org}` : sql``}${tagJoin(kind)}
          where m.organization_id = ${org} and m.changed_at >= ${a} and m.changed_at < ${b}
            and m.to_status in ('resolved', 'open') and (m.to_status = 'resolved' or m.from_status = 'resolved')${keyFilter(kind, 'm', only)}
          group by 1, 4`,
    ),
    query<Row>(
      db,
      sql`select ${keyOf(kind, 'c')} as key, c.rating_score as s, count(*)::int as n
          from conversations c${tagJoin(kind)}
          where c.organization_id = ${org} and c.rated_at >= ${a} and c.rated_at < ${b} and c.rating_score is not null${keyFilter(kind, 'c', only)}
          group by 1, 2`,
    ),
  ]);
  for (const row of opened) {
    const t = at(row.key);
    t.opened += Number(row.n);
    if (row.b !== null && row.b !== undefined)
      t.frt.set(Number(row.b), (t.frt.get(Number(row.b)) ?? 0) + Number(row.n));
  }
  for (const row of moves) {
    const t = at(row.key);
    t.resolved += Number(row.r);
    t.reopened += Number(row.ro);
    if (row.b !== null && row.b !== undefined)
      t.res.set(Number(row.b), (t.res.get(Number(row.b)) ?? 0) + Number(row.r));
  }
  for (const row of rated) {
    const s = Number(row.s);
    if (s >= 1 && s <= 5) at(row.key).ratings[s - 1]! += Number(row.n);
  }
}

/** The range's two instants (local midnights in its zone), as the database computes them. */
export async function instantsOf(db: DbOrTx, start: SQL, end: SQL): Promise<{ start: Date; end: Date }> {
  const [row] = await query<{ s: Date | string; e: Date | string }>(db, sql`select ${start} as s, ${end} as e`);
  return { start: new Date(row!.s), end: new Date(row!.e) };
}
