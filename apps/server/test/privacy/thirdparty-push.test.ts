/**
 * What reaches the Expo Push Service (§5) and when nothing does (§4, §7: the phone's notification permission),
 * against a local server that speaks Expo's push API.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ExpoPushServer, startExpoPushServer } from '../expo-push-server.js';
import { buildAgent, buildOrganization, startTestServer, type TestServer, visitor } from '../helpers.js';

let expo: ExpoPushServer;
let server: TestServer;
beforeAll(async () => {
  expo = await startExpoPushServer();
  server = await startTestServer({ EXPO_BASE_URL: expo.url, PUSH_POLL_MS: '100', PUSH_RECEIPT_DELAY_MS: '0' });
});
afterAll(async () => {
  await server?.close();
  await expo?.close();
});
beforeEach(() => expo.clear());

let n = 0;
const pushToken = (label: string) => `ExponentPushToken[${label}${Date.now().toString(36)}${(n++).toString(36)}]`;
type Api = Awaited<ReturnType<typeof buildOrganization>>['api'];
const register = (api: Api, token: string, permission?: 'granted' | 'denied') =>
  api.call('registerDevice', {
    body: { token, platform: 'ios', appVersion: '2.0.0', ...(permission && { permission }) },
  });

/** An organization whose admin is online with a phone, and a visitor in a conversation (unassigned: pushed). */
async function setup() {
  const org = await buildOrganization(server);
  await org.api.call('updateMe', { body: { availability: 'online' } });
  const v = await visitor(server, org.organization.widgetKey, { name: 'Vera' });
  const conv = await v.start('first');
  return { org, v, conv };
}

describe('§5 Only the push token, notification title, body, and data payload are transmitted', () => {
  it('§5 Only the push token, notification title, body, and data payload are transmitted — a message push and a test push carry the token, title, body and data, and otherwise only constant delivery controls and the conversation id of the data', async () => {
    const { org, v, conv } = await setup();
    const token = pushToken('fields');
    const device = await register(org.api, token);
    await v.say(conv.id, 'Where is my order?');
    await expect.poll(() => expo.acceptedFor(token).length, { timeout: 5000 }).toBe(1);
    await org.api.call('sendTestPush', { params: { id: device.id } });
    await expect.poll(() => expo.acceptedFor(token).length, { timeout: 5000 }).toBe(2);
    const [message, test] = expo.acceptedFor(token);
    const controls = { sound: 'default', priority: 'high' };
    expect(message).toEqual({
      to: token,
      title: 'Vera',
      body: 'Where is my order?',
      data: { kind: 'message', conversationId: conv.id, messageId: expect.any(String), badge: 0 },
      ...controls,
      collapseId: conv.id,
      tag: conv.id,
    });
    expect(test).toEqual({
      to: token,
      title: 'Oceras',
      body: 'Test notification: pushes reach this device.',
      data: { kind: 'test' },
      ...controls,
    });
    v.close();
  });
});

describe('§7 Withdraw consent', () => {
  it('§7 Withdraw consent — when the app reports the notification permission withdrawn, nothing more leaves for that device, not even a push already queued; granted again, pushes resume', async () => {
    const { org, v, conv } = await setup();
    const colleague = await buildAgent(server, org);
    await colleague.api.call('updateMe', { body: { availability: 'online' } });
    const phone = pushToken('withdrawn');
    const other = pushToken('granted');
    const device = await register(org.api, phone);
    await register(colleague.api, other);

    // The app comes back to the foreground after the permission was turned off in the OS settings.
    const reported = await register(org.api, phone, 'denied');
    expect(reported).toMatchObject({ id: device.id, permission: 'denied' });
    await v.say(conv.id, 'Hello?');
    const queued = await org.api.call('sendTestPush', { params: { id: device.id } });
    // The colleague's phone gets the message: the withdrawn one was passed over in the same dispatch.
    await expect.poll(() => expo.acceptedFor(other).length, { timeout: 5000 }).toBe(1);
    await expect
      .poll(async () => (await org.api.call('listPushDeliveries')).deliveries.find((d) => d.id === queued.id)?.error, {
        timeout: 5000,
      })
      .toBe('PermissionDenied');
    expect(expo.acceptedFor(phone)).toEqual([]);

    await register(org.api, phone, 'granted');
    await v.say(conv.id, 'Anyone?');
    await expect.poll(() => expo.acceptedFor(phone).length, { timeout: 5000 }).toBe(1);
    v.close();
  });
});
