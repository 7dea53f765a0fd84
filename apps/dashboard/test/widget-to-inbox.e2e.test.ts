/**
 * The whole path, end to end, with both real apps in Chromium against the real server and PostgreSQL: an admin
 * sets up the widget in the dashboard and takes the install snippet; a visitor on a customer's page (another site)
 * writes through the real widget; the inbox shows it live; the admin writes an internal note, then a reply; the
 * visitor sees the reply in the widget, and the note never reaches the visitor's browser, neither on screen nor on
 * the wire nor in the widget's REST history.
 */
import type { FrameLocator } from 'playwright-core';
import { afterAll, afterEach, describe, expect } from 'vitest';
import buildWidgetIfMissing from '../../widget/test/global-setup';
import { launchBrowser, startHostSite } from '../../widget/test/harness';
import { newContext, type Page, shot, signUp, type TestServer, test, watch } from './e2e';

const MESSAGE = 'Hi! My anchor order #4711 has not arrived yet.';
const NOTE = 'Internal: carrier lost parcel 4711, refund approved by Sam';
const REPLY = 'Sorry about that, Vera! A new anchor ships today.';

let server: TestServer;
let admin: Page;
let adminProblems: string[];
let visitorBrowser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let visitor: Page;
const visitorProblems: string[] = [];
let site: Awaited<ReturnType<typeof startHostSite>> | undefined;
let chat: FrameLocator;
let snippet = '';
let conversationId = '';
let sessionToken = '';
/** Everything the server sent to the visitor's browser: socket.io (websocket frames, polling) and widget API answers. */
const wire: { via: 'socket' | 'api'; text: string }[] = [];
/** The widget's REST calls the server refused. */
const refused: string[] = [];

// The dashboard's global setup builds the dashboard; the widget is built by `npm run build` (or here, once), before
// the server starts (it serves what it finds then).
buildWidgetIfMissing();

test.beforeAll(async ({ server: s, browser }) => {
  server = s;
  // The admin uses the dashboard as `localhost`, so the snippet points there and the customer's page on 127.0.0.1
  // is another site, as a real customer's shop is.
  const dashboard = await newContext(browser, { ...server, baseUrl: server.baseUrl.replace('127.0.0.1', 'localhost') });
  adminProblems = dashboard.problems;
  admin = await dashboard.context.newPage();
  // The visitor's everyday browser: its own profile (third-party storage allowed, as by default on desktop).
  visitorBrowser = await launchBrowser();
  visitorBrowser.context.setDefaultTimeout(10_000);
  visitor = visitorBrowser.context.pages()[0] ?? (await visitorBrowser.context.newPage());
  watch(visitor, visitorProblems);
  visitor.on('websocket', (ws) => ws.on('framereceived', (f) => wire.push({ via: 'socket', text: String(f.payload) })));
  visitor.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    const via = path.startsWith('/socket.io/') ? 'socket' : path.startsWith('/api/v1/widget/') ? 'api' : null;
    if (!via) return;
    if (via === 'api' && r.status() >= 400) refused.push(`${r.status()} ${r.request().method()} ${path}`);
    r.text()
      .then((text) => {
        wire.push({ via, text });
        // The widget's own session, to read its REST history later as the widget would.
        if (path === '/api/v1/widget/sessions' && r.ok()) sessionToken = JSON.parse(text).sessionToken;
      })
      .catch(() => {});
  });
});

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') {
    const name = task.name.slice(0, 24).replace(/\W+/g, '-');
    await shot(admin, `failed-w2i-admin-${name}`).catch(() => {});
    await shot(visitor, `failed-w2i-visitor-${name}`).catch(() => {});
  }
});

afterAll(async () => {
  await visitorBrowser?.close();
  await site?.close();
});

describe('a visitor writes through the real widget, an agent answers from the inbox', () => {
  test('the admin signs up, turns the pre-chat form on and takes the install snippet', async () => {
    await signUp(admin, { org: 'Harbor Supplies', name: 'Ada Admin' });
    await admin.getByRole('link', { name: 'Widget' }).click();
    await admin.getByLabel('Team name').fill('Harbor Support');
    await admin.getByLabel('Pre-chat form').selectOption('required');
    await admin.getByRole('button', { name: 'Save widget settings' }).click();
    await admin.getByText('Saved.').waitFor();
    snippet = (await admin.getByText(/<script src=.*widget\.js/).textContent()) ?? '';
    expect(snippet).toMatch(
      /^<script src="http:\/\/localhost:\d+\/widget\.js" data-oceras-key="wk_[^"]+" async><\/script>$/,
    );
  });

  test('the admin waits in the Unassigned inbox; the snippet goes on a shop on another site', async () => {
    await admin.getByRole('link', { name: /^Unassigned/ }).click();
    await admin.getByRole('heading', { name: 'Unassigned' }).waitFor();
    await admin.getByText('Nothing here. Enjoy the calm.').waitFor();
    // Gone if the page reloads: proves the conversation arrives live.
    await admin.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    site = await startHostSite({
      '/': () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbor Supplies</title></head>
<body><h1>Harbor Supplies</h1><p>Anchors, ropes and friendly people.</p>
${snippet}
</body></html>`,
    });
    expect(new URL(site.origin).hostname).toBe('127.0.0.1');
  });

  test('the visitor opens the widget, passes the pre-chat form and writes', async () => {
    await visitor.goto(site!.origin);
    await visitor.getByRole('heading', { name: 'Harbor Supplies' }).waitFor();
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    chat = visitor.getByTitle('Chat').contentFrame();
    await chat.getByRole('dialog', { name: 'Harbor Support' }).waitFor({ timeout: 15_000 });
    await chat.getByRole('heading', { name: 'Before we start' }).waitFor();
    await chat.getByLabel('Name').fill('Vera Visitor');
    await chat.getByLabel('Email').fill('vera@example.com');
    await chat.getByRole('button', { name: 'Start chatting' }).click();
    const box = chat.getByLabel('Message', { exact: true });
    await box.pressSequentially(MESSAGE);
    await chat.getByRole('button', { name: 'Send', exact: true }).click();
    await chat.getByRole('log').getByText(MESSAGE).waitFor();
    expect(await box.inputValue()).toBe('');
  });

  test('the inbox shows the new conversation live, unread, without a reload', async () => {
    const list = admin.getByRole('region', { name: 'Conversations' });
    const row = list.getByRole('link', { name: /Vera Visitor/ });
    await row.waitFor({ timeout: 15_000 });
    await row.getByText(MESSAGE).waitFor();
    await row.getByRole('status', { name: '1 unread' }).waitFor();
    await admin.getByRole('link', { name: /^Unassigned\s*1/ }).waitFor();
    expect(await admin.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  test('the admin opens it, sees the message, writes an internal note, then a reply', async () => {
    await admin
      .getByRole('region', { name: 'Conversations' })
      .getByRole('link', { name: /Vera Visitor/ })
      .click();
    await admin.waitForURL(/\/conversations\/[0-9a-f-]{36}$/);
    conversationId = new URL(admin.url()).pathname.split('/').at(-1)!;
    const thread = admin.getByRole('list', { name: 'Messages' });
    await thread.getByRole('listitem', { name: 'Message from Vera Visitor' }).getByText(MESSAGE).waitFor();

    await admin.getByRole('tab', { name: 'Internal note' }).click();
    await admin.getByRole('textbox', { name: 'Internal note' }).fill(NOTE);
    await admin.getByRole('button', { name: 'Add note' }).click();
    await thread.getByRole('listitem', { name: 'Internal note by Ada Admin' }).getByText(NOTE).waitFor();

    await admin.getByRole('tab', { name: 'Reply' }).click();
    await admin.getByRole('textbox', { name: 'Reply' }).fill(REPLY);
    await admin.getByRole('button', { name: 'Send', exact: true }).click();
    await thread.getByRole('listitem', { name: 'Reply from Ada Admin' }).getByText(REPLY).waitFor();
    // The outbox lets go of the reply once the server's answer arrives, a render after the thread shows it.
    await expect.poll(() => admin.getByRole('list', { name: 'Unsent messages' }).count()).toBe(0);
  });

  test('the visitor sees the reply in the widget, and never the note', async () => {
    const log = chat.getByRole('log');
    await log.getByText(REPLY).waitFor({ timeout: 15_000 });
    await log.getByText('Ada Admin').waitFor();
    // The note was stored before the reply, and the visitor's events arrive in order: had it leaked, it would
    // be in the frame by now (textContent: hidden text too, such as the screen-reader announcements).
    expect(await chat.getByText(NOTE).count()).toBe(0);
    const shown = (await chat.locator('body').textContent()) ?? '';
    expect(shown).toContain(MESSAGE);
    expect(shown).toContain(REPLY);
    expect(shown).not.toContain('carrier lost parcel');

    // Nor on the wire: the reply came over the visitor's socket (so the capture sees that channel), the note never
    // came over anything.
    await expect
      .poll(() => wire.some((w) => w.via === 'socket' && w.text.includes(REPLY)), { timeout: 10_000 })
      .toBe(true);
    expect(wire.filter((w) => w.text.includes('carrier lost parcel'))).toEqual([]);

    // Nor in the widget's REST history, asked with the widget's own session.
    expect(sessionToken).toMatch(/\S/);
    const api = server.client(sessionToken);
    const history = await api.call('listVisitorMessages', { params: { id: conversationId } });
    expect(history.messages.map((m) => m.body)).toEqual([MESSAGE, REPLY]);
    expect(JSON.stringify(history)).not.toContain('carrier lost parcel');
    const conversations = await api.call('listVisitorConversations');
    expect(conversations.conversations.map((c) => c.id)).toEqual([conversationId]);
    expect(JSON.stringify(conversations)).not.toContain('carrier lost parcel');

    await shot(admin, 'widget-to-inbox-admin');
    await shot(visitor, 'widget-to-inbox-visitor');
  });

  test('breaks no CSP rule, throws no page error, and the widget makes no call the server refuses', () => {
    expect(adminProblems).toEqual([]);
    expect(visitorProblems).toEqual([]);
    expect(refused).toEqual([]);
  });
});
