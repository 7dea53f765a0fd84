// The reports' row-based statements as they were before the rollups of migration 0032: every figure computed from
// the rows of the range (sorting them for the percentiles). Kept as the oracle of reports-rollups.test.ts: the
// rollups must give exactly these figures.
import {
  SATISFIED_FROM,
  type TAgentReport,
  type THeatmapReport,
  type TReportFigures,
  type TTagReport,
  type TTeamReport,
} from '@oceras/protocol';
import { type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, query } from '../src/db/client.js';
import { bounds, durationOf, type Range, satisfactionOf, teamFilter } from '../src/modules/reports/report-figures.js';

/** SQL columns for median, 90th percentile and count of a duration in seconds (`expr`), over rows where it is known. */
const durationColumns = (expr: SQL, prefix: string) => sql`
  count(${expr})::int as ${sql.raw(`"${prefix}Count"`)},
  percentile_cont(0.5) within group (order by ${expr}) as ${sql.raw(`"${prefix}Median"`)},
  percentile_cont(0.9) within group (order by ${expr}) as ${sql.raw(`"${prefix}P90"`)}`;

/** SQL columns for the satisfaction figures over rows with a `rating_score` (null rows are not ratings). */
const satisfactionColumns = (score: SQL) => sql`
  count(${score})::int as "ratings",
  avg(${score})::float8 as "averageScore",
  count(*) filter (where ${score} >= ${SATISFIED_FROM})::int as "satisfied",
  count(*) filter (where ${score} = 1)::int as "s1",
  count(*) filter (where ${score} = 2)::int as "s2",
  count(*) filter (where ${score} = 3)::int as "s3",
  count(*) filter (where ${score} = 4)::int as "s4",
  count(*) filter (where ${score} = 5)::int as "s5"`;

type Row = Record<string, unknown>;
const byKey = (rows: Row[], key: string) => new Map(rows.map((r) => [String(r[key]), r]));

/**
 * Per agent: resolutions while the conversation was theirs (the assignee when it was resolved); first response and
 * satisfaction over the conversations now assigned to them. Every current agent is listed, and a removed one
 * while the range holds work of theirs.
 */
export async function oldAgentBreakdown(db: DbOrTx, r: Range): Promise<TAgentReport['agents']> {
  const { start, end } = bounds(r);
  const org = r.organizationId;
  const [people, opened, resolved, rated] = await Promise.all([
    query<{ id: string; name: string; removed: boolean }>(
      db,
      sql`select id, name, removed_at is not null as removed from agents where organization_id = ${org} order by name, id`,
    ),
    query<Row>(
      db,
      sql`select assignee_id as "agentId", ${durationColumns(secondsBetween(sql`created_at`, sql`first_reply_at`), 'frt')}
          from conversations
          where organization_id = ${org} and created_at >= ${start} and created_at < ${end} and assignee_id is not null
          group by assignee_id`,
    ),
    query<Row>(
      db,
      sql`select assignee_id as "agentId", count(*)::int as "resolved", ${durationColumns(sql`(open_ms / 1000.0)::float8`, 'res')}
          from conversation_status_changes
          where organization_id = ${org} and to_status = 'resolved' and changed_at >= ${start} and changed_at < ${end}
            and assignee_id is not null
          group by assignee_id`,
    ),
    query<Row>(
      db,
      sql`select assignee_id as "agentId", ${satisfactionColumns(sql`rating_score`)}
          from conversations
          where organization_id = ${org} and rated_at >= ${start} and rated_at < ${end} and assignee_id is not null
          group by assignee_id`,
    ),
  ]);
  const o = byKey(opened, 'agentId');
  const res = byKey(resolved, 'agentId');
  const sat = byKey(rated, 'agentId');
  return people
    .filter((p) => !p.removed || o.has(p.id) || res.has(p.id) || sat.has(p.id))
    .map((p) => ({
      agentId: p.id,
      name: p.name,
      resolved: Number(res.get(p.id)?.resolved ?? 0),
      firstResponseTime: durationOf(o.get(p.id), 'frt'),
      resolutionTime: durationOf(res.get(p.id), 'res'),
      satisfaction: satisfactionOf(sat.get(p.id)),
    }));
}

/**
 * Per team, the agents' figures over the conversations that belong to the team now: resolutions in the range (a
 * status move has no team of its own), first response over those opened in the range, ratings given in it. Every
 * team is listed, by name.
 */
export async function oldTeamBreakdown(db: DbOrTx, r: Range): Promise<TTeamReport['teams']> {
  const { start, end } = bounds(r);
  const org = r.organizationId;
  const [teams, opened, resolved, rated] = await Promise.all([
    query<{ id: string; name: string }>(
      db,
      sql`select id, name from teams where organization_id = ${org} order by lower(name), id`,
    ),
    query<Row>(
      db,
      sql`select team_id as "teamId", ${durationColumns(secondsBetween(sql`created_at`, sql`first_reply_at`), 'frt')}
          from conversations
          where organization_id = ${org} and created_at >= ${start} and created_at < ${end} and team_id is not null
          group by team_id`,
    ),
    query<Row>(
      db,
      sql`select c.team_id as "teamId", count(*)::int as "resolved",
                 ${durationColumns(sql`(m.open_ms / 1000.0)::float8`, 'res')}
          from conversation_status_changes m
          join conversations c on c.id = m.conversation_id and c.organization_id = ${org}
          where m.organization_id = ${org} and m.to_status = 'resolved' and m.changed_at >= ${start}
            and m.changed_at < ${end} and c.team_id is not null
          group by c.team_id`,
    ),
    query<Row>(
      db,
      sql`select team_id as "teamId", ${satisfactionColumns(sql`rating_score`)}
          from conversations
          where organization_id = ${org} and rated_at >= ${start} and rated_at < ${end} and team_id is not null
          group by team_id`,
    ),
  ]);
  const o = byKey(opened, 'teamId');
  const res = byKey(resolved, 'teamId');
  const sat = byKey(rated, 'teamId');
  return teams.map((t) => ({
    teamId: t.id,
    name: t.name,
    resolved: Number(res.get(t.id)?.resolved ?? 0),
    firstResponseTime: durationOf(o.get(t.id), 'frt'),
    resolutionTime: durationOf(res.get(t.id), 'res'),
    satisfaction: satisfactionOf(sat.get(t.id)),
  }));
}

/** Per tag a conversation carries now: opened and resolved in the range, and the ratings given in it. */
export async function oldTagBreakdown(db: DbOrTx, r: Range): Promise<TTagReport['tags']> {
  const { start, end } = bounds(r);
  const org = r.organizationId;
  const [opened, resolved, rated] = await Promise.all([
    query<Row>(
      db,
      sql`select tag, count(*)::int as "opened"
          from conversations, unnest(tags) as tag
          where organization_id = ${org} and created_at >= ${start} and created_at < ${end} and tags <> '{}'
          group by tag`,
    ),
    query<Row>(
      db,
      // Only the organization's tagged conversations can give a tag: read from their own small index
      // (conversations_tagged_idx, migration 0031) and hashed, rather than one lookup per resolution of the range.
      sql`select tag, count(*)::int as "resolved"
          from conversation_status_changes s
          join conversations c on c.id = s.conversation_id and c.organization_id = ${org} and c.tags <> '{}',
               unnest(c.tags) as tag
          where s.organization_id = ${org} and s.to_status = 'resolved' and s.changed_at >= ${start} and s.changed_at < ${end}
          group by tag`,
    ),
    query<Row>(
      db,
      sql`select tag, ${satisfactionColumns(sql`rating_score`)}
          from conversations, unnest(tags) as tag
          where organization_id = ${org} and rated_at >= ${start} and rated_at < ${end} and tags <> '{}'
          group by tag`,
    ),
  ]);
  const o = byKey(opened, 'tag');
  const res = byKey(resolved, 'tag');
  const sat = byKey(rated, 'tag');
  const tags = [...new Set([...o.keys(), ...res.keys(), ...sat.keys()])].sort();
  return tags
    .map((tag) => ({
      tag,
      opened: Number(o.get(tag)?.opened ?? 0),
      resolved: Number(res.get(tag)?.resolved ?? 0),
      satisfaction: satisfactionOf(sat.get(tag)),
    }))
    .sort((a, b) => b.opened - a.opened || b.resolved - a.resolved || a.tag.localeCompare(b.tag));
}

/** Conversations opened by local day of the week (0 = Monday) and hour. */
export async function oldHeatmap(db: DbOrTx, r: Range): Promise<THeatmapReport['cells']> {
  const { start, end } = bounds(r);
  const rows = await query<{ d: number; h: number; n: number }>(
    db,
    sql`select (extract(isodow from created_at at time zone ${r.timeZone})::int - 1) as d,
               extract(hour from created_at at time zone ${r.timeZone})::int as h,
               count(*)::int as n
        from conversations
        where organization_id = ${r.organizationId} and created_at >= ${start} and created_at < ${end}
        group by 1, 2`,
  );
  const cells = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  for (const row of rows) cells[row.d]![row.h] = row.n;
  return cells;
}

/** Seconds from `a` to `b` (timestamps) as SQL. */
const secondsBetween = (a: SQL, b: SQL) => sql`extract(epoch from (${b} - ${a}))`;

/** The organization's figures for one range. */
export async function oldReportFigures(db: DbOrTx, r: Range): Promise<TReportFigures> {
  const { start, end } = bounds(r);
  const org = r.organizationId;
  const [opened, moves, rated] = await Promise.all([
    query<Row>(
      db,
      sql`select count(*)::int as "opened",
                 count(*) filter (where status <> 'resolved' and waiting_since is not null)::int as "waiting",
                 ${durationColumns(secondsBetween(sql`created_at`, sql`first_reply_at`), 'frt')}
          from conversations
          where organization_id = ${org} and created_at >= ${start} and created_at < ${end}${teamFilter(r, 'conversations')}`,
    ),
    query<Row>(
      db,
      sql`select count(*)::int as "resolved",
                 ${durationColumns(sql`(open_ms / 1000.0)::float8`, 'res')},
                 (select count(*)::int from conversation_status_changes
                   where organization_id = ${org} and to_status = 'open' and from_status = 'resolved'
                     and changed_at >= ${start} and changed_at < ${end}${teamFilter(r, 'moves')}) as "reopened"
          from conversation_status_changes
          where organization_id = ${org} and to_status = 'resolved' and changed_at >= ${start} and changed_at < ${end}${teamFilter(r, 'moves')}`,
    ),
    query<Row>(
      db,
      sql`select ${satisfactionColumns(sql`rating_score`)}
          from conversations
          where organization_id = ${org} and rated_at >= ${start} and rated_at < ${end}${teamFilter(r, 'conversations')}`,
    ),
  ]);
  return {
    conversations: {
      opened: Number(opened[0]?.opened ?? 0),
      resolved: Number(moves[0]?.resolved ?? 0),
      reopened: Number(moves[0]?.reopened ?? 0),
      waiting: Number(opened[0]?.waiting ?? 0),
    },
    firstResponseTime: durationOf(opened[0], 'frt'),
    resolutionTime: durationOf(moves[0], 'res'),
    satisfaction: satisfactionOf(rated[0]),
  };
}
