/**
 * A low rating's actions (issue 18, act-on-low-rating.ts L1–L3), through the public API, with a local Expo push
 * server and a real SMTP sink: the organization's threshold (validated on its scale, admins only), a resolved
 * conversation reopened with its line, the assignee (or the admins and managers) told by notice, push and email,
 * once per rating, and never another organization.
 */
import type { TOrganization } from '@oceras/protocol';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExpoPushServer, startExpoPushServer } from '../../../test/expo-push-server.js';
import { buildOrganization, expectError, startTestServer, type TestServer } from '../../../test/helpers.js';
import { type SmtpSink, startSmtpSink } from '../../../test/smtp-sink.js';
import { query } from '../../db/client.js';
import { RATING_PAGE_PATH, ratingToken } from './rating-link.js';

let expo: ExpoPushServer;
let sink: SmtpSink;
let server: TestServer;
let n = 0;

beforeAll(async () => {
  expo = await startExpoPushServer();
  sink = await startSmtpSink();
  server = await startTestServer({
    EXPO_BASE_URL: expo.url,
    PUSH_POLL_MS: '100',
    PUSH_RECEIPT_DELAY_MS: '0',
    SMTP_URL: sink.url,
    EMAIL_POLL_MS: '100',
    PUBLIC_URL: 'https://desk.oceras.test',
  });
});
afterAll(async () => {
  await server?.close();
  await sink?.close();
  await expo?.close();
});

type Org = Awaited<ReturnType<typeof buildOrganization>>;

/** The low-rating emails (not the invitation, nor the notice of a conversation assigned). */
const noticeMails = (email: string) => sink.to(email).filter((m) => /rated \d\/5/.test(m.parsed.subject ?? ''));

/** A colleague with this role: with SMTP on, the invitation leaves by email, and its token is read from it. */
async function join(org: Org, role: 'admin' | 'manager' | 'agent', name = `${role} ${++n}`) {
  const email = `${role}-${Date.now().toString(36)}-${++n}@example.com`;
  await org.api.call('createInvitation', { body: { email, role } });
  await expect.poll(() => sink.to(email).length, { timeout: 10_000 }).toBe(1);
  const token = /#token=([A-Za-z0-9_-]+)/.exec(sink.to(email)[0]!.parsed.text ?? '')![1]!;
  const auth = await server.client().call('acceptInvitation', {
    body: { token, name, password: 'another long password' },
  });
  return { ...auth, api: server.client(auth.accessToken) };
}

/** A visitor's conversation, answered, then resolved by the admin. */
async function resolvedConversation(org: Org, assigneeId?: string) {
  const session = await server
    .client()
    .call('createWidgetSession', { body: { widgetKey: org.organization.widgetKey } });
  const visitorApi = server.client(session.sessionToken);
  const conv = await visitorApi.call('startConversation', {
    body: { clientId: `lr-conv-${++n}`, message: { clientId: `lr-msg-${++n}`, body: 'My order never came' } },
  });
  if (assigneeId) await org.api.call('updateConversation', { params: { id: conv.id }, body: { assigneeId } });
  await org.api.call('updateConversation', { params: { id: conv.id }, body: { status: 'resolved' } });
  const rate = (score: number, comment?: string) =>
    visitorApi.call('rateConversation', { params: { id: conv.id }, body: { score, ...(comment ? { comment } : {}) } });
  const fetchConv = () => org.api.call('getConversation', { params: { id: conv.id } });
  const { number } = await fetchConv();
  const lines = async () =>
    (await org.api.call('listMessages', { params: { id: conv.id } })).messages
      .filter((m) => m.type === 'system')
      .map((m) => m.body);
  return { conv, number, rate, fetchConv, lines };
}

const lowRatingNotices = async (organizationId: string) =>
  query<{ agent_id: string; conversation_id: string; email_status: string | null }>(
    server.services.db,
    sql`select agent_id, conversation_id, email_status from agent_notices
        where organization_id = ${organizationId} and kind = 'low_rating' order by created_at`,
  );

async function settle() {
  await server.push.settle();
  await new Promise((r) => setTimeout(r, 50));
  await server.push.settle();
}

describe('low rating: the settings', () => {
  it('are off by default, validated on the organization’s scale, and changed by admins only', async () => {
    const org = await buildOrganization(server);
    const me = await org.api.call('getMe');
    expect(me.organization.lowRatingActions).toEqual({ threshold: 2, reopen: false, notify: false });

    const set = (lowRatingActions: Partial<TOrganization['lowRatingActions']>, api = org.api) =>
      api.call('updateOrganization', { body: { lowRatingActions } as never });
    // Stars: 1 to 4 (5 would be every rating); never 0, never a fraction.
    await expectError(set({ threshold: 5 }), 400, 'VALIDATION_FAILED');
    await expectError(set({ threshold: 0 }), 400, 'VALIDATION_FAILED');
    await expectError(set({ threshold: 1.5 }), 400, 'VALIDATION_FAILED');
    await expectError(set({ reopen: 'yes' as never }), 400, 'VALIDATION_FAILED');
    await expectError(set({ extra: true } as never), 400, 'VALIDATION_FAILED');
    const stars = await set({ threshold: 3, reopen: true });
    expect(stars.lowRatingActions).toEqual({ threshold: 3, reopen: true, notify: false });

    // Faces: the sad face (1) or the neutral one too (3); a 2 is no face. Refused: nothing changed.
    await org.api.call('updateOrganization', { body: { widgetSettings: { satisfactionSurvey: 'faces' } } });
    await expectError(set({ threshold: 2, notify: true }), 400, 'VALIDATION_FAILED');
    expect((await org.api.call('getMe')).organization.lowRatingActions).toEqual({
      threshold: 3,
      reopen: true,
      notify: false,
    });
    // A scale and a threshold given together are checked together.
    await expectError(
      org.api.call('updateOrganization', {
        body: { widgetSettings: { satisfactionSurvey: 'faces' }, lowRatingActions: { threshold: 4 } },
      }),
      400,
      'VALIDATION_FAILED',
    );
    const both = await org.api.call('updateOrganization', {
      body: { widgetSettings: { satisfactionSurvey: 'stars' }, lowRatingActions: { threshold: 4 } },
    });
    expect(both.lowRatingActions.threshold).toBe(4);

    // A manager, an agent, an anonymous caller: refused, nothing changed.
    const manager = await join(org, 'manager');
    const agent = await join(org, 'agent');
    await expectError(set({ notify: true }, manager.api), 403);
    await expectError(set({ notify: true }, agent.api), 403);
    await expectError(set({ notify: true }, server.client()), 401);
    // Another organization's admin changes their own organization only.
    const other = await buildOrganization(server);
    await set({ threshold: 1, notify: true }, other.api);
    expect((await org.api.call('getMe')).organization.lowRatingActions).toEqual({
      threshold: 4,
      reopen: true,
      notify: false,
    });
    expect((await other.api.call('getMe')).organization.lowRatingActions).toEqual({
      threshold: 1,
      reopen: false,
      notify: true,
    });
  });
});

describe('low rating: the actions', () => {
  it('reopen: a rating at or below the threshold reopens the conversation, with a line that says why', async () => {
    const org = await buildOrganization(server);
    await org.api.call('updateOrganization', { body: { lowRatingActions: { threshold: 2, reopen: true } } });
    const low = await resolvedConversation(org);
    await low.rate(2, 'Nobody answered my question');
    const fresh = await low.fetchConv();
    expect(fresh.status).toBe('open');
    expect(fresh.rating).toMatchObject({ score: 2, comment: 'Nobody answered my question' });
    expect(await low.lines()).toEqual(
      expect.arrayContaining(['Visitor rated the conversation 2/5', 'Reopened: rated 2/5']),
    );
    // Reopened, it asks for no rating: rating it again is refused until it is resolved again.
    await expectError(low.rate(1), 409);

    // Above the threshold: resolved it stays, and no line says it was reopened.
    const fine = await resolvedConversation(org);
    await fine.rate(3);
    expect((await fine.fetchConv()).status).toBe('resolved');
    expect(await fine.lines()).not.toContain('Reopened: rated 3/5');
    // Notifying is off: nobody was told.
    expect(await lowRatingNotices(org.organization.id)).toEqual([]);
  });

  it('notify: the assignee gets a notice, a push and, offline, an email; once per rating', async () => {
    const org = await buildOrganization(server);
    const ana = await join(org, 'agent', `Ana ${++n}`);
    const token = `ExponentPushToken[lowrating${Date.now().toString(36)}${n}]`;
    await ana.api.call('registerDevice', { body: { token, platform: 'ios', appVersion: '1.2.3' } });
    await org.api.call('updateOrganization', { body: { lowRatingActions: { threshold: 2, notify: true } } });
    const c = await resolvedConversation(org, ana.agent.id);
    await c.rate(1, 'Too slow');

    // Resolved it stays (reopen is off); the assignee alone is told.
    expect((await c.fetchConv()).status).toBe('resolved');
    const notices = await lowRatingNotices(org.organization.id);
    expect(notices.map((x) => x.agent_id)).toEqual([ana.agent.id]);
    await settle();
    await expect.poll(() => expo.acceptedFor(token).length, { timeout: 10_000 }).toBe(1);
    const push = expo.acceptedFor(token)[0]!;
    expect(push.title).toBe(`Conversation #${c.number} rated 1/5`);
    expect(push.body).toBe('Too slow');
    expect(push.data).toMatchObject({ kind: 'low_rating', conversationId: c.conv.id });
    await expect.poll(() => noticeMails(ana.agent.email).length, { timeout: 10_000 }).toBe(1);
    const mail = noticeMails(ana.agent.email)[0]!.parsed;
    expect(mail.subject).toContain(`Conversation #${c.number} was rated 1/5`);
    expect(mail.text).toContain('Too slow');
    expect(mail.text).toContain(`https://desk.oceras.test/conversations/${c.conv.id}`);
    expect(noticeMails(org.agent.email)).toEqual([]);

    // The same rating again (the visitor re-rates, a page sent twice): nothing more.
    await c.rate(1, 'Too slow');
    // Above the threshold: nothing.
    await c.rate(4);
    await settle();
    await server.email.settle();
    expect(await lowRatingNotices(org.organization.id)).toHaveLength(1);
    expect(expo.acceptedFor(token)).toHaveLength(1);
    expect(noticeMails(ana.agent.email)).toHaveLength(1);
    // A new low rating is a new rating: told once more.
    await c.rate(2);
    expect(await lowRatingNotices(org.organization.id)).toHaveLength(2);
  });

  it('notify, unassigned: the admins and managers are told, not the agents; another organization never', async () => {
    const org = await buildOrganization(server);
    const manager = await join(org, 'manager');
    const agent = await join(org, 'agent');
    const other = await buildOrganization(server);
    const otherConv = await resolvedConversation(other);
    await org.api.call('updateOrganization', {
      body: { lowRatingActions: { threshold: 1, notify: true, reopen: true } },
    });
    const c = await resolvedConversation(org);
    await c.rate(1);
    const told = (await lowRatingNotices(org.organization.id)).map((x) => x.agent_id).sort();
    expect(told).toEqual([org.agent.id, manager.agent.id].sort());
    expect(told).not.toContain(agent.agent.id);
    expect((await c.fetchConv()).status).toBe('open');
    await expect.poll(() => noticeMails(manager.agent.email).length, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => noticeMails(org.agent.email).length, { timeout: 10_000 }).toBe(1);

    // The other organization (its actions off) rates low too: nothing happens there, and nothing here moved.
    await otherConv.rate(1);
    expect((await otherConv.fetchConv()).status).toBe('resolved');
    expect(await lowRatingNotices(other.organization.id)).toEqual([]);
    expect(await lowRatingNotices(org.organization.id)).toHaveLength(2);
  });

  it('the email rating page acts as the widget does: a low score there reopens and tells the team', async () => {
    const org = await buildOrganization(server);
    await org.api.call('updateOrganization', {
      body: { lowRatingActions: { threshold: 2, reopen: true, notify: true } },
    });
    const c = await resolvedConversation(org);
    const token = ratingToken(server.services.env.JWT_SECRET, {
      organizationId: org.organization.id,
      conversationId: c.conv.id,
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    const res = await fetch(`${server.baseUrl}${RATING_PAGE_PATH}/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ score: '1', comment: 'Never again' }).toString(),
    });
    expect(res.status).toBe(200);
    const fresh = await c.fetchConv();
    expect(fresh).toMatchObject({ status: 'open', rating: { score: 1, comment: 'Never again' } });
    expect(await c.lines()).toContain('Reopened: rated 1/5');
    expect((await lowRatingNotices(org.organization.id)).map((x) => x.agent_id)).toEqual([org.agent.id]);
  });
});
