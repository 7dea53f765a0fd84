/**
 * A low rating in the agent's Mentions list and in their language (issue 18 "Languages", issue 17 "Mentions"),
 * through the public API with a local Expo push server: the notice is listed (kind `low_rating`, score and scale)
 * to a client that asks for it, never to an older client that asks for mentions only, nor to another agent or
 * organization; it is marked read as mentions are; every push the server writes speaks the recipient's language;
 * the thread's lines keep the facts (score, scale) the apps say in their own words.
 */
import { NOTICE_KINDS_QUERY } from '@oceras/protocol/notices';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExpoPushServer, startExpoPushServer } from '../../../test/expo-push-server.js';
import { buildAgent, buildOrganization, expectError, startTestServer, type TestServer } from '../../../test/helpers.js';

let expo: ExpoPushServer;
let server: TestServer;
let n = 0;

beforeAll(async () => {
  expo = await startExpoPushServer();
  server = await startTestServer({ EXPO_BASE_URL: expo.url, PUSH_POLL_MS: '100', PUSH_RECEIPT_DELAY_MS: '0' });
});
afterAll(async () => {
  await server?.close();
  await expo?.close();
});

type Org = Awaited<ReturnType<typeof buildOrganization>>;

/** A visitor's conversation assigned to `assigneeId`, then resolved; `rate` rates it as the visitor. */
async function resolvedConversation(org: Org, assigneeId: string) {
  const session = await server
    .client()
    .call('createWidgetSession', { body: { widgetKey: org.organization.widgetKey } });
  const visitorApi = server.client(session.sessionToken);
  const conv = await visitorApi.call('startConversation', {
    body: { clientId: `lrn-conv-${++n}`, message: { clientId: `lrn-msg-${++n}`, body: 'Where is my parcel?' } },
  });
  await org.api.call('updateConversation', { params: { id: conv.id }, body: { assigneeId } });
  await org.api.call('updateConversation', { params: { id: conv.id }, body: { status: 'resolved' } });
  const { number } = await org.api.call('getConversation', { params: { id: conv.id } });
  const rate = (score: number, comment?: string) =>
    visitorApi.call('rateConversation', { params: { id: conv.id }, body: { score, ...(comment ? { comment } : {}) } });
  return { conv, number, rate, visitorApi };
}

const device = async (api: Org['api']) => {
  const token = `ExponentPushToken[lrn${Date.now().toString(36)}${++n}]`;
  await api.call('registerDevice', { body: { token, platform: 'ios', appVersion: '1.2.3' } });
  return token;
};

async function settle() {
  await server.push.settle();
  await new Promise((r) => setTimeout(r, 50));
  await server.push.settle();
}

describe('a low rating in the Mentions list', () => {
  it('is listed to a client that asks for it, marked read as mentions are, and hidden from older clients', async () => {
    const org = await buildOrganization(server);
    const ana = await buildAgent(server, org, 'agent', `Ana ${++n}`);
    const bob = await buildAgent(server, org, 'agent', `Bob ${++n}`);
    await org.api.call('updateOrganization', { body: { lowRatingActions: { threshold: 2, notify: true } } });
    const c = await resolvedConversation(org, ana.agent.id);
    // A mention of Ana in the same conversation: both kinds side by side.
    await org.api.call('sendMessage', {
      params: { id: c.conv.id },
      body: { clientId: `lrn-note-${++n}`, type: 'note', body: `@${ana.agent.name} have a look` },
    });
    await c.rate(1, 'Far too slow');

    const all = await ana.api.call('listMentions', { query: { kinds: NOTICE_KINDS_QUERY } });
    expect(all.unreadCount).toBe(2);
    expect(all.mentions.map((m) => m.kind)).toEqual(['low_rating', 'mention']);
    expect(all.mentions[0]).toMatchObject({
      kind: 'low_rating',
      conversationId: c.conv.id,
      conversationNumber: c.number,
      author: null,
      excerpt: 'Far too slow',
      rating: { score: 1, scale: 'stars' },
      readAt: null,
    });
    expect(all.mentions[1]).toMatchObject({ kind: 'mention', rating: null });
    const lowOnly = await ana.api.call('listMentions', { query: { kinds: 'low_rating' } });
    expect(lowOnly.mentions.map((m) => m.kind)).toEqual(['low_rating']);

    // An older client (no `kinds`): mentions only, and an unread count of mentions only, as before.
    const older = await ana.api.call('listMentions');
    expect(older.mentions.map((m) => m.kind)).toEqual(['mention']);
    expect(older.unreadCount).toBe(1);
    // Marking read as an older client: its mentions only; the low rating stays unread for the newer one.
    expect(await ana.api.call('markMentionsRead', { body: { conversationId: c.conv.id } })).toEqual({ unreadCount: 0 });
    expect((await ana.api.call('listMentions', { query: { kinds: NOTICE_KINDS_QUERY } })).unreadCount).toBe(1);
    expect(
      await ana.api.call('markMentionsRead', { body: { conversationId: c.conv.id, kinds: NOTICE_KINDS_QUERY } }),
    ).toEqual({ unreadCount: 0 });
    const read = await ana.api.call('listMentions', { query: { kinds: NOTICE_KINDS_QUERY, unread: 'true' } });
    expect(read).toMatchObject({ mentions: [], unreadCount: 0 });

    // Nobody else sees it: a colleague, the admin (not told: the conversation is assigned), another organization.
    expect((await bob.api.call('listMentions', { query: { kinds: NOTICE_KINDS_QUERY } })).mentions).toEqual([]);
    expect((await org.api.call('listMentions', { query: { kinds: 'low_rating' } })).mentions).toEqual([]);
    const other = await buildOrganization(server);
    expect((await other.api.call('listMentions', { query: { kinds: NOTICE_KINDS_QUERY } })).mentions).toEqual([]);
    // Bad kinds, an anonymous caller and a visitor are refused.
    await expectError(ana.api.call('listMentions', { query: { kinds: 'mention,escalation' } }), 400);
    await expectError(ana.api.call('markMentionsRead', { body: { kinds: 'nope' } }), 400);
    await expectError(server.client().call('listMentions', { query: { kinds: 'low_rating' } }), 401);
    await expectError(c.visitorApi.call('listMentions', { query: { kinds: 'low_rating' } }), 401);
  });

  it('on the faces scale: the scale is in the notice and in the thread’s lines, with English kept as the words', async () => {
    const org = await buildOrganization(server);
    await org.api.call('updateOrganization', {
      body: {
        widgetSettings: { satisfactionSurvey: 'faces' },
        lowRatingActions: { threshold: 1, notify: true, reopen: true },
      },
    });
    const c = await resolvedConversation(org, org.agent.id);
    await c.rate(1);
    const page = await org.api.call('listMentions', { query: { kinds: 'low_rating' } });
    expect(page.mentions[0]).toMatchObject({ kind: 'low_rating', excerpt: '', rating: { score: 1, scale: 'faces' } });
    const lines = (await org.api.call('listMessages', { params: { id: c.conv.id } })).messages.filter(
      (m) => m.type === 'system',
    );
    const rated = lines.find((m) => (m.system as { action?: string }).action === 'rated')!;
    expect(rated.system).toMatchObject({ action: 'rated', score: 1, scale: 'faces' });
    expect(rated.body).toBe('Visitor rated the conversation sad face');
    const reopened = lines.find((m) => (m.system as { reason?: string }).reason === 'low_rating')!;
    expect(reopened.system).toMatchObject({ action: 'status_changed', to: 'open', score: 1, scale: 'faces' });
    expect(reopened.body).toBe('Reopened: rated sad face');
  });
});

describe('pushes in the recipient’s language', () => {
  it('a low rating, a mention, a visitor’s message and a test push: each in the agent’s language', async () => {
    const org = await buildOrganization(server);
    const ana = await buildAgent(server, org, 'agent', `Ana ${++n}`);
    const ben = await buildAgent(server, org, 'agent', `Ben ${++n}`);
    await ana.api.call('updateMe', { body: { language: 'fr' } });
    await ben.api.call('updateMe', { body: { language: 'de' } });
    const anaToken = await device(ana.api);
    const benToken = await device(ben.api);
    const adminToken = await device(org.api);
    await org.api.call('updateOrganization', {
      body: { widgetSettings: { satisfactionSurvey: 'faces' }, lowRatingActions: { threshold: 3, notify: true } },
    });

    // A low rating on the faces scale, to Ana (French).
    const c = await resolvedConversation(org, ana.agent.id);
    await c.rate(1);
    await settle();
    await expect.poll(() => expo.acceptedFor(anaToken).length, { timeout: 10_000 }).toBe(1);
    expect(expo.acceptedFor(anaToken)[0]).toMatchObject({
      title: `Conversation n° ${c.number} notée : visage triste`,
      body: 'Note : visage triste',
    });

    // A mention of Ben (German) and of the admin (no language: English).
    await ana.api.call('sendMessage', {
      params: { id: c.conv.id },
      body: { clientId: `lrn-note-${++n}`, type: 'note', body: `@${ben.agent.name} @${org.agent.name} bitte` },
    });
    await settle();
    await expect.poll(() => expo.acceptedFor(benToken).length, { timeout: 10_000 }).toBe(1);
    expect(expo.acceptedFor(benToken)[0]!.title).toBe(`${ana.agent.name} hat Sie erwähnt`);
    // (The admin, online, was pushed the visitor's first message too, unassigned then.)
    const adminMentions = () => expo.acceptedFor(adminToken).filter((p) => p.data?.kind === 'mention');
    await expect.poll(() => adminMentions().length, { timeout: 10_000 }).toBe(1);
    expect(adminMentions()[0]!.title).toBe(`${ana.agent.name} mentioned you`);

    // A visitor's message in Ana's conversation (reopened by writing): the visitor's title in French.
    await c.visitorApi.call('sendVisitorMessage', {
      params: { id: c.conv.id },
      body: { clientId: `lrn-v-${++n}`, body: 'Toujours rien' },
    });
    await settle();
    await expect.poll(() => expo.acceptedFor(anaToken).length, { timeout: 10_000 }).toBe(2);
    expect(expo.acceptedFor(anaToken)[1]).toMatchObject({ title: `Visiteur n° ${c.number}`, body: 'Toujours rien' });

    // The admin's test push to Ben's device: in Ben's language.
    const { devices } = await org.api.call('listOrganizationDevices');
    const benDevice = devices.find((d) => d.agentId === ben.agent.id)!;
    await org.api.call('sendTestPush', { params: { id: benDevice.id } });
    await settle();
    await expect.poll(() => expo.acceptedFor(benToken).length, { timeout: 10_000 }).toBe(2);
    expect(expo.acceptedFor(benToken)[1]).toMatchObject({
      title: 'Oceras',
      body: 'Testbenachrichtigung: Pushes erreichen dieses Gerät.',
    });
  });
});
