/**
 * Business hours, automatic replies and reports within business hours (issue 18), through the API with a clock the
 * test moves: the organization is in Paris and open Monday to Friday 9:00–17:30, closed on Christmas; the same 07:30
 * UTC is open on the Friday before Paris leaves summer time (09:30) and closed on the Monday after (08:30).
 */
import { randomUUID } from 'node:crypto';
import type { TAutoReplies, TBusinessHours, TMessage } from '@oceras/protocol';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../src/db/client.js';
import { sendNudges } from '../src/jobs/nudge.job.js';
import { autoRepliesIdle } from '../src/modules/auto-replies/reply-to-visitor.js';
import { buildOrganization, expectError, startTestServer, type TestServer, visitor } from './helpers.js';
import { type SmtpSink, startSmtpSink } from './smtp-sink.js';

let sink: SmtpSink;
let server: TestServer;
let now = new Date();
beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ SMTP_URL: sink.url }, { clock: () => now });
});
afterAll(async () => {
  await server?.close();
  await sink?.close();
});

type Org = Awaited<ReturnType<typeof buildOrganization>>;
const OFFICE: TBusinessHours = {
  enabled: true,
  weekly: ([1, 2, 3, 4, 5] as const).map((day) => ({ day, from: '09:00', to: '17:30' })),
  holidays: ['2026-12-25'],
};
const REPLIES: TAutoReplies = {
  greeting: { enabled: true, text: { en: 'Hello from the team!', fr: 'Bonjour de l’équipe !' } },
  outOfHours: { enabled: true, text: { en: 'We are closed right now.', fr: 'Nous sommes fermés.' } },
  nudge: { enabled: false, afterMinutes: 5, text: { en: 'Still there?' } },
};

async function parisOrganization(replies: Partial<TAutoReplies> = REPLIES, emailFollowUp = false) {
  const org = await buildOrganization(server);
  await org.api.call('updateOrganization', {
    body: { timeZone: 'Europe/Paris', businessHours: OFFICE, autoReplies: replies, emailFollowUp },
  });
  return org;
}

const isAuto = (m: TMessage, kind?: string) =>
  m.author.type === 'system' && m.type === 'message' && (!kind || m.system?.autoReply === kind);
const visitorThread = async (v: Awaited<ReturnType<typeof visitor>>, id: string) =>
  (await v.api.call('listVisitorMessages', { params: { id } })).messages;
const agentThread = async (org: Org, id: string) => (await org.api.call('listMessages', { params: { id } })).messages;
const reply = (org: Org, id: string, body = 'Let me check') =>
  org.api.call('sendMessage', { params: { id }, body: { clientId: randomUUID(), body } });

/** A manager, invited by email (this server has SMTP, so the invitation's link is in the mail, not the answer). */
async function invitedManager(org: Org) {
  const email = `manager-${randomUUID()}@example.com`;
  await org.api.call('createInvitation', { body: { email, role: 'manager' } });
  await expect.poll(() => sink.to(email).length).toBe(1);
  const token = /#token=([A-Za-z0-9_-]+)/.exec(sink.to(email)[0]!.parsed.text ?? '')![1]!;
  const auth = await server
    .client()
    .call('acceptInvitation', { body: { token, name: 'Manager', password: 'another long password' } });
  return server.client(auth.accessToken);
}

describe('the settings (PATCH /api/v1/organization)', () => {
  it('stores hours and replies for admins, merges replies one by one, and refuses what cannot be read', async () => {
    const org = await buildOrganization(server);
    const fresh = await org.api.call('getOrganization');
    expect(fresh.businessHours).toBeNull();
    expect(fresh.autoReplies.greeting.enabled).toBe(false);
    expect(fresh.autoReplies.nudge.afterMinutes).toBe(10);

    const saved = await org.api.call('updateOrganization', { body: { businessHours: OFFICE, autoReplies: REPLIES } });
    expect(saved.businessHours).toEqual(OFFICE);
    const merged = await org.api.call('updateOrganization', {
      body: { autoReplies: { nudge: { enabled: true, afterMinutes: 3, text: { en: 'Hello?' } } } },
    });
    expect(merged.autoReplies.greeting).toEqual(REPLIES.greeting);
    expect(merged.autoReplies.nudge).toEqual({ enabled: true, afterMinutes: 3, text: { en: 'Hello?' } });

    const bad: unknown[] = [
      { businessHours: { ...OFFICE, weekly: [{ day: 1, from: '18:00', to: '09:00' }] } },
      { businessHours: { ...OFFICE, weekly: [{ day: 7, from: '09:00', to: '10:00' }] } },
      { businessHours: { ...OFFICE, weekly: [{ day: 1, from: '9:00', to: '10:00' }] } },
      { businessHours: { ...OFFICE, holidays: ['2026-12-25', '2026-12-25'] } },
      { businessHours: { ...OFFICE, holidays: ['2026-02-30'] } },
      { autoReplies: { greeting: { enabled: true, text: { en: '   ' } } } },
      { autoReplies: { greeting: { enabled: true, text: { en: 'Hi', it: 'Ciao' } } } },
      { autoReplies: { nudge: { enabled: true, afterMinutes: 0, text: { en: 'Hi' } } } },
    ];
    for (const body of bad)
      await expectError(org.api.call('updateOrganization', { body: body as never }), 400, 'VALIDATION_FAILED');

    const manager = await invitedManager(org);
    await expectError(manager.call('updateOrganization', { body: { businessHours: null } }), 403, 'FORBIDDEN');
    const v = await visitor(server, org.organization.widgetKey);
    await expectError(
      server.client(v.session.sessionToken).call('updateOrganization', { body: { businessHours: null } }),
      401,
    );
    v.close();

    // Null opens the organization at all hours again; the widget's session carries the hours and the zone.
    expect((await org.api.call('updateOrganization', { body: { businessHours: null } })).businessHours).toBeNull();
    await org.api.call('updateOrganization', { body: { businessHours: OFFICE, timeZone: 'Europe/Paris' } });
    const w = await visitor(server, org.organization.widgetKey);
    expect(w.session.organization).toMatchObject({ businessHours: OFFICE, timeZone: 'Europe/Paris' });
    w.close();
  });
});

describe('the greeting and the out-of-hours reply', () => {
  it('greets a new conversation in hours once, in the visitor’s language, live; it is not a first response', async () => {
    now = new Date('2026-10-23T07:30:00Z'); // Friday 09:30 in Paris (summer time): open.
    const org = await parisOrganization();
    const v = await visitor(server, org.organization.widgetKey, { locale: 'fr' });
    const conv = await v.start('Bonjour');
    await expect
      .poll(() => v.received.some((e) => e.event === 'message.created' && isAuto(e.data, 'greeting')))
      .toBe(true);
    const greeting = v.received.find((e) => e.event === 'message.created' && isAuto(e.data))!.data as TMessage;
    expect(greeting).toMatchObject({ body: 'Bonjour de l’équipe !', author: { type: 'system', id: null } });
    expect(greeting.author.name).toBe(org.organization.name);

    await v.say(conv.id, 'Vous êtes là ?');
    const theirs = await visitorThread(v, conv.id);
    expect(theirs.map((m) => m.body)).toEqual(['Bonjour', 'Bonjour de l’équipe !', 'Vous êtes là ?']);
    // Agents see it in the thread; the conversation still waits for a person's answer.
    expect((await agentThread(org, conv.id)).filter((m) => isAuto(m))).toHaveLength(1);
    const seen = await org.api.call('getConversation', { params: { id: conv.id } });
    expect(seen.waitingSince).not.toBeNull();

    // A language the organization did not write the greeting in: English.
    const d = await visitor(server, org.organization.widgetKey, { locale: 'de' });
    const other = await d.start('Hallo');
    await expect
      .poll(async () => (await visitorThread(d, other.id)).map((m) => m.body))
      .toContain('Hello from the team!');
    v.close();
    d.close();
  });

  it('answers out of hours after the daylight-saving change instead of greeting, once per closed period', async () => {
    now = new Date('2026-10-26T07:30:00Z'); // Monday 08:30 in Paris (winter time): closed until 09:00.
    const org = await parisOrganization();
    const v = await visitor(server, org.organization.widgetKey);
    const conv = await v.start('Anyone?');
    await expect
      .poll(async () => (await visitorThread(v, conv.id)).filter((m) => isAuto(m)).map((m) => m.body))
      .toEqual(['We are closed right now.']);
    // Nothing was said about email: this organization's follow-up is off.
    await v.say(conv.id, 'Hello?');
    // Open at 09:00 local (08:00 UTC): the visitor writes, nothing automatic answers.
    now = new Date('2026-10-26T08:30:00Z');
    await v.say(conv.id, 'Now?');
    // Closed again at 18:00, after a quiet half hour: the out-of-hours reply once more.
    now = new Date('2026-10-26T17:00:00Z');
    await query(
      server.database.db,
      sql`update messages set created_at = created_at - interval '31 minutes' where conversation_id = ${conv.id}`,
    );
    await v.say(conv.id, 'Still closed?');
    await expect
      .poll(async () =>
        (await visitorThread(v, conv.id)).map((m) => (isAuto(m) ? `auto:${m.system?.autoReply}` : m.body)),
      )
      .toEqual(['Anyone?', 'auto:outOfHours', 'Hello?', 'Now?', 'Still closed?', 'auto:outOfHours']);
    v.close();
  });

  it('keeps a busy evening conversation free of the reply: only after 30 quiet minutes', async () => {
    now = new Date('2026-12-07T10:00:00Z'); // Monday 11:00: open, greeting.
    const org = await parisOrganization();
    const v = await visitor(server, org.organization.widgetKey);
    const conv = await v.start('Morning');
    await expect.poll(async () => (await visitorThread(v, conv.id)).some((m) => isAuto(m, 'greeting'))).toBe(true);
    await reply(org, conv.id, 'Hi!');
    now = new Date('2026-12-07T17:00:00Z'); // 18:00: closed, but the conversation is going on.
    await v.say(conv.id, 'One more thing');
    await reply(org, conv.id, 'Sure');
    // A second visitor starting now gets the reply: the first one's absence is not a broken server.
    const w = await visitor(server, org.organization.widgetKey);
    const started = await w.start('Evening');
    await expect.poll(async () => (await visitorThread(w, started.id)).some((m) => isAuto(m, 'outOfHours'))).toBe(true);
    await autoRepliesIdle();
    expect((await visitorThread(v, conv.id)).filter((m) => isAuto(m, 'outOfHours'))).toHaveLength(0);
    v.close();
    w.close();
  });

  it('is closed on a holiday, and offers the email follow-up when it is on', async () => {
    now = new Date('2026-12-25T09:00:00Z'); // Friday 25 December, 10:00 in Paris.
    const org = await parisOrganization(REPLIES, true);
    const known = await visitor(server, org.organization.widgetKey, { email: 'ann@example.com', locale: 'fr' });
    const a = await known.start('Joyeux Noël');
    await expect
      .poll(async () => (await visitorThread(known, a.id)).find((m) => isAuto(m))?.body)
      .toBe('Nous sommes fermés.\n\nNous enverrons aussi notre réponse à votre adresse e-mail.');
    const anonymous = await visitor(server, org.organization.widgetKey);
    const b = await anonymous.start('Hello');
    await expect
      .poll(async () => (await visitorThread(anonymous, b.id)).find((m) => isAuto(m))?.body)
      .toBe('We are closed right now.\n\nLeave your email address and we will also answer you by email.');
    // The next day is a Saturday: still closed, and the reply waits for Monday's opening.
    const [row] = await query<{ until: Date }>(
      server.database.db,
      sql`select out_of_hours_until as until from conversations where id = ${b.id}`,
    );
    expect(new Date(row!.until).toISOString()).toBe('2026-12-28T08:00:00.000Z');
    known.close();
    anonymous.close();
  });

  it('sends nothing with the replies off, and nothing to another organization', async () => {
    now = new Date('2026-12-07T10:00:00Z');
    const quiet = await parisOrganization({
      greeting: { ...REPLIES.greeting, enabled: false },
      outOfHours: { ...REPLIES.outOfHours, enabled: false },
    });
    const greeting = await parisOrganization();
    const v = await visitor(server, quiet.organization.widgetKey);
    const conv = await v.start('Hi');
    const w = await visitor(server, greeting.organization.widgetKey);
    const other = await w.start('Hi');
    await expect.poll(async () => (await visitorThread(w, other.id)).some((m) => isAuto(m))).toBe(true);
    await v.say(conv.id, 'Hello?');
    await autoRepliesIdle();
    expect((await visitorThread(v, conv.id)).some((m) => isAuto(m))).toBe(false);
    v.close();
    w.close();
  });
});

describe('the nudge (scheduler)', () => {
  it('asks once when an agent’s reply went unanswered for the delay, from one process of several', async () => {
    now = new Date();
    const org = await parisOrganization({ nudge: { enabled: true, afterMinutes: 5, text: { en: 'Still there?' } } });
    await org.api.call('updateOrganization', { body: { businessHours: null } });
    const v = await visitor(server, org.organization.widgetKey);
    const conv = await v.start('I need help');
    const waiting = await v.start('Nobody answers me');
    await reply(org, conv.id, 'What is the order number?');

    now = new Date(Date.now() + 4 * 60_000);
    await server.scheduler.tick();
    expect((await visitorThread(v, conv.id)).some((m) => isAuto(m))).toBe(false);

    now = new Date(Date.now() + 6 * 60_000);
    // Two processes' passes at once (the scheduler's own timer may be a third): one nudge.
    const [first, second] = await Promise.all([sendNudges(server.services), sendNudges(server.services)]);
    expect(first + second).toBeLessThanOrEqual(1);
    await expect
      .poll(() => v.received.filter((e) => e.event === 'message.created' && isAuto(e.data, 'nudge')).length)
      .toBe(1);
    expect((await visitorThread(v, conv.id)).at(-1)).toMatchObject({
      body: 'Still there?',
      author: { type: 'system' },
    });
    // The visitor's own unanswered message is not the agent's: no nudge there.
    expect((await visitorThread(v, waiting.id)).some((m) => isAuto(m))).toBe(false);

    // Once per conversation: answered, replied again and left again, no second nudge.
    await v.say(conv.id, 'Sorry, 1234');
    await reply(org, conv.id, 'Thanks, shipped');
    now = new Date(Date.now() + 20 * 60_000);
    await sendNudges(server.services);
    expect((await agentThread(org, conv.id)).filter((m) => isAuto(m, 'nudge'))).toHaveLength(1);
    v.close();
  });

  it('does not nudge a resolved conversation', async () => {
    now = new Date();
    const org = await parisOrganization({ nudge: { enabled: true, afterMinutes: 1, text: { en: 'Still there?' } } });
    await org.api.call('updateOrganization', { body: { businessHours: null } });
    const v = await visitor(server, org.organization.widgetKey);
    const conv = await v.start('Hi');
    await reply(org, conv.id);
    await org.api.call('updateConversation', { params: { id: conv.id }, body: { status: 'resolved' } });
    now = new Date(Date.now() + 5 * 60_000);
    await sendNudges(server.services);
    expect((await agentThread(org, conv.id)).some((m) => isAuto(m))).toBe(false);
    v.close();
  });
});

describe('reports within business hours (GET /api/v1/reports/summary?businessHours=true)', () => {
  it('counts first response and resolution times in open hours only, across a weekend', async () => {
    now = new Date();
    const org = await parisOrganization({});
    const v = await visitor(server, org.organization.widgetKey);
    const conv = await v.start('Friday evening question');
    await reply(org, conv.id, 'Monday morning answer');
    await org.api.call('updateConversation', { params: { id: conv.id }, body: { status: 'resolved' } });
    // Friday 4 December 17:00 in Paris → first reply Monday 09:30, resolved Monday 10:00.
    const db = server.database.db;
    await query(
      db,
      sql`update conversations set created_at = '2026-12-04T16:00:00Z', first_reply_at = '2026-12-07T08:30:00Z'
          where id = ${conv.id}`,
    );
    await query(
      db,
      sql`update conversation_status_changes set changed_at = '2026-12-07T09:00:00Z',
            open_ms = extract(epoch from ('2026-12-07T09:00:00Z'::timestamptz - '2026-12-04T16:00:00Z'::timestamptz)) * 1000
          where conversation_id = ${conv.id} and to_status = 'resolved'`,
    );
    const range = { from: '2026-12-04', to: '2026-12-07' };
    const wall = await org.api.call('reportSummary', { query: range });
    expect(wall.isWithinBusinessHours).toBe(false);
    expect(wall.firstResponseTime).toEqual({ count: 1, medianSeconds: 232_200, p90Seconds: 232_200 });
    expect(wall.resolutionTime).toMatchObject({ count: 1, medianSeconds: 234_000 });
    const open = await org.api.call('reportSummary', { query: { ...range, businessHours: 'true' } });
    expect(open.isWithinBusinessHours).toBe(true);
    // Friday 17:00–17:30 and Monday 09:00–09:30; then Friday's half hour and Monday 09:00–10:00.
    expect(open.firstResponseTime).toEqual({ count: 1, medianSeconds: 3600, p90Seconds: 3600 });
    expect(open.resolutionTime).toEqual({ count: 1, medianSeconds: 5400, p90Seconds: 5400 });
    expect(open.conversations).toEqual(wall.conversations);
    await expectError(
      org.api.call('reportSummary', { query: { ...range, businessHours: 'yes' as never } }),
      400,
      'VALIDATION_FAILED',
    );
    v.close();
  });
});
