// The reports' figures (issue 18), each defined once: from conversations (opened, first reply, rating, waiting) and
// conversation_status_changes (resolutions with their open time, reopenings), read through the rollups of migration
// 0032 (rollups.ts; test/reports-oracle.ts keeps the row-based statements they must agree with).
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
import { durationFigures } from './percentiles.js';
import { instantsOf, tallies } from './rollups.js';

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

/** The satisfaction figures of ratings counted by score (1 to 5). */
export function satisfactionOfRatings(ratings: readonly number[]): TSatisfactionFigures {
  const count = ratings.reduce((a, n) => a + n, 0);
  const row: Row = { ratings: count, satisfied: 0 };
  let sum = 0;
  ratings.forEach((n, i) => {
    row[`s${i + 1}`] = n;
    sum += n * (i + 1);
    if (i + 1 >= SATISFIED_FROM) row.satisfied = Number(row.satisfied) + n;
  });
  row.averageScore = count ? sum / count : null;
  return satisfactionOf(row);
}

/** The range's start and end as instants, and the organization's (or a team's) tally over it. */
async function tallyOf(db: DbOrTx, r: Range) {
  const { start, end } = await instantsOf(db, bounds(r).start, bounds(r).end);
  const kind = r.teamId ? 1 : 0;
  const all = await tallies(db, r.organizationId, kind, start, end, r.teamId ?? '');
  return { start, end, kind, tally: all.get(r.teamId ?? '') } as const;
}

/**
 * The organization's figures for one range: counts, ratings and histograms from the rollups (rollups.ts), the
 * percentiles read from their buckets (percentiles.ts), the waiting conversations counted live (they change with
 * every message) from their own small index.
 */
export async function reportFigures(db: DbOrTx, r: Range): Promise<TReportFigures> {
  const { start, end } = bounds(r);
  const [t, waiting] = await Promise.all([
    tallyOf(db, r),
    query<{ n: number }>(
      db,
      sql`select count(*)::int as n from conversations
          where organization_id = ${r.organizationId} and created_at >= ${start} and created_at < ${end}
            and status <> 'resolved' and waiting_since is not null${teamFilter(r, 'conversations')}`,
    ),
  ]);
  const scope = { org: r.organizationId, kind: t.kind, key: r.teamId ?? '', start: t.start, end: t.end };
  const [frt, res] = await Promise.all([
    durationFigures(db, 'frt', scope, t.tally?.frt ?? new Map()),
    durationFigures(db, 'res', scope, t.tally?.res ?? new Map()),
  ]);
  return {
    conversations: {
      opened: t.tally?.opened ?? 0,
      resolved: t.tally?.resolved ?? 0,
      reopened: t.tally?.reopened ?? 0,
      waiting: Number(waiting[0]?.n ?? 0),
    },
    firstResponseTime: frt,
    resolutionTime: res,
    satisfaction: satisfactionOfRatings(t.tally?.ratings ?? [0, 0, 0, 0, 0]),
  };
}
