// The reports' figures (issue 18), each counted once here from three sources: conversations (opened, first reply,
// rating, waiting), conversation_status_changes (resolutions with their open time, reopenings), and nothing else.
// A range is the days `from` to `to` in a time zone: from local midnight of `from` to local midnight after `to`,
// so a day of a daylight-saving change lasts 23 or 25 hours, as the people who lived it counted them.
import {
  SATISFIED_FROM,
  type TDurationFigures,
  type TReportFigures,
  type TSatisfactionFigures,
} from '@oceras/protocol';
import { type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, query } from '../../db/client.js';

export interface Range {
  organizationId: string;
  /** YYYY-MM-DD, both included. */
  from: string;
  to: string;
  timeZone: string;
  /** Only the conversations that belong to this team now (the summary's `teamId`). */
  teamId?: string;
}

/**
 * The range's team filter as SQL on a conversations row (`column` = its id or `team_id`): empty without a team.
 * On status moves it is a semi-join on the conversation's current team, the rule the per-team breakdown uses.
 */
export function teamFilter(r: Range, on: 'conversations' | 'moves'): SQL {
  if (!r.teamId) return sql``;
  return on === 'conversations'
    ? sql` and team_id = ${r.teamId}`
    : sql` and conversation_id in (select id from conversations where organization_id = ${r.organizationId} and team_id = ${r.teamId})`;
}

/** The range's two instants, as SQL: local midnight before `from` and after `to`. */
export function bounds(r: Range): { start: SQL; end: SQL } {
  return {
    start: sql`((${r.from}::date)::timestamp at time zone ${r.timeZone})`,
    end: sql`(((${r.to}::date) + 1)::timestamp at time zone ${r.timeZone})`,
  };
}

/** SQL columns for median, 90th percentile and count of a duration in seconds (`expr`), over rows where it is known. */
export const durationColumns = (expr: SQL, prefix: string) => sql`
  count(${expr})::int as ${sql.raw(`"${prefix}Count"`)},
  percentile_cont(0.5) within group (order by ${expr}) as ${sql.raw(`"${prefix}Median"`)},
  percentile_cont(0.9) within group (order by ${expr}) as ${sql.raw(`"${prefix}P90"`)}`;

/** SQL columns for the satisfaction figures over rows with a `rating_score` (null rows are not ratings). */
export const satisfactionColumns = (score: SQL) => sql`
  count(${score})::int as "ratings",
  avg(${score})::float8 as "averageScore",
  count(*) filter (where ${score} >= ${SATISFIED_FROM})::int as "satisfied",
  count(*) filter (where ${score} = 1)::int as "s1",
  count(*) filter (where ${score} = 2)::int as "s2",
  count(*) filter (where ${score} = 3)::int as "s3",
  count(*) filter (where ${score} = 4)::int as "s4",
  count(*) filter (where ${score} = 5)::int as "s5"`;

type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
/** Seconds to the millisecond: what the database computed, without float noise. */
const seconds = (v: unknown) => {
  const n = num(v);
  return n === null ? null : Math.round(n * 1000) / 1000;
};

export function durationOf(row: Row | undefined, prefix: string): TDurationFigures {
  const count = Number(row?.[`${prefix}Count`] ?? 0);
  return {
    count,
    medianSeconds: count ? seconds(row?.[`${prefix}Median`]) : null,
    p90Seconds: count ? seconds(row?.[`${prefix}P90`]) : null,
  };
}

export function satisfactionOf(row: Row | undefined): TSatisfactionFigures {
  const count = Number(row?.ratings ?? 0);
  const avg = num(row?.averageScore);
  return {
    count,
    averageScore: count && avg !== null ? Math.round(avg * 100) / 100 : null,
    score: count ? Math.round((Number(row?.satisfied ?? 0) / count) * 1000) / 10 : null,
    distribution: [1, 2, 3, 4, 5].map((s) => Number(row?.[`s${s}`] ?? 0)) as TSatisfactionFigures['distribution'],
  };
}

/** Seconds from `a` to `b` (timestamps) as SQL. */
export const secondsBetween = (a: SQL, b: SQL) => sql`extract(epoch from (${b} - ${a}))`;

/** The organization's figures for one range. */
export async function reportFigures(db: DbOrTx, r: Range): Promise<TReportFigures> {
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
