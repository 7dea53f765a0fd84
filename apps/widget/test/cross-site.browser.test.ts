/**
 * The widget as a third party (issue 12): a shop on shop.example embeds the chat served from chat.example-host.com
 * (both names mapped to loopback inside Chromium, the pages treated as secure origins as they are in production over
 * https). The loader keeps the visitor in the shop's first-party localStorage and hands it to the frame
 * (shared/frame-messages.ts), so a visitor keeps their conversation across reloads, tabs and days even where the
 * browser refuses the frame its own storage; and no cookie is set anywhere.
 *
 * The same journeys run in two profiles:
 * - `default`: a fresh profile with no preference. Chromium 156 (Debian, headless) then REFUSES the third-party
 *   frame's storage: localStorage and sessionStorage throw SecurityError, Web Locks are denied, IndexedDB fails;
 *   only BroadcastChannel works (partitioned by the top-level site). Found by running it, as the first test records.
 * - `third-party storage blocked`: the user turned third-party cookies off (profile preferences), so the frame's
 *   storage is refused whatever a later Chromium makes the default; the first test asserts it.
 */
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  installSnippet,
  launchBrowser,
  type Oceras,
  SHOTS,
  startAgent,
  startHostSite,
  startOceras,
  type ThirdPartyStorage,
} from './harness.js';

const SHOP = 'shop.example';
/** Another origin of the shop's site: its own localStorage, so its own visitor. */
const WWW = `www.${SHOP}`;
const CHAT = 'chat.example-host.com';

let oceras: Oceras;
let site: Awaited<ReturnType<typeof startHostSite>>;
let shopUrl: string;
let wwwUrl: string;
let chatUrl: string;
/** The widget key of the organization whose shop page is being served (one organization per mode). */
let currentKey = '';

beforeAll(async () => {
  oceras = await startOceras();
  chatUrl = `http://${CHAT}:${oceras.port}`;
  site = await startHostSite({
    '/': () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body style="font-family: sans-serif; background: #f4f1ea; padding: 24px"><h1>A shop on ${SHOP}</h1>
<p>It embeds the Oceras chat served from ${CHAT}.</p>${installSnippet(chatUrl, currentKey)}</body></html>`,
  });
  shopUrl = `http://${SHOP}:${new URL(site.origin).port}/`;
  wwwUrl = `http://${WWW}:${new URL(site.origin).port}/`;
});

afterAll(async () => {
  await site?.close();
  await oceras?.close();
});

const chat = (p: Page): FrameLocator => p.frameLocator('iframe[title="Chat"]');
const frameOf = (p: Page) => p.frames().find((f) => f.url().includes('/widget/frame.html'));

/** Every item the host page keeps in its localStorage (the whole of it: the shop stores nothing of its own). */
const hostItems = (p: Page) =>
  p.evaluate(() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k) ?? ''])));
const hostVisitorId = async (p: Page, key: string) => {
  const session = (await hostItems(p))[`oceras.${key}.session`];
  return session ? (JSON.parse(session) as { visitorId: string }).visitorId : null;
};

describe.each([
  { mode: 'default', storage: 'default' },
  { mode: 'third-party storage blocked', storage: 'blocked' },
] as { mode: string; storage: ThirdPartyStorage }[])('$mode', ({ mode, storage }) => {
  let agent: Awaited<ReturnType<typeof startAgent>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let context: BrowserContext;
  let page: Page;
  let key = '';
  let conversationId = '';
  let visitorId = '';
  const slug = storage;
  const setCookies: string[] = [];

  const launch = async () => {
    const port = new URL(site.origin).port;
    browser = await launchBrowser({
      thirdPartyStorage: storage,
      args: [
        `--host-resolver-rules=MAP ${SHOP} 127.0.0.1, MAP ${WWW} 127.0.0.1, MAP ${CHAT} 127.0.0.1`,
        `--unsafely-treat-insecure-origin-as-secure=http://${SHOP}:${port},http://${WWW}:${port},${chatUrl}`,
      ],
    });
    context = browser.context;
    context.on('response', (r) => {
      void r
        .headerValue('set-cookie')
        .then((v) => v && setCookies.push(`${r.url()}: ${v}`))
        .catch(() => {});
    });
    page = context.pages()[0] ?? (await context.newPage());
  };
  const visitorsInDatabase = async () => {
    const rows = await oceras.server.database.prepared<{ n: number }>(
      'cross_site_count_visitors',
      'select count(*)::int as n from visitors where organization_id = $1',
      [agent.org.organization.id],
    );
    return rows[0]!.n;
  };
  const conversationsSeenByAgent = async () =>
    (await agent.org.api.call('listConversations', {})).conversations.map((c) => ({ id: c.id, visitor: c.visitor.id }));

  beforeAll(async () => {
    agent = await startAgent(oceras);
    key = agent.org.organization.widgetKey;
    currentKey = key;
    await launch();
  });

  afterAll(async () => {
    await browser?.close();
    agent?.close();
  });

  it('embeds the chat from another site, whose own localStorage the browser refuses (blocked) or not', async ({
    annotate,
  }) => {
    await page.goto(shopUrl);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await chat(page).getByLabel('Message', { exact: true }).waitFor();
    const frame = frameOf(page)!;
    expect(new URL(frame.url()).host).toBe(`${CHAT}:${oceras.port}`);
    const frameStorage = await frame.evaluate(() => {
      try {
        return `ok (${localStorage.length})`;
      } catch (e) {
        return (e as Error).name;
      }
    });
    // The mode must be real where it is one; the default is whatever this Chromium does (SecurityError when written).
    await annotate(`the chat frame's localStorage: ${frameStorage}`);
    if (storage === 'blocked') expect(frameStorage).toBe('SecurityError');
  });

  it('1. keeps the visitor and the conversation across a reload', async () => {
    const frame = chat(page);
    const box = frame.getByLabel('Message', { exact: true });
    await box.fill(`Hello from the ${mode} profile`);
    await box.press('Enter');
    const m = await agent.waitForMessage((x) => x.body === `Hello from the ${mode} profile`);
    conversationId = m.conversationId;
    await agent.reply(conversationId, `Welcome, ${mode} visitor.`, `${slug}-answer-0001`);
    await frame.getByRole('log').getByText(`Welcome, ${mode} visitor.`).waitFor();
    visitorId = (await hostVisitorId(page, key))!;
    expect(visitorId).toBe(m.author.id);

    await page.reload();
    await page.getByRole('button', { name: 'Open chat' }).click();
    await frame.getByRole('button', { name: new RegExp(`Welcome, ${mode} visitor`) }).click();
    await frame.getByRole('log').getByText(`Hello from the ${mode} profile`).waitFor();
    await frame.getByRole('log').getByText(`Welcome, ${mode} visitor.`).waitFor();
    await page.screenshot({ path: `${SHOTS}cross-site-${slug}-reload.png` });
    expect(await hostVisitorId(page, key)).toBe(visitorId);
    expect(await conversationsSeenByAgent()).toEqual([{ id: conversationId, visitor: visitorId }]);
    expect(await visitorsInDatabase()).toBe(1);
  });

  it("2. shows the same conversation in a second tab, on the first tab's socket", async () => {
    const tab2 = await context.newPage();
    const tab2Sockets: string[] = [];
    tab2.on('request', (r) => {
      if (r.url().includes('/socket.io/')) tab2Sockets.push(r.url());
    });
    await tab2.goto(shopUrl);
    await tab2.getByRole('button', { name: 'Open chat' }).click();
    const frame2 = chat(tab2);
    await frame2.getByRole('button', { name: new RegExp(`Welcome, ${mode} visitor`) }).click();
    await frame2.getByRole('log').getByText(`Hello from the ${mode} profile`).waitFor();
    const box = frame2.getByLabel('Message', { exact: true });
    await box.fill('Written in the second tab');
    await box.press('Enter');
    await agent.waitForMessage((x) => x.body === 'Written in the second tab' && x.conversationId === conversationId);
    await chat(page).getByRole('log').getByText('Written in the second tab').waitFor();
    // One socket per browser: the second tab follows the first one's through the BroadcastChannel.
    expect(tab2Sockets).toEqual([]);
    await tab2.close();
    expect(await conversationsSeenByAgent()).toEqual([{ id: conversationId, visitor: visitorId }]);
    expect(await visitorsInDatabase()).toBe(1);
  });

  it('keeps a visitor on another origin of the same site apart: own storage, own socket, none of these events', async () => {
    const www = await context.newPage();
    const wwwSockets: string[] = [];
    www.on('request', (r) => {
      if (r.url().includes('/socket.io/')) wwwSockets.push(r.url());
    });
    await www.goto(wwwUrl);
    await www.getByRole('button', { name: 'Open chat' }).click();
    const box = chat(www).getByLabel('Message', { exact: true });
    await box.fill('Hello from www');
    await box.press('Enter');
    const m = await agent.waitForMessage((x) => x.body === 'Hello from www');
    expect(m.author.id).not.toBe(visitorId);
    expect(await hostVisitorId(www, key)).toBe(m.author.id);
    await expect.poll(() => wwwSockets.length).toBeGreaterThan(0);
    // Each tab hears its own visitor's answers only (an answer for the other counts as unread in the title).
    await agent.reply(conversationId, 'Only for the shop.example visitor.', `${slug}-answer-0003`);
    await chat(page).getByRole('log').getByText('Only for the shop.example visitor.').waitFor();
    await agent.reply(m.conversationId, 'Only for the www visitor.', `${slug}-answer-0004`);
    await chat(www).getByRole('log').getByText('Only for the www visitor.').waitFor();
    expect([await page.title(), await www.title()]).toEqual(['Shop', 'Shop']);
    await www.close();
  });

  it("3. reset() clears the host page's items, and the next message starts a new visitor", async () => {
    const left = await page.evaluate((k) => {
      (window as unknown as { Oceras: { reset(): void } }).Oceras.reset();
      return Object.keys(localStorage).filter((name) => name.includes(k));
    }, key);
    expect(left).toEqual([]);
    const frame = chat(page);
    const box = frame.getByLabel('Message', { exact: true });
    await box.fill('A new visitor writes');
    await box.press('Enter');
    const m = await agent.waitForMessage((x) => x.body === 'A new visitor writes');
    expect(m.conversationId).not.toBe(conversationId);
    expect(m.author.id).not.toBe(visitorId);
    await expect.poll(() => hostVisitorId(page, key)).toBe(m.author.id);
    conversationId = m.conversationId;
    visitorId = m.author.id!;
    await agent.reply(conversationId, 'Hello again, new visitor.', `${slug}-answer-0002`);
    await frame.getByRole('log').getByText('Hello again, new visitor.').waitFor();
    await frame.getByRole('button', { name: 'Back to conversations' }).click();
    await expect.poll(() => frame.getByRole('listitem').count()).toBe(1);
    expect(await frame.getByText(`Welcome, ${mode} visitor.`).count()).toBe(0);
    expect(await visitorsInDatabase()).toBe(3);
  });

  it('4. finds the conversation the next day, in a new browser context with the saved storage', async () => {
    const state = await context.storageState();
    await browser.close();
    await launch();
    await context.setStorageState(state);
    await page.goto(shopUrl);
    await page.getByRole('button', { name: 'Open chat' }).click();
    const frame = chat(page);
    await frame.getByRole('button', { name: /Hello again, new visitor/ }).click();
    await frame.getByRole('log').getByText('A new visitor writes').waitFor();
    await frame.getByRole('log').getByText('Hello again, new visitor.').waitFor();
    await page.screenshot({ path: `${SHOTS}cross-site-${slug}-next-day.png` });
    expect(await hostVisitorId(page, key)).toBe(visitorId);
    expect(await visitorsInDatabase()).toBe(3);
  });

  it('keeps only items under the widget key on the host page, and no agent data in them', async () => {
    const items = await hostItems(page);
    const names = Object.keys(items);
    expect(names).toContain(`oceras.${key}.session`);
    for (const name of names) expect(name === `oceras:${key}` || name.startsWith(`oceras.${key}.`), name).toBe(true);
    const text = JSON.stringify(items);
    for (const secret of [
      agent.org.accessToken,
      agent.org.refreshToken,
      agent.org.agent.email,
      agent.org.agent.name,
      agent.org.agent.id,
      'Hello again, new visitor.',
    ])
      expect(text).not.toContain(secret);
  });

  it('5. sets no cookie, anywhere', async () => {
    expect(await context.cookies()).toEqual([]);
    expect(await context.cookies([shopUrl, chatUrl])).toEqual([]);
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(await frameOf(page)!.evaluate(() => document.cookie)).toBe('');
    expect(setCookies).toEqual([]);
  });
});
