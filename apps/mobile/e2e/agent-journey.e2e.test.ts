/**
 * The mobile app's web build (expo export) in Chromium, against the real server and PostgreSQL: an agent signs in
 * with the server's address, sees a visitor's message arrive live, sees the visitor typing, replies (the visitor
 * receives it, and the reply makes the conversation the agent's), writes a reply while offline that is sent once
 * when the connection is back, assigns and resolves.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, startTestServer, type TestServer } from '../../server/test/helpers.js';
import { buildWebIfMissing, launch, screenshotPath, serveDist, until, visitor } from './harness';

let server: TestServer;
let web: Awaited<ReturnType<typeof serveDist>>;
let browser: Browser;
let page: Page;
let org: Awaited<ReturnType<typeof buildOrganization>>;
let vera: Awaited<ReturnType<typeof visitor>>;
let conversationId = '';
const problems: string[] = [];

const shot = (name: string) => page.screenshot({ path: screenshotPath(name) });
// On the web, screens under the top of the stack stay in the page: look inside the one on top.
const inbox = () => page.getByTestId('inbox-screen');
const thread = () => page.getByTestId('conversation-screen');

beforeAll(async () => {
  buildWebIfMissing();
  web = await serveDist();
  // The app is on its own origin, as the API sees a phone's web build: the server must allow it (CORS_ORIGINS).
  server = await startTestServer({ CORS_ORIGINS: web.origin });
  org = await buildOrganization(server);
  browser = await launch();
  const context = await browser.newContext({ baseURL: web.origin, viewport: { width: 390, height: 844 } });
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await shot(`failed-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  vera?.close();
  await browser?.close();
  await server?.close();
  await web?.close();
});

describe('mobile web: an agent works a conversation', () => {
  it('signs in with the server address, email and password', async () => {
    await page.goto('/');
    await page.getByLabel('Server address').fill(server.baseUrl);
    await page.getByLabel('Email').fill(org.agent.email);
    await page.getByLabel('Password').fill('wrong password!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong email or password.').waitFor();
    await page.getByLabel('Password').fill(org.password);
    await shot('01-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('tab', { name: /^Mine/ }).waitFor();
    // The refresh token is kept (web: localStorage behind the storage interface); the access token is not.
    const stored = await page.evaluate(() => localStorage.getItem('oceras.session'));
    expect(JSON.parse(stored ?? '{}')).toMatchObject({ serverUrl: server.baseUrl });
    expect(stored).not.toContain('accessToken');
    await page.getByText('Nothing assigned to you').waitFor();
  });

  it("shows a visitor's message live in Unassigned, with counts", async () => {
    await page.getByRole('tab', { name: /^Unassigned/ }).click();
    vera = await visitor(server, org.organization.widgetKey, { name: 'Vera Visitor', email: 'vera@example.com' });
    const started = await vera.start('Hi! My anchor order #4711 has not arrived yet.');
    conversationId = started.id;
    await page.getByRole('link', { name: /Conversation with Vera Visitor/ }).waitFor();
    await page.getByText('Hi! My anchor order #4711 has not arrived yet.').waitFor();
    await page.getByRole('tab', { name: 'Unassigned, 1' }).waitFor();
    await page.getByRole('tab', { name: 'All, 1' }).waitFor();
    await shot('02-inbox-live');
  });

  it('opens the thread, sees the visitor typing, replies; the visitor receives the reply and our typing', async () => {
    await inbox()
      .getByRole('link', { name: /Conversation with Vera Visitor/ })
      .click();
    await thread().getByText('Hi! My anchor order #4711 has not arrived yet.').waitFor();
    vera.typing(conversationId, true);
    await thread().getByText('Vera Visitor is typing…').waitFor();
    await shot('03a-visitor-typing');
    await vera.say(conversationId, 'It was due on Monday.');
    await thread().getByText('It was due on Monday.').waitFor();
    vera.typing(conversationId, false);

    await thread().getByLabel('Reply text').fill('Sorry about that, Vera! A new anchor ships today.');
    await until(
      () => vera.received.some((r) => r.event === 'typing.updated' && r.data.isTyping && r.data.actor.type === 'agent'),
      'the visitor to see the agent typing',
    );
    await thread().getByRole('button', { name: 'Send reply' }).click();
    await until(
      () =>
        vera.received.some(
          (r) => r.event === 'message.created' && r.data.body === 'Sorry about that, Vera! A new anchor ships today.',
        ),
      'the visitor to receive the reply',
    );
    await thread().getByText('Sorry about that, Vera! A new anchor ships today.').waitFor();
    // The first reply to an unassigned conversation made it ours (the organization's autoAssignOnReply): the
    // screen follows the server's conversation.updated and its system line.
    await thread()
      .getByText(/· yours/)
      .waitFor();
    await thread().getByText('You replied and took the conversation').waitFor();
    await shot('03-thread-reply');
  });

  it('keeps the thread on screen offline, queues a reply and sends it exactly once when back online', async () => {
    await page.context().setOffline(true);
    await thread()
      .getByText(/^Offline/)
      .waitFor();
    await thread().getByLabel('Reply text').fill('Written in a tunnel.');
    await thread().getByRole('button', { name: 'Send reply' }).click();
    await thread().getByText('Waiting for connection…').waitFor();
    await thread().getByText('It was due on Monday.').waitFor();
    await shot('04-offline-outbox');
    await page.context().setOffline(false);
    await until(
      () => vera.received.some((r) => r.event === 'message.created' && r.data.body === 'Written in a tunnel.'),
      'the queued reply to reach the visitor',
      20_000,
    );
    await thread().getByText('Waiting for connection…').waitFor({ state: 'detached' });
    const history = await vera.api.call('listVisitorMessages', { params: { id: conversationId } });
    expect(history.messages.filter((m) => m.body === 'Written in a tunnel.')).toHaveLength(1);
  });

  it('assigns to me and resolves', async () => {
    // A colleague's change arrives live: unassigned again, so it can be taken by hand.
    await org.api.call('updateConversation', { params: { id: conversationId }, body: { assigneeId: null } });
    await thread()
      .getByText(/· unassigned/)
      .waitFor();
    await thread().getByRole('button', { name: 'Assign to me' }).click();
    await thread()
      .getByText(/· yours/)
      .waitFor();
    // Back in the inbox, the conversation has moved from Unassigned to Mine.
    await page.goBack();
    await inbox().getByRole('tab', { name: 'Mine, 1' }).click();
    await inbox()
      .getByRole('link', { name: /Conversation with Vera Visitor/ })
      .waitFor();
    await inbox().getByRole('tab', { name: 'Unassigned, 0' }).waitFor();
    await shot('05a-inbox-mine');
    await inbox()
      .getByRole('link', { name: /Conversation with Vera Visitor/ })
      .click();
    await thread().getByRole('button', { name: 'Resolve' }).click();
    await thread().getByRole('button', { name: 'Reopen' }).waitFor();
    const conv = await org.api.call('getConversation', { params: { id: conversationId } });
    expect(conv).toMatchObject({ status: 'resolved', assigneeId: org.agent.id });
    await shot('05-resolved');
  });

  it('shows visitor details, settings and signs out', async () => {
    await page.getByRole('button', { name: 'Visitor details' }).click();
    await page.getByTestId('visitor-screen').getByText('vera@example.com').waitFor();
    await shot('06-visitor');
    await page.goto('/settings');
    await page.getByText(org.organization.name, { exact: false }).first().waitFor();
    await page.getByRole('tab', { name: 'Away' }).click();
    await until(
      async () => (await org.api.call('getMe')).agent.availability === 'away',
      'the availability to be saved',
    );
    await shot('07-settings');
    // Notification settings against the server's real push routes: a switch saved, and no phone on the web.
    await page.getByRole('link', { name: 'Push notifications' }).click();
    const unassigned = page.getByRole('switch', { name: 'Unassigned conversations' });
    await expect.poll(() => unassigned.isChecked()).toBe(true);
    await unassigned.click();
    await until(
      async () => (await org.api.call('getNotificationSettings')).unassigned === false,
      'the switch to be saved',
    );
    await page.getByText('No device receives your notifications.').waitFor();
    await page.getByRole('button', { name: 'Enable notifications on this device' }).click();
    await page.getByText('Push notifications need the iOS or Android app.').waitFor();
    await shot('08-notifications');
    await page.goBack();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('oceras.session'))).toBeNull();
    expect(problems).toEqual([]);
  });
});
