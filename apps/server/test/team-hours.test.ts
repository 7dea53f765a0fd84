/**
 * A team's own business hours (issue 18), through the API with a clock the test moves: the organization is in Paris,
 * open Monday to Friday 9:00–17:30; the "Evening" team answers 18:00–23:00 every day, the "Night" team on Saturday
 * from 22:00 to Sunday 6:00 (the night Paris leaves summer time, seven hours long). The hours that apply to a
 * conversation are its team's when the team has some, else the organization's: for the out-of-hours reply and for
 * the reports' durations within business hours.
 */
import type { TAutoReplies, TBusinessHours, TMessage } from '@oceras/protocol';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../src/db/client.js';
import { autoRepliesIdle } from '../src/modules/auto-replies/reply-to-visitor.js';
import { buildAgent, buildOrganization, expectError, startTestServer, type TestServer, visitor } from './helpers.js';

let server: TestServer;
let now = new Date();
beforeAll(async () => {
  server = await startTestServer({}, { clock: () => now });
});
afterAll(async () => {
  await server?.close();
});

type Org = Awaited<ReturnType<typeof buildOrganization>>;
const OFFICE: TBusinessHours = {
  enabled: true,
  weekly: ([1, 2, 3, 4, 5] as const).map((day) => ({ day, from: '09:00', to: '17:30' })),
  holidays: [],
};
const EVENING: TBusinessHours = {
  enabled: true,
  weekly: ([0, 1, 2, 3, 4, 5, 6] as const).map((day) => ({ day, from: '18:00', to: '23:00' })),
  holidays: ['2026-12-24'],
};
const NIGHT: TBusinessHours = {
  enabled: true,
  weekly: [
    { day: 6, from: '22:00', to: '24:00' },
    { day: 0, from: '00:00', to: '06:00' },
  ],
  holidays: [],
};
const REPLIES: Partial<TAutoReplies> = {
  greeting: { enabled: true, text: { en: 'Hello from the team!' } },
  outOfHours: { enabled: true, text: { en: 'We are closed right now.' } },
};

async function parisOrganization(replies: Partial<TAutoReplies> = REPLIES) {
  const org = await buildOrganization(server);
  await org.api.call('updateOrganization', {
    body: { timeZone: 'Europe/Paris', businessHours: OFFICE, autoReplies: replies },
  });
  return org;
}

const isAuto = (m: TMessage, kind?: string) =>
  m.author.type === 'system' && m.type === 'message' && (!kind || m.system?.autoReply === kind);
const thread = async (v: Awaited<ReturnType<typeof visitor>>, id: string) =>
  (await v.api.call('listVisitorMessages', { params: { id } })).messages.map((m) =>
    isAuto(m) ? `auto:${m.system?.autoReply}` : m.body,
  );
/** The organization's conversations' messages half an hour older: the visitor's next message follows a quiet time. */
const quietHalfHour = (org: Org) =>
  query(
    server.database.db,
    sql`update messages set created_at = created_at - interval '31 minutes' where organization_id = ${org.organization.id}`,
  );
const teamsOf = async (org: Org) => (await org.api.call('listTeams')).teams;

describe('a team’s hours (PATCH /api/v1/teams/:id)', () => {
  it('stores them for admins, null for the organization’s, and refuses bad hours and other callers unchanged', async () => {
    const org = await parisOrganization({});
    const created = await org.api.call('createTeam', { body: { name: 'Evening', businessHours: EVENING } });
    expect(created.businessHours).toEqual(EVENING);
    const plain = await org.api.call('createTeam', { body: { name: 'Plain' } });
    expect(plain.businessHours).toBeNull();

    const saved = await org.api.call('updateTeam', { params: { id: plain.id }, body: { businessHours: NIGHT } });
    expect(saved).toMatchObject({ id: plain.id, name: 'Plain', businessHours: NIGHT });
    expect((await teamsOf(org)).find((t) => t.id === plain.id)?.businessHours).toEqual(NIGHT);

    const bad: unknown[] = [
      { ...NIGHT, weekly: [{ day: 1, from: '18:00', to: '09:00' }] },
      { ...NIGHT, weekly: [{ day: 7, from: '09:00', to: '10:00' }] },
      { ...NIGHT, weekly: [{ day: 1, from: '9:00', to: '10:00' }] },
      { ...NIGHT, holidays: ['2026-12-25', '2026-12-25'] },
      { ...NIGHT, holidays: ['2026-02-30'] },
      { ...NIGHT, timeZone: 'Europe/Paris' },
      { weekly: NIGHT.weekly, holidays: [] },
      'always',
    ];
    for (const businessHours of bad) {
      await expectError(
        org.api.call('updateTeam', { params: { id: plain.id }, body: { businessHours: businessHours as never } }),
        400,
        'VALIDATION_FAILED',
      );
      await expectError(
        org.api.call('createTeam', { body: { name: 'Bad', businessHours: businessHours as never } }),
        400,
        'VALIDATION_FAILED',
      );
    }
    const before = await teamsOf(org);
    expect(before.map((t) => [t.name, t.businessHours])).toEqual([
      ['Evening', EVENING],
      ['Plain', NIGHT],
    ]);

    // A manager, an agent, a visitor, an anonymous caller and another organization's admin change nothing.
    const manager = await buildAgent(server, org, 'manager');
    const agent = await buildAgent(server, org, 'agent');
    const body = { businessHours: null };
    await expectError(manager.api.call('updateTeam', { params: { id: plain.id }, body }), 403, 'FORBIDDEN');
    await expectError(agent.api.call('updateTeam', { params: { id: plain.id }, body }), 403, 'FORBIDDEN');
    await expectError(manager.api.call('createTeam', { body: { name: 'Mine', businessHours: NIGHT } }), 403);
    const v = await visitor(server, org.organization.widgetKey);
    await expectError(
      server.client(v.session.sessionToken).call('updateTeam', { params: { id: plain.id }, body }),
      401,
    );
    v.close();
    await expectError(server.client().call('updateTeam', { params: { id: plain.id }, body }), 401);
    const other = await parisOrganization({});
    await expectError(other.api.call('updateTeam', { params: { id: plain.id }, body }), 404, 'NOT_FOUND');
    expect(await teamsOf(org)).toEqual(before);
    // Agents read the hours on the list they already read.
    expect((await agent.api.call('listTeams')).teams).toEqual(before);

    // Null: the organization's hours again; the other fields stay.
    const back = await org.api.call('updateTeam', { params: { id: plain.id }, body: { businessHours: null } });
    expect(back).toMatchObject({ name: 'Plain', businessHours: null });
  });
});

describe('the out-of-hours reply follows the conversation’s team', () => {
  it('replies when the team is closed and the organization open, and not when the team is open and it is closed', async () => {
    now = new Date('2026-12-07T10:00:00Z'); // Monday 11:00 in Paris: the organization is open, Evening closed.
    const org = await parisOrganization();
    const evening = await org.api.call('createTeam', { body: { name: 'Evening', businessHours: EVENING } });
    // A team without hours of its own follows the organization's.
    const plain = await org.api.call('createTeam', { body: { name: 'Plain' } });
    const v = await visitor(server, org.organization.widgetKey);
    const inTeam = await v.start('For the evening team');
    const noTeam = await v.start('For anyone');
    const inPlain = await v.start('For the plain team');
    // New conversations have no team: the organization's hours, open, so each is greeted.
    for (const c of [inTeam, noTeam, inPlain])
      await expect.poll(() => thread(v, c.id)).toEqual([expect.any(String), 'auto:greeting']);
    await org.api.call('updateConversation', { params: { id: inTeam.id }, body: { teamId: evening.id } });
    await org.api.call('updateConversation', { params: { id: inPlain.id }, body: { teamId: plain.id } });

    // Monday 11:30: Evening's conversation gets the reply, until Evening opens at 18:00 (17:00 UTC).
    now = new Date('2026-12-07T10:30:00Z');
    await quietHalfHour(org);
    for (const c of [inTeam, noTeam, inPlain]) await v.say(c.id, 'Hello?');
    await expect
      .poll(() => thread(v, inTeam.id))
      .toEqual(['For the evening team', 'auto:greeting', 'Hello?', 'auto:outOfHours']);
    await autoRepliesIdle();
    expect(await thread(v, noTeam.id)).toEqual(['For anyone', 'auto:greeting', 'Hello?']);
    expect(await thread(v, inPlain.id)).toEqual(['For the plain team', 'auto:greeting', 'Hello?']);
    const [row] = await query<{ until: Date }>(
      server.database.db,
      sql`select out_of_hours_until as until from conversations where id = ${inTeam.id}`,
    );
    expect(new Date(row!.until).toISOString()).toBe('2026-12-07T17:00:00.000Z');

    // Monday 19:30: the organization is closed, Evening open. The reverse.
    now = new Date('2026-12-07T18:30:00Z');
    await quietHalfHour(org);
    for (const c of [inTeam, noTeam, inPlain]) await v.say(c.id, 'Anyone now?');
    await expect
      .poll(() => thread(v, noTeam.id))
      .toEqual(['For anyone', 'auto:greeting', 'Hello?', 'Anyone now?', 'auto:outOfHours']);
    await expect.poll(async () => (await thread(v, inPlain.id)).at(-1)).toBe('auto:outOfHours');
    await autoRepliesIdle();
    expect(await thread(v, inTeam.id)).toEqual([
      'For the evening team',
      'auto:greeting',
      'Hello?',
      'auto:outOfHours',
      'Anyone now?',
    ]);

    // Evening's hours taken away (null): the organization's apply to its conversation at once.
    await org.api.call('updateTeam', { params: { id: evening.id }, body: { businessHours: null } });
    await quietHalfHour(org);
    await v.say(inTeam.id, 'Last try');
    await expect.poll(async () => (await thread(v, inTeam.id)).at(-1)).toBe('auto:outOfHours');
    v.close();
  });
});

describe('reports within a team’s hours (GET /api/v1/reports/summary?businessHours=true&teamId=)', () => {
  it('counts each conversation within its own hours, to the second, across the night summer time ends', async () => {
    now = new Date();
    const org = await parisOrganization({});
    const night = await org.api.call('createTeam', { body: { name: 'Night', businessHours: NIGHT } });
    const day = await org.api.call('createTeam', { body: { name: 'Day' } });
    const v = await visitor(server, org.organization.widgetKey);
    const a = await v.start('Saturday night, for Night');
    const b = await v.start('Saturday night, for Day');
    for (const [c, team] of [
      [a, night],
      [b, day],
    ] as const) {
      await org.api.call('updateConversation', { params: { id: c.id }, body: { teamId: team.id } });
      await org.api.call('sendMessage', { params: { id: c.id }, body: { clientId: `r-${c.id}`, body: 'On it' } });
      await org.api.call('updateConversation', { params: { id: c.id }, body: { status: 'resolved' } });
    }
    // Created Saturday 24 October 21:30:07 (summer time), first reply Sunday 05:59:50 (winter time), resolved
    // Monday 26 October 10:00.
    const db = server.database.db;
    await query(
      db,
      sql`update conversations set created_at = '2026-10-24T19:30:07Z', first_reply_at = '2026-10-25T04:59:50Z'
          where id in (${a.id}, ${b.id})`,
    );
    await query(
      db,
      sql`update conversation_status_changes set changed_at = '2026-10-26T09:00:00Z',
            open_ms = extract(epoch from ('2026-10-26T09:00:00Z'::timestamptz - '2026-10-24T19:30:07Z'::timestamptz)) * 1000
          where conversation_id in (${a.id}, ${b.id}) and to_status = 'resolved'`,
    );
    const range = { from: '2026-10-24', to: '2026-10-26', businessHours: 'true' } as const;
    const summary = (teamId?: string) =>
      org.api.call('reportSummary', { query: { ...range, ...(teamId ? { teamId } : {}) } });

    // Night's hours: Saturday 22:00–24:00 (7,200 s), then Sunday 00:00–06:00 is seven hours as the clock falls
    // back: to the first reply at 05:59:50, 25,190 s (32,390 s); to the resolution, 25,200 s (32,400 s).
    const nightOnly = await summary(night.id);
    expect(nightOnly.isWithinBusinessHours).toBe(true);
    expect(nightOnly.firstResponseTime).toEqual({ count: 1, medianSeconds: 32_390, p90Seconds: 32_390 });
    expect(nightOnly.resolutionTime).toEqual({ count: 1, medianSeconds: 32_400, p90Seconds: 32_400 });
    // Day has no hours of its own: the organization's, closed all weekend, open Monday 9:00–10:00.
    const dayOnly = await summary(day.id);
    expect(dayOnly.firstResponseTime).toEqual({ count: 1, medianSeconds: 0, p90Seconds: 0 });
    expect(dayOnly.resolutionTime).toEqual({ count: 1, medianSeconds: 3600, p90Seconds: 3600 });
    // Unfiltered: each conversation within its own hours ([0, 32,390] and [3,600, 32,400], interpolated).
    const all = await summary();
    expect(all.firstResponseTime).toEqual({ count: 2, medianSeconds: 16_195, p90Seconds: 29_151 });
    expect(all.resolutionTime).toEqual({ count: 2, medianSeconds: 18_000, p90Seconds: 29_520 });
    // Wall clock, for comparison: 9:29:43 and 37:29:53.
    const wall = await org.api.call('reportSummary', { query: { from: range.from, to: range.to, teamId: night.id } });
    expect(wall.firstResponseTime).toEqual({ count: 1, medianSeconds: 34_183, p90Seconds: 34_183 });
    expect(wall.resolutionTime).toEqual({ count: 1, medianSeconds: 134_993, p90Seconds: 134_993 });

    // Night back on the organization's hours: its report counts within them.
    await org.api.call('updateTeam', { params: { id: night.id }, body: { businessHours: null } });
    expect((await summary(night.id)).firstResponseTime).toEqual({ count: 1, medianSeconds: 0, p90Seconds: 0 });
    expect((await summary(night.id)).resolutionTime).toEqual({ count: 1, medianSeconds: 3600, p90Seconds: 3600 });
    // Another organization's team is not found.
    const other = await parisOrganization({});
    await expectError(other.api.call('reportSummary', { query: { ...range, teamId: night.id } }), 404, 'NOT_FOUND');
    v.close();
  });
});
