/**
 * The Expo client's base URL belongs to the client, not to the process: two clients in one process, each with its
 * own local Expo server, each reach only their own, and the process environment is never written.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ExpoPushServer, startExpoPushServer } from '../../../test/expo-push-server.js';
import { createExpoClient } from './expo-client.js';

let one: ExpoPushServer;
let two: ExpoPushServer;
beforeAll(async () => {
  [one, two] = await Promise.all([startExpoPushServer(), startExpoPushServer()]);
});
afterAll(async () => {
  await Promise.all([one?.close(), two?.close()]);
});

it('two clients with different base URLs in one process each send to their own server', async () => {
  const before = process.env.EXPO_BASE_URL;
  const a = await createExpoClient({ baseUrl: one.url });
  const b = await createExpoClient({ baseUrl: `${two.url}/` });
  const push = (to: string) => ({ to, title: 'hi', data: { kind: 'test' } });
  const [ta] = await a.expo.sendPushNotificationsAsync([push('ExponentPushToken[one]')]);
  const [tb] = await b.expo.sendPushNotificationsAsync([push('ExponentPushToken[two]')]);
  expect(one.accepted.map((p) => p.to)).toEqual(['ExponentPushToken[one]']);
  expect(two.accepted.map((p) => p.to)).toEqual(['ExponentPushToken[two]']);
  // Receipts go the same way.
  const ra = await a.expo.getPushNotificationReceiptsAsync([(ta as { id: string }).id]);
  const rb = await b.expo.getPushNotificationReceiptsAsync([(tb as { id: string }).id]);
  expect(Object.values(ra)).toEqual([{ status: 'ok' }]);
  expect(Object.values(rb)).toEqual([{ status: 'ok' }]);
  expect(process.env.EXPO_BASE_URL).toBe(before);
  await Promise.all([a.close(), b.close()]);
});
