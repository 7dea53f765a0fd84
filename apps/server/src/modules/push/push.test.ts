/**
 * Push, end to end through the public API: devices, who gets a push for which message, and what happens when Expo
 * (a local server speaking its API) refuses, rate-limits or forgets a token.
 */
import type { TAuthResponse } from '@oceras/protocol';
import { asSignedIn } from '@oceras/protocol';
import { sql } from 'drizzle-orm';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ExpoPushServer, startExpoPushServer } from '../../../test/expo-push-server.js';
import { buildOrganization, expectError, startTestServer, type TestServer } from '../../../test/helpers.js';
import { query } from '../../db/client.js';
import { dispatchOrganization } from './dispatch.js';
import { createExpoClient } from './expo-client.js';
import { cleanupPush, sendDue } from './sender.js';

let expo: ExpoPushServer;
let server: TestServer;
/** The process's EXPO_BASE_URL before the server starts: the server points its own Expo client, not the process. */
const processExpoBaseUrl = process.env.EXPO_BASE_URL;

beforeAll(async () => {
  expo = await startExpoPushServer();
  server = await startTestServer({
    EXPO_BASE_URL: expo.url,
    PUSH_POLL_MS: '100',
    PUSH_RETRY_BASE_MS: '50',
    PUSH_RECEIPT_DELAY_MS: '0',
  });
});
afterAll(async () => {
  await server?.close();
  await expo?.close();
});
beforeEach(() => expo.clear());

let n = 0;
const token = (label: string) => `ExponentPushToken[${label}${Date.now().toString(36)}${(n++).toString(36)}]`;

/** An organization: its admin, two agents, each with their devices. */
async function team() {
  const admin = await buildOrganization(server);
  const join = async (name: string): Promise<TAuthResponse & { api: ReturnType<TestServer['client']> }> => {
    const invite = await admin.api.call('createInvitation', {
      body: { email: `${name}-${admin.organization.slug}@example.com`, role: 'agent' },
    });
    const auth = await server.client().call('acceptInvitation', {
      body: { token: invite.inviteUrl!.split('#token=')[1]!, name, password: 'agent password 1' },
    });
    return { ...auth, api: server.client(auth.accessToken) };
  };
  const ana = await join('ana');
  const bo = await join('bo');
  const device = async (who: { api: ReturnType<TestServer['client']> }, label: string) => {
    const t = token(label);
    const d = await who.api.call('registerDevice', { body: { token: t, platform: 'ios', appVersion: '1.2.3' } });
    return { ...d, token: t };
  };
  return { admin, ana, bo, device };
}

async function visitorIn(widgetKey: string, name = 'Vera Visitor') {
  const v = await server.client().call('createWidgetSession', { body: { widgetKey } });
  const api = server.client(v.sessionToken);
  await api.call('identifyVisitor', { body: { name } });
  let m = 0;
  const conv = await api.call('startConversation', { body: { clientId: `conv-${Date.now()}-${n++}` } });
  const say = (body: string) =>
    api.call('sendVisitorMessage', { params: { id: conv.id }, body: { clientId: `msg-${Date.now()}-${m++}`, body } });
  return { ...v, api, conv, say };
}

const deliveries = (admin: { api: ReturnType<TestServer['client']> }) =>
  admin.api.call('listPushDeliveries').then((r) => r.deliveries);

/** Lets the worker finish whatever is pending (dispatch and send), then a pass more for late wakes. */
async function settle() {
  await server.push.settle();
  await new Promise((r) => setTimeout(r, 50));
  await server.push.settle();
}

describe('devices', () => {
  it('registers, refreshes in place, lists without the token, and removes only own devices', async () => {
    const { admin, ana } = await team();
    const t = token('own');
    const first = await ana.api.call('registerDevice', {
      body: { token: t, platform: 'android', appVersion: '1.0.0', name: "Ana's Pixel" },
    });
    const again = await ana.api.call('registerDevice', {
      body: { token: t, platform: 'android', appVersion: '1.1.0' },
    });
    expect(again.id).toBe(first.id);
    expect(again.appVersion).toBe('1.1.0');
    const { devices } = await ana.api.call('listDevices');
    expect(devices.map((d) => d.id)).toEqual([first.id]);
    expect(JSON.stringify(devices)).not.toContain(t);
    expect(devices[0]!.tokenHint).toBe(`…${t.slice(-7, -1)}`);
    // The admin sees it among the organization's devices, but cannot remove it as their own.
    expect((await admin.api.call('listOrganizationDevices')).devices.map((d) => d.id)).toContain(first.id);
    await expectError(admin.api.call('removeDevice', { params: { id: first.id } }), 404, 'NOT_FOUND');
    await ana.api.call('removeDevice', { params: { id: first.id } });
    expect((await ana.api.call('listDevices')).devices).toEqual([]);
  });

  it('refuses what is not an Expo push token, and loses nothing', async () => {
    const { ana } = await team();
    for (const bad of [
      '',
      'hello',
      'ExponentPushToken[]',
      'ExponentPushToken[a b]',
      `ExponentPushToken[${'x'.repeat(300)}]`,
    ]) {
      await expectError(
        ana.api.call('registerDevice', { body: { token: bad, platform: 'ios', appVersion: '1' } }),
        400,
        'VALIDATION_FAILED',
      );
    }
    await expectError(
      ana.api.call('registerDevice', { body: { token: token('x'), platform: 'blackberry' as 'ios', appVersion: '1' } }),
      400,
    );
    expect((await ana.api.call('listDevices')).devices).toEqual([]);
  });

  it('moves a token to whoever registers it last, across organizations, and the old owner loses the device', async () => {
    const one = await team();
    const other = await buildOrganization(server);
    const d = await one.device(one.ana, 'shared');
    const moved = await other.api.call('registerDevice', {
      body: { token: d.token, platform: 'ios', appVersion: '2' },
    });
    expect(moved.id).not.toBe(d.id);
    expect((await one.ana.api.call('listDevices')).devices).toEqual([]);
    expect((await other.api.call('listDevices')).devices.map((x) => x.id)).toEqual([moved.id]);
  });

  it('signing out removes the devices of that session only', async () => {
    const { ana } = await team();
    const phone = await ana.api.call('registerDevice', {
      body: { token: token('phone'), platform: 'ios', appVersion: '1' },
    });
    const other = asSignedIn(
      await server.client().call('login', { body: { email: ana.agent.email, password: 'agent password 1' } }),
    );
    const tablet = await server
      .client(other.accessToken)
      .call('registerDevice', { body: { token: token('tablet'), platform: 'android', appVersion: '1' } });
    await server.client(other.accessToken).call('logout', { body: {} });
    expect((await ana.api.call('listDevices')).devices.map((d) => d.id)).toEqual([phone.id]);
    expect(tablet.id).not.toBe(phone.id);
  });

  it('removing an agent removes their devices', async () => {
    const { admin, bo, device } = await team();
    await device(bo, 'bo');
    await admin.api.call('removeAgent', { params: { id: bo.agent.id } });
    expect((await admin.api.call('listOrganizationDevices')).devices.filter((d) => d.agentId === bo.agent.id)).toEqual(
      [],
    );
  });

  it('removes devices unseen for 90 days, and delivery records after 30 days', async () => {
    const { ana, device } = await team();
    const old = await device(ana, 'old');
    const fresh = await device(ana, 'fresh');
    await query(
      server.services.db,
      sql`update devices set last_seen_at = now() - interval '91 days' where id = ${old.id}`,
    );
    await cleanupPush(server.services);
    expect((await ana.api.call('listDevices')).devices.map((d) => d.id)).toEqual([fresh.id]);
  });
});

describe('notification settings', () => {
  it('default to everything on, change one key at a time, and refuse unknown keys', async () => {
    const { ana } = await team();
    expect(await ana.api.call('getNotificationSettings')).toEqual({
      enabled: true,
      assigned: true,
      unassigned: true,
      mentions: true,
      email: 'immediate',
    });
    expect(await ana.api.call('updateNotificationSettings', { body: { unassigned: false } })).toEqual({
      enabled: true,
      assigned: true,
      unassigned: false,
      mentions: true,
      email: 'immediate',
    });
    expect((await ana.api.call('updateNotificationSettings', { body: { email: 'digest' } })).email).toBe('digest');
    await expectError(ana.api.call('updateNotificationSettings', { body: { email: 'hourly' } as never }), 400);
    await expectError(ana.api.call('updateNotificationSettings', { body: { loud: true } as never }), 400);
    await expectError(ana.api.call('updateNotificationSettings', { body: { enabled: 'yes' } as never }), 400);
    expect((await ana.api.call('getNotificationSettings')).unassigned).toBe(false);
  });
});

describe('who gets a push', () => {
  it('unassigned: every device of the agents online or away, exactly once per message, nobody offline', async () => {
    const { admin, ana, bo, device } = await team();
    await admin.api.call('updateMe', { body: { availability: 'online' } });
    await ana.api.call('updateMe', { body: { availability: 'away' } });
    await bo.api.call('updateMe', { body: { availability: 'offline' } });
    const adminPhone = await device(admin, 'admin');
    const anaPhone = await device(ana, 'anaphone');
    const anaTablet = await device(ana, 'anatablet');
    const boPhone = await device(bo, 'bo');
    const v = await visitorIn(admin.organization.widgetKey, 'Vera');
    const m1 = await v.say('Hello, is anyone there? '.repeat(20));
    const m2 = await v.say('My order #1234 has not arrived');
    await expect
      .poll(() => expo.accepted.length >= 6, { timeout: 5000, interval: 20, message: 'six pushes' })
      .toBeTruthy();
    await settle();
    expect(expo.accepted).toHaveLength(6);
    expect(process.env.EXPO_BASE_URL).toBe(processExpoBaseUrl);
    for (const t of [adminPhone.token, anaPhone.token, anaTablet.token]) {
      expect(expo.acceptedFor(t).map((p) => p.data!.messageId)).toEqual([m1.id, m2.id]);
    }
    expect(expo.acceptedFor(boPhone.token)).toEqual([]);
    const push = expo.acceptedFor(anaPhone.token)[1]!;
    expect(push).toMatchObject({
      title: 'Vera',
      body: 'My order #1234 has not arrived',
      data: { kind: 'message', conversationId: v.conv.id, messageId: m2.id, badge: 0 },
      collapseId: v.conv.id,
      tag: v.conv.id,
    });
    // Only the token, title, body and data leave the server, with delivery controls that add nothing to them.
    expect(Object.keys(push).sort()).toEqual(
      ['body', 'collapseId', 'data', 'priority', 'sound', 'tag', 'title', 'to'].sort(),
    );
    const long = expo.acceptedFor(anaPhone.token)[0]!.body!;
    expect(long.length).toBeLessThanOrEqual(160);
    expect(long.endsWith('…')).toBe(true);
    // The deliveries list says so, with no content kept.
    const list = await deliveries(admin);
    expect(list.filter((d) => d.kind === 'message')).toHaveLength(6);
    expect(list.every((d) => d.status === 'sent' || d.status === 'delivered')).toBe(true);
    const [row] = await query<{ title: string | null; body: string | null }>(
      server.services.db,
      sql`select title, body from push_deliveries where message_id = ${m2.id} limit 1`,
    );
    expect(row).toEqual({ title: null, body: null });
  });

  it("assigned: only the assignee's devices, with their unread count in the data, even while offline", async () => {
    const { admin, ana, bo, device } = await team();
    await admin.api.call('updateMe', { body: { availability: 'online' } });
    await device(admin, 'admin');
    const boPhone = await device(bo, 'bo');
    await device(ana, 'ana');
    const v = await visitorIn(admin.organization.widgetKey);
    await admin.api.call('updateConversation', { params: { id: v.conv.id }, body: { assigneeId: bo.agent.id } });
    const m = await v.say('For Bo');
    await expect.poll(() => expo.accepted.length >= 1, { timeout: 5000, interval: 20, message: 'a push' }).toBeTruthy();
    await settle();
    expect(expo.accepted.map((p) => p.to)).toEqual([boPhone.token]);
    expect(expo.accepted[0]).toMatchObject({ data: { messageId: m.id, badge: 1 } });
    expect(expo.accepted[0]).not.toHaveProperty('badge');
  });

  it('no push for internal notes, agent replies, or an agent who has the conversation open', async () => {
    const { admin, ana, device } = await team();
    await admin.api.call('updateMe', { body: { availability: 'online' } });
    await ana.api.call('updateMe', { body: { availability: 'online' } });
    const adminPhone = await device(admin, 'admin');
    const anaPhone = await device(ana, 'ana');
    // The admin's reply must leave the conversation unassigned, so that Ana's pushes depend on her view alone.
    await admin.api.call('updateOrganization', { body: { autoAssignOnReply: false } });
    const v = await visitorIn(admin.organization.widgetKey);
    await admin.api.call('sendMessage', {
      params: { id: v.conv.id },
      body: { clientId: 'note-000001', body: 'internal', type: 'note' },
    });
    await admin.api.call('sendMessage', { params: { id: v.conv.id }, body: { clientId: 'reply-00001', body: 'hi' } });
    // Ana is looking at the conversation on the web.
    const s = io(`${server.baseUrl}/agent`, { transports: ['websocket'], auth: { token: ana.accessToken } });
    await new Promise((r) => s.once('session.ready', r));
    expect(await s.emitWithAck('conversation.view', { conversationId: v.conv.id })).toMatchObject({ ok: true });
    const m = await v.say('while Ana reads');
    await expect.poll(() => expo.accepted.length >= 1, { timeout: 5000, interval: 20, message: 'a push' }).toBeTruthy();
    await settle();
    expect(expo.accepted.map((p) => [p.to, p.data!.messageId])).toEqual([[adminPhone.token, m.id]]);
    expect(expo.acceptedFor(anaPhone.token)).toEqual([]);
    // She closes it: the next message reaches her too.
    expect(await s.emitWithAck('conversation.view', { conversationId: null })).toMatchObject({ ok: true });
    const m2 = await v.say('and now?');
    await expect
      .poll(() => expo.acceptedFor(anaPhone.token).length >= 1, { timeout: 5000, interval: 20, message: "Ana's push" })
      .toBeTruthy();
    expect(expo.acceptedFor(anaPhone.token).map((p) => p.data!.messageId)).toEqual([m2.id]);
    s.disconnect();
  });

  it("respects each agent's settings", async () => {
    const { admin, ana, device } = await team();
    await ana.api.call('updateMe', { body: { availability: 'online' } });
    await admin.api.call('updateMe', { body: { availability: 'online' } });
    const anaPhone = await device(ana, 'ana');
    const adminPhone = await device(admin, 'admin');
    await ana.api.call('updateNotificationSettings', { body: { unassigned: false } });
    await admin.api.call('updateNotificationSettings', { body: { enabled: false } });
    const v = await visitorIn(admin.organization.widgetKey);
    await v.say('unassigned');
    // Who gets a push is decided when it is dispatched, from the conversation as it is then: let the first message's
    // be decided while the conversation is still unassigned (on a loaded machine it was decided after the assignment).
    await settle();
    await admin.api.call('updateConversation', { params: { id: v.conv.id }, body: { assigneeId: ana.agent.id } });
    const m = await v.say('assigned to Ana');
    await expect.poll(() => expo.accepted.length >= 1, { timeout: 5000, interval: 20, message: 'a push' }).toBeTruthy();
    await settle();
    expect(expo.accepted.map((p) => [p.to, p.data!.messageId])).toEqual([[anaPhone.token, m.id]]);
    expect(expo.acceptedFor(adminPhone.token)).toEqual([]);
  });

  it('a conversation started with a first message pushes that message', async () => {
    const { admin, device } = await team();
    await admin.api.call('updateMe', { body: { availability: 'online' } });
    const phone = await device(admin, 'admin');
    const v = await server.client().call('createWidgetSession', { body: { widgetKey: admin.organization.widgetKey } });
    const conv = await server.client(v.sessionToken).call('startConversation', {
      body: { clientId: `first-conv-${n++}`, message: { clientId: `first-message-${n++}`, body: 'Hi, first words' } },
    });
    await expect
      .poll(() => expo.acceptedFor(phone.token).length >= 1, { timeout: 5000, interval: 20, message: 'the push' })
      .toBeTruthy();
    await settle();
    expect(expo.acceptedFor(phone.token)).toHaveLength(1);
    expect(expo.acceptedFor(phone.token)[0]).toMatchObject({
      title: expect.stringMatching(/^Visitor #\d+$/),
      body: 'Hi, first words',
      data: { conversationId: conv.id },
    });
  });

  it('never pushes across organizations', async () => {
    const one = await team();
    const two = await team();
    await one.admin.api.call('updateMe', { body: { availability: 'online' } });
    await two.admin.api.call('updateMe', { body: { availability: 'online' } });
    const onePhone = await one.device(one.admin, 'one');
    const twoPhone = await two.device(two.admin, 'two');
    const v = await visitorIn(one.admin.organization.widgetKey);
    await v.say('only for one');
    await expect.poll(() => expo.accepted.length >= 1, { timeout: 5000, interval: 20, message: 'a push' }).toBeTruthy();
    await settle();
    expect(expo.accepted.map((p) => p.to)).toEqual([onePhone.token]);
    expect(expo.acceptedFor(twoPhone.token)).toEqual([]);
  });
});

describe('what Expo answers', () => {
  it('a 429 is retried with backoff until Expo takes the push, once', async () => {
    const { admin, device } = await team();
    await admin.api.call('updateMe', { body: { availability: 'online' } });
    const phone = await device(admin, 'admin');
    const v = await visitorIn(admin.organization.widgetKey);
    // The SDK itself retries a 429 twice; the third and a 503 are ours to retry.
    expo.fail({ status: 429 }, { status: 429 }, { status: 429 }, { status: 503 });
    const m = await v.say('retry me');
    await expect
      .poll(() => expo.accepted.length >= 1, { timeout: 10_000, interval: 20, message: 'the push after retries' })
      .toBeTruthy();
    await settle();
    expect(expo.acceptedFor(phone.token).map((p) => p.data!.messageId)).toEqual([m.id]);
    expect(expo.requests.filter((r) => r.answered === 429)).toHaveLength(3);
    const [d] = (await deliveries(admin)).filter((x) => x.messageId === m.id);
    expect(d!.attempts).toBeGreaterThanOrEqual(3);
    expect(['sent', 'delivered']).toContain(d!.status);
  });

  it('a DeviceNotRegistered ticket removes the device and fails the push', async () => {
    const { admin, device } = await team();
    await admin.api.call('updateMe', { body: { availability: 'online' } });
    const gone = await device(admin, 'gone');
    const kept = await device(admin, 'kept');
    expo.unregisterAtSend(gone.token);
    const v = await visitorIn(admin.organization.widgetKey);
    const m = await v.say('who is there');
    await expect
      .poll(async () => (await admin.api.call('listDevices')).devices.length === 1, {
        timeout: 5000,
        interval: 20,
        message: 'the device removed',
      })
      .toBeTruthy();
    expect((await admin.api.call('listDevices')).devices.map((d) => d.id)).toEqual([kept.id]);
    const failed = (await deliveries(admin)).filter((d) => d.messageId === m.id && d.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error).toBe('DeviceNotRegistered');
  });

  it('receipts: ok marks the push delivered; DeviceNotRegistered removes the device', async () => {
    const { admin, device } = await team();
    await admin.api.call('updateMe', { body: { availability: 'online' } });
    const gone = await device(admin, 'gone');
    const kept = await device(admin, 'kept');
    expo.unregisterAtReceipt(gone.token);
    const v = await visitorIn(admin.organization.widgetKey);
    const m = await v.say('receipts please');
    await expect
      .poll(
        async () =>
          (await deliveries(admin)).filter((d) => d.messageId === m.id && ['delivered', 'failed'].includes(d.status))
            .length === 2,
        { timeout: 8000, interval: 20, message: 'both receipts read' },
      )
      .toBeTruthy();
    const mine = (await deliveries(admin)).filter((d) => d.messageId === m.id);
    expect(mine.find((d) => d.status === 'delivered')?.deviceId).toBe(kept.id);
    expect(mine.find((d) => d.status === 'failed')?.error).toBe('DeviceNotRegistered');
    expect((await admin.api.call('listDevices')).devices.map((d) => d.id)).toEqual([kept.id]);
  });

  it('an admin sends a test push to a device and sees its outcome', async () => {
    const { admin, ana, device } = await team();
    const phone = await device(ana, 'ana');
    const queued = await admin.api.call('sendTestPush', { params: { id: phone.id } });
    expect(queued).toMatchObject({ kind: 'test', deviceId: phone.id, agentId: ana.agent.id, status: 'queued' });
    await expect
      .poll(() => expo.acceptedFor(phone.token).length === 1, { timeout: 5000, interval: 20, message: 'the test push' })
      .toBeTruthy();
    expect(expo.acceptedFor(phone.token)[0]).toMatchObject({ data: { kind: 'test' } });
    await expect
      .poll(async () => (await deliveries(admin)).find((d) => d.id === queued.id)?.status === 'delivered', {
        timeout: 5000,
        interval: 20,
        message: 'the test push delivered',
      })
      .toBeTruthy();
    // Ten a minute per address: each one is a real notification on someone's phone.
    const codes: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await server.app.inject({
        method: 'POST',
        url: `/api/v1/devices/${phone.id}/test`,
        headers: { authorization: `Bearer ${admin.accessToken}` },
      });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 9).every((c) => c === 202)).toBe(true);
    expect(codes[9]).toBe(429);
  });
});

describe('order', () => {
  // Last in the file: it stops the worker to dispatch several messages in one pass, as a busy worker does.
  it("sends a conversation's pushes in the order of its messages when they are dispatched together", async () => {
    const { admin, device } = await team();
    await admin.api.call('updateMe', { body: { availability: 'online' } });
    const phone = await device(admin, 'order');
    await server.push.stop();
    const v = await visitorIn(admin.organization.widgetKey);
    const said: string[] = [];
    for (const text of ['one', 'two', 'three', 'four', 'five', 'six']) said.push((await v.say(text)).id);
    await dispatchOrganization(server.services, admin.organization.id);
    const [queued] = await query<{ n: number; times: number }>(
      server.services.db,
      sql`select count(*)::int as n, count(distinct next_attempt_at)::int as times from push_deliveries
          where device_id = ${phone.id}`,
    );
    expect(queued).toEqual({ n: 6, times: 1 });
    const client = await createExpoClient({ baseUrl: expo.url });
    await sendDue(server.services, async () => client.expo, { retryBaseMs: 50, receiptDelayMs: 0, claimMs: 60_000 });
    await client.close();
    expect(expo.acceptedFor(phone.token).map((p) => p.data!.messageId)).toEqual(said);
  });
});
