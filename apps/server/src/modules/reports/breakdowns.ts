// The reports by agent, team and tag, and by hour (issue 18), on the definitions of report-figures.ts, read through
// the rollups of migration 0032 (rollups.ts) and their buckets for the percentiles (percentiles.ts).
import type { TAgentReport, THeatmapReport, TTagReport, TTeamReport } from '@oceras/protocol';
import { sql } from 'drizzle-orm';
import { type DbOrTx, query } from '../../db/client.js';
import { durationFigures } from './percentiles.js';
import { bounds, type Range, satisfactionOfRatings } from './report-figures.js';
import { instantsOf, type Kind, type Tally, tallies } from './rollups.js';

/** Per key of the kind: its tally over the range, and its durations' figures when asked. */
async function breakdown(db: DbOrTx, r: Range, kind: Kind) {
  const { start, end } = await instantsOf(db, bounds(r).start, bounds(r).end);
  const all = await tallies(db, r.organizationId, kind, start, end);
  const durations = (key: string, t: Tally | undefined) => {
    const scope = { org: r.organizationId, kind, key, start, end };
    return Promise.all([
      durationFigures(db, 'frt', scope, t?.frt ?? new Map()),
      durationFigures(db, 'res', scope, t?.res ?? new Map()),
    ]);
  };
  return { all, durations };
}

const ratingsCount = (t: Tally | undefined) => (t ? t.ratings.reduce((a, n) => a + n, 0) : 0);

/**
 * Per agent: resolutions while the conversation was theirs (the assignee when it was resolved); first response and
 * satisfaction over the conversations now assigned to them. Every current agent is listed, and a removed one
 * while the range holds work of theirs.
 */
export async function agentBreakdown(db: DbOrTx, r: Range): Promise<TAgentReport['agents']> {
  const [people, { all, durations }] = await Promise.all([
    query<{ id: string; name: string; removed: boolean }>(
      db,
      sql`select id, name, removed_at is not null as removed from agents where organization_id = ${r.organizationId} order by name, id`,
    ),
    breakdown(db, r, 2),
  ]);
  const listed = people.filter((p) => {
    const t = all.get(p.id);
    return !p.removed || (t !== undefined && (t.opened > 0 || t.resolved > 0 || ratingsCount(t) > 0));
  });
  return Promise.all(
    listed.map(async (p) => {
      const t = all.get(p.id);
      const [firstResponseTime, resolutionTime] = await durations(p.id, t);
      return {
        agentId: p.id,
        name: p.name,
        resolved: t?.resolved ?? 0,
        firstResponseTime,
        resolutionTime,
        satisfaction: satisfactionOfRatings(t?.ratings ?? [0, 0, 0, 0, 0]),
      };
    }),
  );
}

/**
 * Per team, the agents' figures over the conversations that belong to the team now: resolutions in the range (a
 * status move has no team of its own), first response over those opened in the range, ratings given in it. Every
 * team is listed, by name.
 */
export async function teamBreakdown(db: DbOrTx, r: Range): Promise<TTeamReport['teams']> {
  const [teams, { all, durations }] = await Promise.all([
    query<{ id: string; name: string }>(
      db,
      sql`select id, name from teams where organization_id = ${r.organizationId} order by lower(name), id`,
    ),
    breakdown(db, r, 1),
  ]);
  return Promise.all(
    teams.map(async (team) => {
      const t = all.get(team.id);
      const [firstResponseTime, resolutionTime] = await durations(team.id, t);
      return {
        teamId: team.id,
        name: team.name,
        resolved: t?.resolved ?? 0,
        firstResponseTime,
        resolutionTime,
        satisfaction: satisfactionOfRatings(t?.ratings ?? [0, 0, 0, 0, 0]),
      };
    }),
  );
}

/** Per tag a conversation carries now: opened and resolved in the range, and the ratings given in it. */
export async function tagBreakdown(db: DbOrTx, r: Range): Promise<TTagReport['tags']> {
  const { start, end } = await instantsOf(db, bounds(r).start, bounds(r).end);
  const all = await tallies(db, r.organizationId, 3, start, end);
  return [...all.entries()]
    .filter(([, t]) => t.opened > 0 || t.resolved > 0 || ratingsCount(t) > 0)
    .map(([tag, t]) => ({
      tag,
      opened: t.opened,
      resolved: t.resolved,
      satisfaction: satisfactionOfRatings(t.ratings),
    }))
    .sort((a, b) => b.opened - a.opened || b.resolved - a.resolved || a.tag.localeCompare(b.tag));
}

const QUARTER = 900_000;

/**
 * Conversations opened by local day of the week (0 = Monday) and hour: the rollup's UTC quarters of an hour that lie
 * in one local hour (every quarter in a zone whose offset is a multiple of 15 minutes), the rows of the rest (the
 * range's edges, and any quarter an odd offset cuts).
 */
export async function heatmap(db: DbOrTx, r: Range): Promise<THeatmapReport['cells']> {
  const { start, end } = await instantsOf(db, bounds(r).start, bounds(r).end);
  const q0 = new Date(Math.ceil(start.getTime() / QUARTER) * QUARTER);
  const q1 = new Date(Math.floor(end.getTime() / QUARTER) * QUARTER);
  const whole = q0 < q1;
  const tz = r.timeZone;
  const local = (col: ReturnType<typeof sql>) =>
    sql`(extract(isodow from ${col} at time zone ${tz})::int - 1) as d, extract(hour from ${col} at time zone ${tz})::int as h`;
  const quarters = whole
    ? await query<{ d: number; h: number; n: number; cut: (Date | string)[] | null }>(
        db,
        sql`select (extract(isodow from l)::int - 1) as d, extract(hour from l)::int as h,
                   sum(opened) filter (where clean)::int as n, array_agg(quarter) filter (where not clean) as cut
            from (select quarter, opened, l,
                         date_trunc('hour', l)
                           = date_trunc('hour', (quarter + interval '14 minutes 59.999999 seconds') at time zone ${tz}) as clean
                  from (select quarter, opened, quarter at time zone ${tz} as l from report_quarters
                        where organization_id = ${r.organizationId} and quarter >= ${q0} and quarter < ${q1} and opened <> 0) y) x
            group by 1, 2`,
      )
    : [];
  const cut = quarters.flatMap((q) => q.cut ?? []).map((q) => new Date(q));
  const spans: [Date, Date][] = whole
    ? [
        ...(start < q0 ? [[start, q0] as [Date, Date]] : []),
        ...(q1 < end ? [[q1, end] as [Date, Date]] : []),
        ...cut.map((q) => [q, new Date(q.getTime() + QUARTER)] as [Date, Date]),
      ]
    : [[start, end]];
  const rows =
    spans.length === 0
      ? []
      : await query<{ d: number; h: number; n: number }>(
          db,
          sql`select ${local(sql`c.created_at`)}, count(*)::int as n
              from (values ${sql.join(
                spans.map(([a, b]) => sql`(${a}::timestamptz, ${b}::timestamptz)`),
                sql`, `,
              )}) as s(a, b)
              join conversations c on c.organization_id = ${r.organizationId} and c.created_at >= s.a and c.created_at < s.b
              group by 1, 2`,
        );
  const cells = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  for (const row of [...quarters, ...rows]) cells[row.d]![row.h]! += Number(row.n ?? 0);
  return cells;
}
