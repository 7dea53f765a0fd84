/**
 * A server killed in the middle of pushing loses nothing: one push is in flight to Expo (which never answers it),
 * a second message is stored but not yet turned into pushes. The next process sends both, once each.
 */
import { randomBytes } from 'node:crypto';
import { createClient } from '@oceras/protocol/client';
import { afterAll, expect, it } from 'vitest';
import { type ExpoPushServer, startExpoPushServer } from './expo-push-server.js';
import { createTestDatabase } from './helpers.js';
import { type ServerProcess, startServerProcess } from './processes.js';

let expo: ExpoPushServer | undefined;
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
const procs: ServerProcess[] = [];

afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop('SIGKILL')));
  await expo?.close();
  await database?.drop();
});

it('a restart in the middle loses no push and sends none twice', async () => {
  expo = await startExpoPushServer();
  database = await createTestDatabase();
  const env = {
    DATABASE_URL: database.url,
    JWT_SECRET: randomBytes(32).toString('hex'),
    EXPO_BASE_URL: expo.url,
    PUSH_POLL_MS: '100',
    PUSH_CLAIM_MS: '1000',
    PUSH_RETRY_BASE_MS: '50',
  };
  const first = await startServerProcess(env);
  procs.push(first);
  const anon = createClient({ baseUrl: first.baseUrl });
  const admin = await anon.call('signup', {
    body: {
      organizationName: 'Restart',
      slug: 'restart',
      name: 'Ada',
      email: 'ada@restart.example',
      password: 'correct horse battery',
    },
  });
  const api = createClient({ baseUrl: first.baseUrl, getToken: () => admin.accessToken });
  await api.call('updateMe', { body: { availability: 'online' } });
  const token = 'ExponentPushToken[restart0000000001]';
  await api.call('registerDevice', { body: { token, platform: 'android', appVersion: '1.0.0' } });
  const v = await anon.call('createWidgetSession', { body: { widgetKey: admin.organization.widgetKey } });
  const visitor = createClient({ baseUrl: first.baseUrl, getToken: () => v.sessionToken });
  const conv = await visitor.call('startConversation', { body: { clientId: 'restart-conv' } });

  // Expo takes the first request and never answers: the process is stuck mid-send when it dies.
  expo.fail('hang');
  const m1 = await visitor.call('sendVisitorMessage', {
    params: { id: conv.id },
    body: { clientId: 'restart-m1', body: 'first' },
  });
  await expect
    .poll(() => expo!.requests.some((r) => r.answered === 'hang'), {
      timeout: 10_000,
      interval: 20,
      message: 'the push in flight',
    })
    .toBeTruthy();
  // The worker is busy with that request, so this one is stored but not yet dispatched.
  const m2 = await visitor.call('sendVisitorMessage', {
    params: { id: conv.id },
    body: { clientId: 'restart-m2', body: 'second' },
  });
  await first.stop('SIGKILL');
  expect(expo.accepted).toEqual([]);

  const second = await startServerProcess(env);
  procs.push(second);
  await expect
    .poll(() => expo!.accepted.length >= 2, {
      timeout: 15_000,
      interval: 20,
      message: 'both pushes from the new process',
    })
    .toBeTruthy();
  // Another claim period and a few passes: nothing more arrives.
  await new Promise((r) => setTimeout(r, 1500));
  expect(
    expo
      .acceptedFor(token)
      .map((p) => p.data?.messageId)
      .sort(),
  ).toEqual([m1.id, m2.id].sort());
}, 60_000);
