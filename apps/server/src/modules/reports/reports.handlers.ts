import { previousRange, type TReportQuery } from '@oceras/protocol';
import { eq } from 'drizzle-orm';
import { organizations } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { assertTeamInOrganization } from '../conversations/conversation.repo.js';
import { agentBreakdown, heatmap, tagBreakdown, teamBreakdown } from './breakdowns.js';
import { businessFigures } from './business-figures.js';
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

const header = (r: Range) => ({ from: r.from, to: r.to, timeZone: r.timeZone });

export const reportHandlers = {
  async reportSummary({ services, principal, query }) {
    if (query.teamId) await assertTeamInOrganization(services.db, principal.organizationId, query.teamId);
    const r = { ...(await rangeOf(services, principal, query)), ...(query.teamId ? { teamId: query.teamId } : {}) };
    const before = { ...r, ...previousRange(r.from, r.to) };
    const isBusiness = query.businessHours === true;
    const figures = async (range: Range) => {
      const all = await reportFigures(services.db, range);
      return isBusiness ? { ...all, ...(await businessFigures(services.db, range)) } : all;
    };
    const [current, previous] = await Promise.all([figures(r), figures(before)]);
    return {
      ...header(r),
      isWithinBusinessHours: isBusiness,
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
