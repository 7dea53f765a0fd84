/**
 * Satisfaction and reports (issue 18), through the API. The conversations are made as people make them (a
 * visitor writes, agents answer, snooze, reassign, resolve, reopen, the visitor rates); then their clock is moved:
 * every time the reports read is set to a known instant, around the night Paris leaves summer time
 * (2026-10-25, 03:00 CEST → 02:00 CET), and every figure is checked exactly.
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

type Org = Awaited<ReturnType<typeof buildOrganization>>;
const db = () => server.database.db;

async function conversationOf(org: Org, body: string) {
  const v = await visitor(server, org.organization.widgetKey, { name: `Visitor ${body}` });
  const conv = await v.start(body);
  return { v, conv };
}
const reply = (api: Org['api'], id: string, body = 'Thanks, looking') =>
  api.call('sendMessage', { params: { id }, body: { clientId: randomUUID(), body } });
const update = (api: Org['api'], id: string, body: Record<string, unknown>) =>
  api.call('updateConversation', { params: { id }, body: body as never });

describe('rating a conversation (POST /api/v1/widget/conversations/:id/rating)', () => {
  it('rates a resolved conversation only, live to the agents, and rating again replaces it', async () => {
    const org = await buildOrganization(server);
    const { v, conv } = await conversationOf(org, 'rate me');
    const rate = (score: number, comment?: string) =>
      v.api.call('rateConversation', { params: { id: conv.id }, body: { score, ...(comment ? { comment } : {}) } });

    await expectError(rate(5), 409, 'RATING_UNAVAILABLE');
    await update(org.api, conv.id, { status: 'resolved' });
    const rated = await rate(4, '  Quick and kind  ');
    expect(rated.rating).toMatchObject({ score: 4, comment: 'Quick and kind' });

    const seen = await org.api.call('getConversation', { params: { id: conv.id } });
    expect(seen.rating).toMatchObject({ score: 4, comment: 'Quick and kind' });
    const { messages } = await org.api.call('listMessages', { params: { id: conv.id } });
    expect(messages.at(-1)).toMatchObject({ type: 'system', body: 'Visitor rated the conversation 4/5' });

    const again = await rate(5);
    expect(again.rating).toMatchObject({ score: 5, comment: null });
    // The visitor's own view (another tab, another reload) carries it too; their socket heard the change.
    const mine = await v.api.call('listVisitorConversations');
    expect(mine.conversations.find((c) => c.id === conv.id)?.rating?.score).toBe(5);
    await expect
      .poll(() => v.received.some((e) => e.event === 'conversation.updated' && e.data?.changes?.includes('rating')))
      .toBe(true);
    // Visitors never see the system line (a note-like line among agents) in their thread.
    const theirs = await v.api.call('listVisitorMessages', { params: { id: conv.id } });
    expect(theirs.messages.some((m) => m.body.includes('rated'))).toBe(false);
    v.close();
  });

  it('refuses bad scores and comments with 400 and changes nothing', async () => {
    const org = await buildOrganization(server);
    const { v, conv } = await conversationOf(org, 'bad scores');
    await update(org.api, conv.id, { status: 'resolved' });
    for (const body of [{ score: 0 }, { score: 6 }, { score: 2.5 }, { score: '5' }, {}, { score: 3, extra: 1 }])
      await expectError(
        v.api.call('rateConversation', { params: { id: conv.id }, body: body as never }),
        400,
        'VALIDATION_FAILED',
      );
    await expectError(
      v.api.call('rateConversation', { params: { id: conv.id }, body: { score: 3, comment: 'x'.repeat(1001) } }),
      400,
    );
    expect((await org.api.call('getConversation', { params: { id: conv.id } })).rating).toBeNull();
    v.close();
  });

  it("is refused when the organization's survey is off, and in another visitor's conversation", async () => {
    const org = await buildOrganization(server);
    const { v, conv } = await conversationOf(org, 'no survey');
    await update(org.api, conv.id, { status: 'resolved' });
    await org.api.call('updateOrganization', { body: { widgetSettings: { satisfactionSurvey: 'off' } } });
    await expectError(
      v.api.call('rateConversation', { params: { id: conv.id }, body: { score: 5 } }),
      409,
      'RATING_UNAVAILABLE',
    );
    await org.api.call('updateOrganization', { body: { widgetSettings: { satisfactionSurvey: 'faces' } } });
    const other = await visitor(server, org.organization.widgetKey);
    await expectError(other.api.call('rateConversation', { params: { id: conv.id }, body: { score: 5 } }), 404);
    expect((await v.api.call('rateConversation', { params: { id: conv.id }, body: { score: 3 } })).rating?.score).toBe(
      3,
    );
    v.close();
    other.close();
  });

  it("is erased with the visitor: the comment is theirs, the score stays for the organization's counts", async () => {
    const org = await buildOrganization(server);
    const { v, conv } = await conversationOf(org, 'erase my comment');
    await update(org.api, conv.id, { status: 'resolved' });
    await v.api.call('rateConversation', { params: { id: conv.id }, body: { score: 2, comment: 'my words' } });
    const exported = JSON.stringify(await v.api.call('exportWidgetVisitor'));
    expect(exported).toContain('my words');
    await org.api.call('eraseVisitor', { params: { id: v.session.visitorId } });
    const [row] = await query<{ rating_comment: string | null; rating_score: number | null }>(
      db(),
      sql`select rating_comment, rating_score from conversations where id = ${conv.id}`,
    );
    expect(row).toEqual({ rating_comment: null, rating_score: 2 });
    v.close();
  });
});

describe('reports (GET /api/v1/reports/...)', () => {
  let org: Org;
  let x: Awaited<ReturnType<typeof buildAgent>>;
  let m: Awaited<ReturnType<typeof buildAgent>>;
  const c: Record<string, string> = {};

  beforeAll(async () => {
    org = await buildOrganization(server);
    x = await buildAgent(server, org, 'agent', 'Xavier');
    m = await buildAgent(server, org, 'manager', 'Mona');
    await org.api.call('updateOrganization', { body: { timeZone: 'Europe/Paris' } });
    const made = await Promise.all(['c1', 'c2', 'c3', 'c4', 'c5'].map((n) => conversationOf(org, n)));
    made.forEach((x, i) => {
      c[`c${i + 1}`] = x.conv.id;
    });
    // c1: Xavier answers, snoozes it, resolves it; rated 5.
    await update(org.api, c.c1!, { assigneeId: x.agent.id, tags: ['billing'] });
    await reply(x.api, c.c1!);
    await update(x.api, c.c1!, { status: 'snoozed', snoozedUntil: new Date(Date.now() + 3_600_000).toISOString() });
    await update(x.api, c.c1!, { status: 'resolved' });
    await made[0]!.v.api.call('rateConversation', { params: { id: c.c1! }, body: { score: 5 } });
    // c2: Xavier answers and resolves it; it goes to Mona, who reopens it and resolves it again; rated 2.
    await update(org.api, c.c2!, { assigneeId: x.agent.id, tags: ['billing', 'bug'] });
    await reply(x.api, c.c2!);
    await update(x.api, c.c2!, { status: 'resolved' });
    await update(org.api, c.c2!, { assigneeId: m.agent.id });
    await update(m.api, c.c2!, { status: 'open' });
    await update(m.api, c.c2!, { status: 'resolved' });
    await made[1]!.v.api.call('rateConversation', { params: { id: c.c2! }, body: { score: 2, comment: 'slow' } });
    // c3: nobody has answered yet.
    await update(org.api, c.c3!, { tags: ['bug'] });
    // c4 (the week before): answered and resolved; rated 4. c5 (the day after): nothing.
    await reply(org.api, c.c4!);
    await update(org.api, c.c4!, { status: 'resolved' });
    await made[3]!.v.api.call('rateConversation', { params: { id: c.c4! }, body: { score: 4 } });
    for (const x of made) x.v.close();
  });

  it('keeps how long a resolved conversation was open, since it was created or last reopened', async () => {
    const rows = await query<{ conversation_id: string; from_status: string; to_status: string; exact: boolean }>(
      db(),
      sql`select s.conversation_id, s.from_status, s.to_status,
                 abs(s.open_ms - extract(epoch from s.changed_at - coalesce(
                   (select max(p.changed_at) from conversation_status_changes p
                     where p.conversation_id = s.conversation_id and p.from_status = 'resolved' and p.id < s.id),
                   c.created_at)) * 1000) <= 1 as exact,
                 s.open_ms, s.changed_at, c.created_at
          from conversation_status_changes s join conversations c on c.id = s.conversation_id
          where s.organization_id = ${org.organization.id} and s.to_status = 'resolved'
          order by s.id`,
    );
    expect(rows.map((r) => [r.conversation_id, r.from_status])).toEqual([
      [c.c1, 'snoozed'],
      [c.c2, 'open'],
      [c.c2, 'open'],
      [c.c4, 'open'],
    ]);
    expect(
      rows.map((r) => r.exact),
      JSON.stringify(rows),
    ).toEqual(rows.map(() => true));
  });

  describe('with every instant set around the change from summer time (Europe/Paris)', () => {
    beforeAll(async () => {
      const at = (iso: string) => sql`${iso}::timestamptz`;
      const set = (id: string, created: string, firstReply: string | null, rated: string | null) =>
        query(
          db(),
          sql`update conversations set created_at = ${at(created)},
                first_reply_at = ${firstReply ? at(firstReply) : null},
                rated_at = ${rated ? at(rated) : null}
              where id = ${id}`,
        );
      // Status moves, in the order they were made: [changed_at, open_ms] (null open_ms for moves not to resolved).
      const moves = async (id: string, list: [string, number | null][]) => {
        const rows = await query<{ id: number }>(
          db(),
          sql`select id from conversation_status_changes where conversation_id = ${id} order by id`,
        );
        expect(rows.length).toBe(list.length);
        for (const [i, [when, openMs]] of list.entries())
          await query(
            db(),
            sql`update conversation_status_changes set changed_at = ${at(when)}, open_ms = ${openMs}
                where id = ${rows[i]!.id}`,
          );
      };
      // Tuesday 20 October, 08:30 in Paris (CEST, UTC+2).
      await set(c.c1!, '2026-10-20T06:30:00Z', '2026-10-20T06:32:00Z', '2026-10-20T08:00:00Z');
      await moves(c.c1!, [
        ['2026-10-20T07:00:00Z', null],
        ['2026-10-20T07:30:00Z', 3_600_000],
      ]);
      // Monday 26 October, 00:30 in Paris (CET, UTC+1): still the range's last day, Sunday in UTC.
      await set(c.c2!, '2026-10-25T23:30:00Z', '2026-10-25T23:40:00Z', '2026-10-26T03:30:00Z');
      await moves(c.c2!, [
        ['2026-10-26T01:00:00Z', 5_400_000],
        ['2026-10-26T02:00:00Z', null],
        ['2026-10-26T03:00:00Z', 3_600_000],
      ]);
      // Tuesday 20 October, 00:30 in Paris: Monday evening in UTC.
      await set(c.c3!, '2026-10-19T22:30:00Z', null, null);
      // Monday 19 October, 23:30 in Paris: the period before.
      await set(c.c4!, '2026-10-19T21:30:00Z', '2026-10-19T21:31:00Z', '2026-10-19T21:55:00Z');
      await moves(c.c4!, [['2026-10-19T21:50:00Z', 1_200_000]]);
      // Tuesday 27 October, 00:30 in Paris: the day after the range.
      await set(c.c5!, '2026-10-26T23:30:00Z', null, null);
    });
    const range = { from: '2026-10-20', to: '2026-10-26' };

    it('summary: every figure, and the week before', async () => {
      const s = await m.api.call('reportSummary', { query: range });
      expect(s).toEqual({
        from: '2026-10-20',
        to: '2026-10-26',
        timeZone: 'Europe/Paris',
        isWithinBusinessHours: false,
        conversations: { opened: 3, resolved: 3, reopened: 1, waiting: 1 },
        firstResponseTime: { count: 2, medianSeconds: 360, p90Seconds: 552 },
        resolutionTime: { count: 3, medianSeconds: 3600, p90Seconds: 5040 },
        satisfaction: { count: 2, averageScore: 3.5, score: 50, distribution: [0, 1, 0, 0, 1] },
        previous: {
          from: '2026-10-13',
          to: '2026-10-19',
          conversations: { opened: 1, resolved: 1, reopened: 0, waiting: 0 },
          firstResponseTime: { count: 1, medianSeconds: 60, p90Seconds: 60 },
          resolutionTime: { count: 1, medianSeconds: 1200, p90Seconds: 1200 },
          satisfaction: { count: 1, averageScore: 4, score: 100, distribution: [0, 0, 0, 1, 0] },
        },
      });
    });

    it('counts days in the asked time zone: in UTC, other conversations fall in the range', async () => {
      const s = await org.api.call('reportSummary', { query: { ...range, timeZone: 'UTC' } });
      // c3 (19 October, 22:30 UTC) leaves; c5 (26 October, 23:30 UTC) enters.
      expect(s.conversations).toEqual({ opened: 3, resolved: 3, reopened: 1, waiting: 1 });
      const h = await org.api.call('reportHeatmap', { query: { ...range, timeZone: 'UTC' } });
      const cellsUtc = h.cells.flatMap((row, d) => row.flatMap((n, hour) => (n ? [[d, hour, n]] : [])));
      expect(cellsUtc).toEqual([
        [0, 23, 1],
        [1, 6, 1],
        [6, 23, 1],
      ]);
    });

    it('heatmap: conversations opened by local weekday (Monday first) and hour', async () => {
      const h = await org.api.call('reportHeatmap', { query: range });
      expect(h.timeZone).toBe('Europe/Paris');
      const cells = h.cells.flatMap((row, d) => row.flatMap((n, hour) => (n ? [[d, hour, n]] : [])));
      expect(cells).toEqual([
        [0, 0, 1],
        [1, 0, 1],
        [1, 8, 1],
      ]);
    });

    it('per agent: resolutions to whoever had the conversation then, the rest to its assignee', async () => {
      const { agents } = await org.api.call('reportAgents', { query: range });
      const byName = Object.fromEntries(agents.map((a) => [a.name, a]));
      expect(byName.Xavier).toEqual({
        agentId: x.agent.id,
        name: 'Xavier',
        resolved: 2,
        firstResponseTime: { count: 1, medianSeconds: 120, p90Seconds: 120 },
        resolutionTime: { count: 2, medianSeconds: 4500, p90Seconds: 5220 },
        satisfaction: { count: 1, averageScore: 5, score: 100, distribution: [0, 0, 0, 0, 1] },
      });
      expect(byName.Mona).toMatchObject({
        resolved: 1,
        firstResponseTime: { count: 1, medianSeconds: 600 },
        resolutionTime: { count: 1, medianSeconds: 3600 },
        satisfaction: { count: 1, averageScore: 2, score: 0 },
      });
      expect(byName[org.agent.name]).toMatchObject({
        resolved: 0,
        firstResponseTime: { count: 0, medianSeconds: null },
        satisfaction: { count: 0, averageScore: null, score: null },
      });
    });

    it('per tag', async () => {
      const { tags } = await org.api.call('reportTags', { query: range });
      expect(tags.map((t) => [t.tag, t.opened, t.resolved, t.satisfaction.count, t.satisfaction.averageScore])).toEqual(
        [
          ['billing', 2, 3, 2, 3.5],
          ['bug', 2, 2, 1, 2],
        ],
      );
    });

    it('refuses a range that is not one: 400, with where', async () => {
      for (const q of [
        { from: '2026-10-27', to: '2026-10-20' },
        { from: '2026-02-30', to: '2026-03-01' },
        { from: '20261020', to: '2026-10-26' },
        { from: '2024-01-01', to: '2026-10-26' },
        { ...range, timeZone: 'Mars/Olympus' },
        { ...range, timeZone: "UTC'; drop table conversations; --" },
      ])
        await expectError(org.api.call('reportSummary', { query: q }), 400, 'VALIDATION_FAILED');
      await expectError(org.api.call('updateOrganization', { body: { timeZone: 'Nowhere/Land' } }), 400);
    });

    it('is for managers and admins: an agent is refused', async () => {
      await expectError(x.api.call('reportSummary', { query: range }), 403, 'FORBIDDEN');
    });
  });
});
