/**
 * Reports per team (issue 18 with issue 17's teams), through the API: `GET /api/v1/reports/teams` and the summary's
 * `teamId`. The conversations are made through the API, given to teams, answered and resolved; then their times
 * and ratings are set to known instants in SQL, and every figure is checked exactly.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../src/db/client.js';
import { buildAgent, buildOrganization, expectError, startTestServer, type TestServer, visitor } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const DAY = { from: '2026-03-10', to: '2026-03-10', timeZone: 'UTC' };

describe('reports per team', () => {
  it('answers the agents’ figures per team, and the summary for one team, exactly', async () => {
    const org = await buildOrganization(server);
    const billing = await org.api.call('createTeam', { body: { name: 'Billing', agentIds: [] } });
    const sales = await org.api.call('createTeam', { body: { name: 'Sales', agentIds: [] } });
    const v = await visitor(server, org.organization.widgetKey);
    // [team, seconds to the first reply, seconds open when resolved (null: still open), rating]
    const plan = [
      [billing.id, 60, 600, 5],
      [billing.id, 180, 1200, 2],
      [sales.id, 30, null, null],
      [null, 10, 300, 4],
    ] as const;
    for (const [i, [teamId, frt, open, rating]] of plan.entries()) {
      const conv = await v.start(`question ${i}`);
      if (teamId) await org.api.call('updateConversation', { params: { id: conv.id }, body: { teamId } });
      await org.api.call('sendMessage', { params: { id: conv.id }, body: { clientId: randomUUID(), body: 'On it' } });
      if (open !== null)
        await org.api.call('updateConversation', { params: { id: conv.id }, body: { status: 'resolved' } });
      const created = `2026-03-10T09:0${i}:00Z`;
      await query(
        server.services.db,
        sql`update conversations set created_at = ${created}::timestamptz,
              first_reply_at = ${created}::timestamptz + make_interval(secs => ${frt}),
              rating_score = ${rating}, rated_at = case when ${rating}::int is null then null else ${created}::timestamptz + interval '2 hours' end
            where id = ${conv.id}`,
      );
      if (open !== null)
        await query(
          server.services.db,
          sql`update conversation_status_changes set changed_at = ${created}::timestamptz + interval '1 hour', open_ms = ${open * 1000}
              where conversation_id = ${conv.id} and to_status = 'resolved'`,
        );
    }
    v.close();

    const none = { count: 0, medianSeconds: null, p90Seconds: null };
    const report = await org.api.call('reportTeams', { query: DAY });
    expect(report).toEqual({
      ...DAY,
      teams: [
        {
          teamId: billing.id,
          name: 'Billing',
          resolved: 2,
          firstResponseTime: { count: 2, medianSeconds: 120, p90Seconds: 168 },
          resolutionTime: { count: 2, medianSeconds: 900, p90Seconds: 1140 },
          satisfaction: { count: 2, averageScore: 3.5, score: 50, distribution: [0, 1, 0, 0, 1] },
        },
        {
          teamId: sales.id,
          name: 'Sales',
          resolved: 0,
          firstResponseTime: { count: 1, medianSeconds: 30, p90Seconds: 30 },
          resolutionTime: none,
          satisfaction: { count: 0, averageScore: null, score: null, distribution: [0, 0, 0, 0, 0] },
        },
      ],
    });
    // The day before holds nothing.
    const before = await org.api.call('reportTeams', { query: { ...DAY, from: '2026-03-09', to: '2026-03-09' } });
    expect(before.teams.map((t) => t.resolved + t.firstResponseTime.count)).toEqual([0, 0]);

    const summary = await org.api.call('reportSummary', { query: { ...DAY, teamId: billing.id } });
    expect(summary).toMatchObject({
      conversations: { opened: 2, resolved: 2, reopened: 0, waiting: 0 },
      firstResponseTime: { count: 2, medianSeconds: 120, p90Seconds: 168 },
      resolutionTime: { count: 2, medianSeconds: 900, p90Seconds: 1140 },
      satisfaction: { count: 2, averageScore: 3.5, score: 50 },
    });
    const whole = await org.api.call('reportSummary', { query: DAY });
    expect(whole.conversations).toEqual({ opened: 4, resolved: 3, reopened: 0, waiting: 0 });
    expect(whole.firstResponseTime).toEqual({ count: 4, medianSeconds: 45, p90Seconds: 144 });

    // Another organization's team is not found; an agent is refused (managers and admins read reports).
    const other = await buildOrganization(server);
    await expectError(other.api.call('reportSummary', { query: { ...DAY, teamId: billing.id } }), 404, 'NOT_FOUND');
    expect((await other.api.call('reportTeams', { query: DAY })).teams).toEqual([]);
    const agent = await buildAgent(server, org, 'agent');
    await expectError(agent.api.call('reportTeams', { query: DAY }), 403, 'FORBIDDEN');
    await expectError(agent.api.call('reportSummary', { query: { ...DAY, teamId: billing.id } }), 403, 'FORBIDDEN');
    await expectError(
      org.api.call('reportSummary', { query: { ...DAY, teamId: 'nope' } as never }),
      400,
      'VALIDATION_FAILED',
    );
  });
});
