import { previousRange, type TReportQuery } from '@oceras/protocol';
import { eq } from 'drizzle-orm';
import { organizations } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { assertTeamInOrganization } from '../conversations/conversation.repo.js';
import { businessHoursOf } from '../organizations/organization.presenter.js';
import { teamHours } from '../teams/team.repo.js';
import { agentBreakdown, heatmap, tagBreakdown, teamBreakdown } from './breakdowns.js';
import { businessDurations, type Hours } from './business-durations.js';
import { type Range, reportFigures } from './report-figures.js';

/** The asked range in the asked time zone, or the organization's. */
async function rangeOf(
  services: Services,
  principal: AgentPrincipal,
  q: Pick<TReportQuery, 'from' | 'to' | 'timeZone'>,
): Promise<Range> {
  let timeZone = q.timeZone;
  if (!timeZone) {
    const [org] = await services.db
      .select({ timeZone: organizations.timeZone })
      .from(organizations)
      .where(eq(organizations.id, principal.organizationId));
    if (!org) throw notFound('organization');
    timeZone = org.timeZone;
  }
  return { organizationId: principal.organizationId, from: q.from, to: q.to, timeZone };
}

/** The organization's business hours and their zone, and its teams' own hours. */
async function hoursOf(services: Services, principal: AgentPrincipal): Promise<Hours> {
  const [[org], teams] = await Promise.all([
    services.db
      .select({ businessHours: organizations.businessHours, timeZone: organizations.timeZone })
      .from(organizations)
      .where(eq(organizations.id, principal.organizationId)),
    teamHours(services.db, principal.organizationId),
  ]);
  if (!org) throw notFound('organization');
  return { organization: { businessHours: businessHoursOf(org), timeZone: org.timeZone }, teams };
}

const header = (r: Range) => ({ from: r.from, to: r.to, timeZone: r.timeZone });

export const reportHandlers = {
  async reportSummary({ services, principal, query }) {
    if (query.teamId) await assertTeamInOrganization(services.db, principal.organizationId, query.teamId);
    const r = { ...(await rangeOf(services, principal, query)), ...(query.teamId ? { teamId: query.teamId } : {}) };
    const before = { ...r, ...previousRange(r.from, r.to) };
    const hours = query.businessHours ? await hoursOf(services, principal) : null;
    const figures = async (range: Range) => {
      const all = await reportFigures(services.db, range);
      return hours ? { ...all, ...(await businessDurations(services.db, range, hours)) } : all;
    };
    const [current, previous] = await Promise.all([figures(r), figures(before)]);
    return {
      ...header(r),
      isWithinBusinessHours: hours !== null,
      ...current,
      previous: { from: before.from, to: before.to, ...previous },
    };
  },
  async reportAgents({ services, principal, query }) {
    const r = await rangeOf(services, principal, query);
    return { ...header(r), agents: await agentBreakdown(services.db, r) };
  },
  async reportTeams({ services, principal, query }) {
    const r = await rangeOf(services, principal, query);
    return { ...header(r), teams: await teamBreakdown(services.db, r) };
  },
  async reportTags({ services, principal, query }) {
    const r = await rangeOf(services, principal, query);
    return { ...header(r), tags: await tagBreakdown(services.db, r) };
  },
  async reportHeatmap({ services, principal, query }) {
    const r = await rangeOf(services, principal, query);
    return { ...header(r), cells: await heatmap(services.db, r) };
  },
} satisfies SomeHandlers;
