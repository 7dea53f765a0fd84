/**
 * Push notifications in the dashboard, in Chromium against the real server, its push worker and a local server
 * speaking Expo's push API: the admin's Settings → Push page (devices, a test push, the deliveries log following a
 * visitor message), every agent's notification settings and own phones in Your account, and no push page for agents.
 * expo-server-sdk reads EXPO_BASE_URL once per process: every push test of the dashboard lives in this file.
 */
import type { OcerasClient } from '@oceras/protocol/client';
import { afterEach, describe, expect } from 'vitest';
import { type ExpoPushServer, startExpoPushServer } from '../../server/test/expo-push-server.js';
import { startTestServer } from '../../server/test/helpers.js';
import { type Browser, test as e2eTest, newContext, type Page, shot, type TestServer, until } from './e2e';

const TOKEN = 'ExponentPushToken[e2eDevice0001]';
const PHONE = "Ada's iPhone";
const ADA = { name: 'Ada Admin', email: `ada-push-${Date.now()}@example.com`, password: 'correct horse battery' };

let expo: ExpoPushServer;
let server: TestServer;
let browser: Browser;
let page: Page;
let problems: string[];
/** Ada's phone, as the mobile app talks to the server: its own session. */
let phone: OcerasClient;

async function signIn(p: Page, who: { email: string; password: string }) {
  await p.goto('/');
  await p.getByLabel('Email').fill(who.email);
  await p.getByLabel('Password').fill(who.password);
  await p.getByRole('button', { name: 'Sign in' }).click();
  // The inbox opens on Mine, or on Unassigned when nothing is the agent's and conversations wait.
  await p.getByRole('heading', { name: /^(Mine|Unassigned)$/ }).waitFor();
}

/** This file's server sends pushes, fast, to a stand-in for Expo's push API. */
const test = e2eTest
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern
  .extend('expo', { scope: 'file' }, async ({}, { onCleanup }) => {
    const expo = await startExpoPushServer();
    onCleanup(() => expo.close());
    return expo;
  })
  .extend('server', { scope: 'file' }, async ({ expo }, { onCleanup }) => {
    const server = await startTestServer({ EXPO_BASE_URL: expo.url, PUSH_POLL_MS: '100', PUSH_RECEIPT_DELAY_MS: '0' });
    onCleanup(() => server.close());
    return server;
  });

// Ada signs up over the API (her phone's session); the page signs in as her in the first test.
test.beforeAll(async ({ expo: e, server: s, browser: b }) => {
  expo = e;
  server = s;
  browser = b;
  const c = await newContext(browser, server);
  problems = c.problems;
  page = await c.context.newPage();
  const signup = await server.client().call('signup', {
    body: { organizationName: 'Pier Chandlery', slug: `pier-${Date.now().toString(36)}`, ...ADA },
  });
  phone = server.client(signup.accessToken);
});

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await shot(page, `failed-push-${task.name.slice(0, 24)}`).catch(() => {});
});

describe('Settings → Push', () => {
  test('explains how to get a device listed, then lists the phone that registered', async () => {
    await signIn(page, ADA);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Push notifications' }).click();
    await page.getByRole('heading', { name: 'Push notifications', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/push');
    await page.getByText('Sign in on the Oceras mobile app and allow notifications').waitFor();
    await page.getByText('No push sent yet.').waitFor();
    await shot(page, 'push-empty');

    await phone.call('registerDevice', { body: { token: TOKEN, platform: 'ios', appVersion: '1.0.0', name: PHONE } });
    await page.reload();
    const row = page.getByRole('table', { name: 'Devices' }).getByRole('row').filter({ hasText: PHONE });
    await row.waitFor();
    const cells = await row.getByRole('cell').allInnerTexts();
    expect(cells.slice(0, 6)).toEqual([ADA.name, `${PHONE} · iOS`, '1.0.0', '…ce0001', expect.any(String), '0']);
    // The hint is the token's end; the token itself is nowhere on the page.
    expect(await page.content()).not.toContain(TOKEN);
  });

  test('sends a test push that Expo accepts, and shows it delivered', async () => {
    await page.getByRole('button', { name: `Send test push to ${PHONE}` }).click();
    await until(() => expo.acceptedFor(TOKEN).length === 1, 'Expo to accept the test push');
    expect(expo.acceptedFor(TOKEN)[0]?.data).toMatchObject({ kind: 'test' });
    const row = page.getByRole('table', { name: 'Recent deliveries' }).getByRole('row').filter({ hasText: 'Test' });
    await row.getByText('Delivered', { exact: true }).waitFor();
    expect(await row.getByRole('cell').allInnerTexts()).toEqual([
      expect.any(String),
      'Test',
      ADA.name,
      PHONE,
      'Delivered',
      '1',
      '–',
    ]);
    // The outcome beside the button follows the same delivery.
    await page.getByRole('table', { name: 'Devices' }).getByRole('status').getByText('Delivered').waitFor();
    const { deliveries } = await phone.call('listPushDeliveries');
    expect(deliveries.map((d) => [d.kind, d.status])).toEqual([['test', 'delivered']]);
    await shot(page, 'push-test-delivered');
  });

  test('logs the push for a visitor message, with a link to the conversation', async () => {
    await phone.call('updateMe', { body: { availability: 'online' } });
    const { widgetKey } = await phone.call('getOrganization');
    const visitor = await server.client().call('createWidgetSession', { body: { widgetKey, name: 'Vera Visitor' } });
    const conversation = await server.client(visitor.sessionToken).call('startConversation', {
      body: {
        clientId: 'push-conv-0001',
        message: { clientId: 'push-msg-0001', body: 'Is the brass anchor in stock?' },
      },
    });
    await until(() => expo.acceptedFor(TOKEN).length === 2, 'Expo to accept the message push');
    expect(expo.acceptedFor(TOKEN)[1]).toMatchObject({
      title: 'Vera Visitor',
      body: 'Is the brass anchor in stock?',
      data: { kind: 'message', conversationId: conversation.id },
    });
    // Nothing reloads the page: the log refreshes itself.
    const row = page.getByRole('table', { name: 'Recent deliveries' }).getByRole('row').filter({ hasText: 'Message' });
    await row.getByText('Delivered', { exact: true }).waitFor();
    const rows = page.getByRole('table', { name: 'Recent deliveries' }).locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('Message');
    await shot(page, 'push-deliveries');
    await row.getByRole('link', { name: 'Open conversation' }).click();
    expect(new URL(page.url()).pathname).toBe(`/conversations/${conversation.id}`);
    await page.getByRole('listitem', { name: 'Message from Vera Visitor' }).waitFor();
  });
});

describe('a phone-sized window', () => {
  test('scrolls the tables sideways inside their cards, not the page (push, account, agents)', async () => {
    const c = await newContext(browser, server, { width: 390, height: 800 });
    const p = await c.context.newPage();
    await p.goto('/');
    await p.evaluate(
      (t) => localStorage.setItem('oceras.tokens', t!),
      await page.evaluate(() => localStorage.getItem('oceras.tokens')),
    );
    for (const [path, name] of [
      ['/admin/push', 'narrow-push'],
      ['/account', 'narrow-account'],
      ['/admin/agents', 'narrow-agents'],
    ] as const) {
      await p.goto(path);
      await p.getByRole('table').first().waitFor();
      expect(await p.evaluate(() => document.documentElement.scrollWidth), path).toBe(390);
      await shot(p, name);
    }
    expect(c.problems).toEqual([]);
    await c.context.close();
  });
});

describe('Your account → Notifications', () => {
  test('saves each switch, and shows what was saved', async () => {
    await page.getByRole('link', { name: /Ada Admin/ }).click();
    await page.getByRole('heading', { name: 'Notifications' }).waitFor();
    const unassigned = page.getByRole('switch', { name: 'Messages in unassigned conversations while online or away' });
    await until(() => unassigned.isEnabled(), 'the settings to load');
    expect(await unassigned.isChecked()).toBe(true);
    await unassigned.uncheck();
    await page.getByText('Saved.').waitFor();
    expect(await phone.call('getNotificationSettings')).toMatchObject({
      enabled: true,
      assigned: true,
      unassigned: false,
    });
    const assigned = page.getByRole('switch', { name: 'Messages in conversations assigned to me' });
    await assigned.uncheck();
    await until(async () => !(await phone.call('getNotificationSettings')).assigned, 'assigned off');
    await assigned.check();
    await until(async () => (await phone.call('getNotificationSettings')).assigned, 'assigned on again');

    // Turning pushes off leaves the other choices as they are, and greys them out.
    await page.getByRole('switch', { name: 'Push notifications on phones' }).uncheck();
    await until(async () => (await phone.call('getNotificationSettings')).enabled === false, 'pushes off');
    await page.getByText('Your phones get no pushes from Oceras.').waitFor();
    expect(await assigned.isDisabled()).toBe(true);

    // What the page shows after a reload is what was saved (once loaded: 'assigned' is on).
    await page.reload();
    await until(() => assigned.isChecked(), 'the saved settings');
    expect(await page.getByRole('switch', { name: 'Push notifications on phones' }).isChecked()).toBe(false);
    expect(await unassigned.isChecked()).toBe(false);
    expect(await phone.call('getNotificationSettings')).toMatchObject({
      enabled: false,
      assigned: true,
      unassigned: false,
    });
    await shot(page, 'account-notifications');
  });

  test('removes own phone', async () => {
    const row = page.getByRole('table', { name: 'Your phones' }).getByRole('row').filter({ hasText: PHONE });
    expect(await row.getByRole('cell').allInnerTexts()).toEqual([
      PHONE,
      '1.0.0',
      '…ce0001',
      expect.any(String),
      'Remove',
    ]);
    await page.getByRole('button', { name: `Remove ${PHONE}` }).click();
    await page.getByText('No phone gets your pushes yet.').waitFor();
    expect((await phone.call('listDevices')).devices).toEqual([]);
    expect((await phone.call('listOrganizationDevices')).devices).toEqual([]);
  });
});

describe('an agent without the admin role', () => {
  test('has notification settings but no push page', async () => {
    const invitation = await phone.call('createInvitation', { body: { email: 'bo@example.com', role: 'agent' } });
    const token = invitation.inviteUrl!.split('#token=')[1]!;
    await server.client().call('acceptInvitation', { body: { token, name: 'Bo Agent', password: 'bo password 123' } });
    const c = await newContext(browser, server);
    const bo = await c.context.newPage();
    await signIn(bo, { email: 'bo@example.com', password: 'bo password 123' });
    expect(await bo.getByRole('link', { name: 'Push notifications' }).count()).toBe(0);
    expect(await bo.getByRole('link', { name: 'Agents' }).count()).toBe(0);
    await bo.goto('/admin/push');
    await bo.getByRole('heading', { name: 'Not found' }).waitFor();
    expect(await bo.getByRole('heading', { name: 'Push notifications' }).count()).toBe(0);
    await bo.goto('/account');
    await bo.getByRole('switch', { name: 'Push notifications on phones' }).waitFor();
    await bo.getByText('No phone gets your pushes yet.').waitFor();
    expect(c.problems).toEqual([]);
    await c.context.close();
  });

  test('broke no CSP rule and raised no page error', () => {
    expect(problems).toEqual([]);
  });
});
