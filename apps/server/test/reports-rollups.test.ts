/**
 * Report rollups (issue 18, migration 0032) against the row-based statements they replace (reports-oracle.ts). A
 * few conversations are made through the API (created, answered, assigned, given to a team, tagged, snoozed,
 * resolved, reopened, rated: the triggers run on the commands' own writes); then a seeded random history is written
 * over copies of them in SQL, moved again (times, teams, tags, assignees, ratings, moves changed and deleted,
 * conversations deleted), and every report must equal the oracle's, for ranges of one day to ~80 days in zones with
 * :00, :30 and :45 offsets and daylight-saving changes (Lord Howe's is 30 minutes). A rebuild from the rows must
 * give the rollups the triggers kept.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../src/db/client.js';
import { agentBreakdown, heatmap, tagBreakdown, teamBreakdown } from '../src/modules/reports/breakdowns.js';
import { type Range, reportFigures } from '../src/modules/reports/report-figures.js';
import { buildAgent, buildOrganization, startTestServer, type TestServer, visitor } from './helpers.js';
import {
  oldAgentBreakdown,
  oldHeatmap,
  oldReportFigures,
  oldTagBreakdown,
  oldTeamBreakdown,
} from './reports-oracle.js';
import { random } from './seeded-random.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const db = () => server.database.db;

const ZONES = [
  'UTC',
  'Europe/Paris',
  'America/New_York',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'America/St_Johns',
  'Pacific/Chatham',
];

/** Compares every report of the organization with the oracle over these ranges. */
async function compareAll(org: string, teams: string[], ranges: [string, string][]) {
  let compared = 0;
  for (const [from, to] of ranges)
    for (const timeZone of ZONES) {
      const r: Range = { organizationId: org, from, to, timeZone };
      const where = JSON.stringify(r);
      expect(await reportFigures(db(), r), where).toEqual(await oldReportFigures(db(), r));
      for (const teamId of teams) {
        const t = { ...r, teamId };
        expect(await reportFigures(db(), t), `${where} ${teamId}`).toEqual(await oldReportFigures(db(), t));
      }
      expect(await agentBreakdown(db(), r), where).toEqual(await oldAgentBreakdown(db(), r));
      expect(await teamBreakdown(db(), r), where).toEqual(await oldTeamBreakdown(db(), r));
      expect(await tagBreakdown(db(), r), where).toEqual(await oldTagBreakdown(db(), r));
      expect(await heatmap(db(), r), where).toEqual(await oldHeatmap(db(), r));
      compared++;
    }
  return compared;
}

/** The rollups as comparable values: zero rows and array bounds do not matter, the counts do. */
async function rollupsOf(org: string) {
  const rows = await query<Record<string, unknown>>(
    db(),
    sql`select kind, day::text as day, key, opened, resolved, reopened, ratings::text as ratings,
               (select coalesce(json_object_agg(i + array_lower(frt, 1) - 1, v), '{}') from unnest(frt) with ordinality u(v, i) where v <> 0)::text as frt,
               (select coalesce(json_object_agg(i + array_lower(res, 1) - 1, v), '{}') from unnest(res) with ordinality u(v, i) where v <> 0)::text as res
        from report_days where organization_id = ${org}
          and (opened <> 0 or resolved <> 0 or reopened <> 0 or ratings <> '{0,0,0,0,0}'
               or exists (select 1 from unnest(frt) v where v <> 0) or exists (select 1 from unnest(res) v where v <> 0))
        order by kind, day, key`,
  );
  const quarters = await query<Record<string, unknown>>(
    db(),
    sql`select quarter, opened from report_quarters where organization_id = ${org} and opened <> 0 order by quarter`,
  );
  return { rows, quarters };
}

describe('report rollups', () => {
  it('equal the row-based figures after the commands, a random history and its changes, and a rebuild', async () => {
    const org = await buildOrganization(server);
    const orgId = org.organization.id;
    const x = await buildAgent(server, org, 'agent', 'Xavier');
    const m = await buildAgent(server, org, 'manager', 'Mona');
    const gone = await buildAgent(server, org, 'agent', 'Gone');
    const billing = await org.api.call('createTeam', { body: { name: 'Billing', agentIds: [] } });
    const sales = await org.api.call('createTeam', { body: { name: 'Sales', agentIds: [] } });
    const teams = [billing.id, sales.id];
    const agents = [org.agent.id, x.agent.id, m.agent.id, gone.agent.id];
    const update = (id: string, body: Record<string, unknown>) =>
      org.api.call('updateConversation', { params: { id }, body: body as never });

    // Through the commands: the triggers see what the application writes.
    const v = await visitor(server, org.organization.widgetKey);
    const made: string[] = [];
    for (let i = 0; i < 4; i++) {
      const conv = await v.start(`question ${i}`);
      made.push(conv.id);
      await update(conv.id, { assigneeId: agents[i % 3], teamId: teams[i % 2], tags: i % 2 ? ['bug'] : ['billing'] });
      await org.api.call('sendMessage', { params: { id: conv.id }, body: { clientId: randomUUID(), body: 'On it' } });
      if (i === 1)
        await update(conv.id, { status: 'snoozed', snoozedUntil: new Date(Date.now() + 3_600_000).toISOString() });
      if (i < 3) await update(conv.id, { status: 'resolved' });
      if (i === 2) {
        await update(conv.id, { status: 'open', assigneeId: agents[1] });
        await update(conv.id, { status: 'resolved', teamId: null, tags: ['billing', 'vip'] });
      }
      if (i < 3) await v.api.call('rateConversation', { params: { id: conv.id }, body: { score: 1 + i * 2 } });
    }
    v.close();
    const today = new Date().toISOString().slice(0, 10);
    expect(await compareAll(orgId, teams, [[today, today]])).toBeGreaterThan(0);

    // A random history in SQL, over copies of those conversations (the same visitor, other ids and numbers).
    const rnd = random(18);
    const window0 = Date.parse('2026-02-20T00:00:00Z');
    const span = 80 * 86_400_000;
    const at = (t: number) => new Date(t).toISOString();
    const duration = () => (rnd.next() < 0.1 ? rnd.int(3) : Math.round(Math.exp(rnd.next() * 12) * 1000) / 1000);
    const ids: string[] = [];
    for (let i = 0; i < 160; i++) {
      const created = window0 + rnd.int(span);
      const replied = rnd.next() < 0.8 ? created + duration() * 1000 : null;
      const score = rnd.next() < 0.4 ? 1 + rnd.int(5) : null;
      const tags = ['billing', 'bug', 'vip'].filter(() => rnd.next() < 0.35);
      const [row] = await query<{ id: string }>(
        db(),
        sql`insert into conversations
            select (jsonb_populate_record(c, jsonb_build_object(
              'id', gen_random_uuid(), 'number', 1000 + ${i}::int, 'client_id', gen_random_uuid(),
              'created_at', ${at(created)}::timestamptz, 'first_reply_at', ${replied === null ? null : at(replied)}::timestamptz,
              'rating_score', ${score}::int, 'rated_at', ${score ? at(created + rnd.int(5 * 86_400_000)) : null}::timestamptz,
              'assignee_id', ${rnd.next() < 0.8 ? rnd.pick(agents) : null}::uuid,
              'team_id', ${rnd.next() < 0.6 ? rnd.pick(teams) : null}::uuid,
              'tags', ${`{${tags.join(',')}}`}::text[]))).*
            from conversations c where c.id = ${made[3]!}
            returning id`,
      );
      ids.push(row!.id);
      let t = created;
      let status = 'open';
      for (let k = rnd.int(4); k > 0; k--) {
        t += rnd.int(2 * 86_400_000);
        const to = status === 'resolved' ? 'open' : rnd.pick(['resolved', 'resolved', 'snoozed']);
        await query(
          db(),
          sql`insert into conversation_status_changes (organization_id, conversation_id, from_status, to_status, changed_at, assignee_id, open_ms)
              values (${orgId}, ${row!.id}, ${status}, ${to}, ${at(t)}, ${rnd.next() < 0.8 ? rnd.pick(agents) : null},
                      ${to === 'resolved' && rnd.next() < 0.9 ? rnd.int(86_400_000) : null})`,
        );
        status = to;
      }
    }
    const ranges: [string, string][] = [
      ['2026-03-01', '2026-03-01'],
      ['2026-03-27', '2026-03-30'],
      ['2026-02-20', '2026-05-10'],
      ['2026-03-15', '2026-04-20'],
      ['2026-04-05', '2026-04-05'],
    ];
    await compareAll(orgId, teams, ranges);

    // Moved again: teams and tags of conversations with moves, assignees, times, ratings; moves changed and
    // deleted; conversations deleted (as retention does).
    for (const id of ids.slice(0, 60)) {
      const change = rnd.int(6);
      if (change === 0)
        await query(db(), sql`update conversations set team_id = ${rnd.pick([...teams, null])} where id = ${id}`);
      if (change === 1)
        await query(
          db(),
          sql`update conversations set tags = ${`{${rnd.pick(['bug', 'vip,new', ''])}}`}::text[] where id = ${id}`,
        );
      if (change === 2)
        await query(db(), sql`update conversations set assignee_id = ${rnd.pick([...agents, null])} where id = ${id}`);
      if (change === 3)
        await query(
          db(),
          sql`update conversations set created_at = created_at - interval '7 hours 15 minutes', first_reply_at = null where id = ${id}`,
        );
      if (change === 4)
        await query(
          db(),
          sql`update conversations set rating_score = ${1 + rnd.int(5)}, rated_at = coalesce(rated_at, created_at) + interval '1 day' where id = ${id}`,
        );
      if (change === 5) await query(db(), sql`delete from conversations where id = ${id}`);
    }
    await query(
      db(),
      sql`update conversation_status_changes set changed_at = changed_at + interval '20 hours', open_ms = open_ms / 2
                          where organization_id = ${orgId} and id % 3 = 0`,
    );
    await query(
      db(),
      sql`update conversation_status_changes set assignee_id = ${agents[2]} where organization_id = ${orgId} and id % 5 = 0`,
    );
    await query(db(), sql`delete from conversation_status_changes where organization_id = ${orgId} and id % 7 = 0`);
    // A removed agent stays listed while the range holds work of theirs.
    await query(db(), sql`update agents set removed_at = now() where id = ${gone.agent.id}`);
    await compareAll(orgId, teams, ranges);

    const kept = await rollupsOf(orgId);
    expect(kept.rows.length).toBeGreaterThan(100);
    await query(db(), sql`select report_rebuild(${orgId})`);
    expect(await rollupsOf(orgId)).toEqual(kept);
  });

  it("are deleted with their organization, and another organization's rollups are untouched", async () => {
    const a = await buildOrganization(server);
    const b = await buildOrganization(server);
    for (const org of [a, b]) {
      const v = await visitor(server, org.organization.widgetKey);
      const conv = await v.start('hello');
      await org.api.call('updateConversation', { params: { id: conv.id }, body: { status: 'resolved' } });
      v.close();
    }
    const count = async (org: string) =>
      (
        await query<{ n: number }>(
          db(),
          sql`select (select count(*) from report_days where organization_id = ${org})
                   + (select count(*) from report_quarters where organization_id = ${org}) as n`,
        )
      )[0]!.n;
    expect(Number(await count(a.organization.id))).toBeGreaterThan(0);
    const before = Number(await count(b.organization.id));
    await query(db(), sql`delete from organizations where id = ${a.organization.id}`);
    expect(Number(await count(a.organization.id))).toBe(0);
    expect(Number(await count(b.organization.id))).toBe(before);
  });
});
