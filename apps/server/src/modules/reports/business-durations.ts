import type { TBusinessHours, TDurationFigures } from '@oceras/protocol';
import { applicableHours, openMillisBetween, type ZonedHours } from '@oceras/protocol/business-hours';
import { eq, sql } from 'drizzle-orm';
import { type DbOrTx, query } from '../../db/client.js';
import { organizations } from '../../db/schema.js';
import { businessHoursOf } from '../organizations/organization.presenter.js';
import { teamHours } from '../teams/team.repo.js';
import { bounds, type Range, teamFilter } from './report-figures.js';

/** The organization's hours in its own zone (the report's days may be in another), and its teams' own hours. */
export interface Hours {
  organization: ZonedHours;
  /** Team id -> its own hours, for the teams that have some. */
  teams: ReadonlyMap<string, TBusinessHours>;
}

/** An organization's hours and its teams' own, or null when it is gone. */
export async function hoursOf(db: DbOrTx, organizationId: string): Promise<Hours | null> {
  const [[org], teams] = await Promise.all([
    db
      .select({ businessHours: organizations.businessHours, timeZone: organizations.timeZone })
      .from(organizations)
      .where(eq(organizations.id, organizationId)),
    teamHours(db, organizationId),
  ]);
  if (!org) return null;
  return { organization: { businessHours: businessHoursOf(org), timeZone: org.timeZone }, teams };
}

/** PostgreSQL's `percentile_cont` (linear interpolation between the two nearest ranks) over sorted values. */
export function percentileCont(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const at = p * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** A span, with the team whose hours measure it (the conversation's now, as the team filter reads it). */
interface Span {
  a: Date | string;
  b: Date | string;
  team: string | null;
}

/**
 * A span's milliseconds within its conversation's applicable hours (its team's own, else the organization's): the
 * one measure of a business duration, for this row-based path, the stored values (business-filler.ts) and the
 * rows a report measures on the fly (business-figures.ts).
 */
export function businessMillis(hours: Hours, team: string | null, a: Date | string, b: Date | string): number {
  const h = applicableHours(hours.organization, team ? hours.teams.get(team) : null);
  return openMillisBetween(h.businessHours, h.timeZone, new Date(a), new Date(b));
}

const figures = (spans: readonly Span[], hours: Hours): TDurationFigures => {
  const secs = spans.map(({ a, b, team }) => businessMillis(hours, team, a, b) / 1000).sort((x, y) => x - y);
  const round = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);
  return {
    count: secs.length,
    medianSeconds: round(percentileCont(secs, 0.5)),
    p90Seconds: round(percentileCont(secs, 0.9)),
  };
};

/**
 * First response and resolution times of a range counted within business hours (`businessHours=true`): the same
 * rows as report-figures.ts's (conversations created in the range with a first reply; resolutions in the range,
 * from creation or the last reopening), each span measured by the protocol's `openMillisBetween`, the one rule of
 * the hours, rather than by a second copy of it in SQL. Each span counts within its conversation's applicable
 * hours (`applicableHours`: its team's own, else the organization's), so a report filtered by a team counts within
 * that team's hours. The resolutions look their conversation's team up only when some team has hours of its own.
 */
export async function rowBusinessDurations(db: DbOrTx, r: Range, hours: Hours) {
  const { start, end } = bounds(r);
  const org = r.organizationId;
  // The resolutions' teams: one hash join with the conversations of the teams that have hours (the team index
  // alone), only when the report is unfiltered and some team has hours (a lookup per row cost 7 to 9 times the
  // statement; docs/ARCHITECTURE.md).
  const withHours = [...hours.teams.keys()];
  const teamOfMove =
    r.teamId !== undefined
      ? { column: sql`${r.teamId}::uuid`, join: sql`` }
      : withHours.length > 0
        ? {
            column: sql`c.team_id`,
            join: sql` left join (select id, team_id from conversations where organization_id = ${org}
                         and team_id in (${sql.join(
                           withHours.map((id) => sql`${id}`),
                           sql`, `,
                         )})) c on c.id = m.conversation_id`,
          }
        : { column: sql`null::uuid`, join: sql`` };
  const [first, resolved] = await Promise.all([
    query<Span>(
      db,
      sql`select created_at as a, first_reply_at as b, team_id as team from conversations
          where organization_id = ${org} and created_at >= ${start} and created_at < ${end} and first_reply_at is not null${teamFilter(r, 'conversations')}`,
    ),
    query<Span>(
      db,
      sql`select m.changed_at - make_interval(secs => m.open_ms / 1000.0) as a, m.changed_at as b, ${teamOfMove.column} as team
          from conversation_status_changes m${teamOfMove.join}
          where m.organization_id = ${org} and m.to_status = 'resolved' and m.changed_at >= ${start} and m.changed_at < ${end}
            and m.open_ms is not null${teamFilter(r, 'moves')}`,
    ),
  ]);
  return { firstResponseTime: figures(first, hours), resolutionTime: figures(resolved, hours) };
}
