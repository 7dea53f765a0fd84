/**
 * Verified identity and the widget API additions (issue 19), in Chromium, with the customer's page on another origin
 * (127.0.0.1) than Oceras (localhost). A signed-in user writes in one browser; a second, fresh browser (another
 * profile: nothing shared) identifies with the same signed id and sees that conversation, its messages and the agent's
 * live reply. Then, in that browser: Oceras.on's `message:received` and `conversation:started`, setLocale, update and
 * showNewConversation. One browser at a time.
 */
import { createHmac } from 'node:crypto';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  installSnippet,
  launchBrowser,
  type Oceras,
  SHOTS,
  startAgent,
  startHostSite,
  startOceras,
} from './harness.js';

let oceras: Oceras;
let site: Awaited<ReturnType<typeof startHostSite>>;
let agent: Awaited<ReturnType<typeof startAgent>>;
let secret = '';
/** Who the shop's page says is signed in: what its backend would render into the page. */
const signedIn = { userId: 'customer-4711', name: 'Grace Hopper', email: 'grace@example.com' };

beforeAll(async () => {
  oceras = await startOceras();
  agent = await startAgent(oceras);
  secret = (await agent.org.api.call('createIdentitySecret')).identitySecret;
  const key = agent.org.organization.widgetKey;
  site = await startHostSite({
    '/': () => {
      const userHash = createHmac('sha256', secret).update(signedIn.userId).digest('hex');
      const who = JSON.stringify({ ...signedIn, userHash });
      return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>Signed in as ${signedIn.name}</h1>${installSnippet(oceras.url, key)}
<script>
  window.__events = [];
  Oceras.on('message:received', function (m) { window.__events.push(['message:received', m]); });
  Oceras.on('conversation:started', function (c) { window.__events.push(['conversation:started', c]); });
  Oceras.identify(${who});
</script></body></html>`;
    },
    '/signed-out': () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>Not signed in</h1>${installSnippet(oceras.url, key)}</body></html>`,
  });
});

afterAll(async () => {
  agent?.close();
  await site?.close();
  await oceras?.close();
});

const chat = (p: Page): FrameLocator => p.frameLocator('iframe[title="Chat"]');
const events = (p: Page) => p.evaluate(() => (window as unknown as { __events: [string, unknown][] }).__events);

describe('a verified user on two browsers', () => {
  let conversationId = '';

  it('writes from the first browser', async () => {
    const browser = await launchBrowser();
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      await page.goto(`${site.origin}/`);
      await page.getByRole('button', { name: 'Open chat' }).click();
      const box = chat(page).getByLabel('Message', { exact: true });
      await box.fill('Written on my laptop');
      await box.press('Enter');
      const m = await agent.waitForMessage((x) => x.body === 'Written on my laptop');
      conversationId = m.conversationId;
      await agent.reply(conversationId, 'Hello Grace, seen on any device.', 'identity-answer-0001');
      await chat(page).getByRole('log').getByText('Hello Grace, seen on any device.').waitFor();
      await expect.poll(async () => (await events(page)).map((e) => e[0])).toContain('message:received');
      expect((await events(page)).find((e) => e[0] === 'conversation:started')?.[1]).toEqual({ conversationId });
      const visitor = await agent.org.api.call('getVisitor', { params: { id: m.author.id! } });
      expect(visitor).toMatchObject({ userId: signedIn.userId, name: signedIn.name, email: signedIn.email });
    } finally {
      await browser.close();
    }
  });

  it('sees that conversation, its messages and live replies in a second, fresh browser', async () => {
    const browser = await launchBrowser({ locale: 'de-DE' });
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      await page.goto(`${site.origin}/`);
      // Chosen by the page over the browser's German.
      await page.waitForFunction(() => (window as unknown as { Oceras: { isLoaded?: true } }).Oceras.isLoaded);
      await page.evaluate(() =>
        (window as unknown as { Oceras: { setLocale(l: string): void } }).Oceras.setLocale('fr'),
      );
      await page.getByRole('button', { name: /chat/i }).click();
      const frame = chat(page);
      await frame.getByRole('button', { name: /Hello Grace, seen on any device/ }).click();
      await frame.getByRole('log').getByText('Written on my laptop').waitFor();
      await frame.getByRole('log').getByText('Hello Grace, seen on any device.').waitFor();
      await expect(frame.getByLabel('Message', { exact: true }).getAttribute('placeholder')).resolves.toBe(
        'Écrivez un message…',
      );
      await agent.reply(conversationId, 'A live answer for the second browser.', 'identity-answer-0002');
      await frame.getByRole('log').getByText('A live answer for the second browser.').waitFor();
      await expect
        .poll(async () => (await events(page)).filter((e) => e[0] === 'message:received').map((e) => e[1]))
        .toContainEqual(expect.objectContaining({ conversationId, body: 'A live answer for the second browser.' }));
      await page.screenshot({ path: `${SHOTS}identity-second-browser.png` });

      // Oceras.update(): custom attributes on the visitor, as agents see them.
      await page.evaluate(() =>
        (window as unknown as { Oceras: { update(a: object): void } }).Oceras.update({ plan: 'pro', seats: 3 }),
      );
      const visitorId = (await agent.org.api.call('getConversation', { params: { id: conversationId } })).visitor.id;
      await expect
        .poll(async () => (await agent.org.api.call('getVisitor', { params: { id: visitorId } })).customAttributes)
        .toEqual({ plan: 'pro', seats: 3 });

      // Oceras.showNewConversation(prefill): a new conversation, its composer holding the text; sending starts it.
      await page.evaluate(() =>
        (window as unknown as { Oceras: { showNewConversation(p: string): void } }).Oceras.showNewConversation(
          'About my invoice',
        ),
      );
      const box = frame.getByLabel('Message', { exact: true });
      await expect.poll(() => box.inputValue()).toBe('About my invoice');
      await box.press('Enter');
      const started = await agent.waitForMessage((x) => x.body === 'About my invoice');
      expect(started.conversationId).not.toBe(conversationId);
      await expect
        .poll(async () => (await events(page)).filter((e) => e[0] === 'conversation:started').map((e) => e[1]))
        .toContainEqual({ conversationId: started.conversationId });
      // Still one visitor for both browsers.
      expect(started.author.id).toBe(visitorId);
    } finally {
      await browser.close();
    }
  });
});

describe('an anonymous visitor who signs in on the page', () => {
  it("keeps the conversation, now the user's, beside the user's earlier ones (merged, audited)", async () => {
    const browser = await launchBrowser();
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      await page.goto(`${site.origin}/signed-out`);
      await page.getByRole('button', { name: 'Open chat' }).click();
      const frame = chat(page);
      const box = frame.getByLabel('Message', { exact: true });
      await box.fill('Asked before signing in');
      await box.press('Enter');
      const anonymous = await agent.waitForMessage((x) => x.body === 'Asked before signing in');
      const userHash = createHmac('sha256', secret).update(signedIn.userId).digest('hex');
      await page.evaluate(
        (who) => (window as unknown as { Oceras: { identify(w: object): void } }).Oceras.identify(who),
        { userId: signedIn.userId, userHash },
      );
      await expect
        .poll(
          async () =>
            (await agent.org.api.call('getConversation', { params: { id: anonymous.conversationId } })).visitor.id,
        )
        .not.toBe(anonymous.author.id);
      const owner = (await agent.org.api.call('getConversation', { params: { id: anonymous.conversationId } })).visitor;
      expect((await agent.org.api.call('getVisitor', { params: { id: owner.id } })).userId).toBe(signedIn.userId);
      // The chat started again as the user (on its list of conversations): the ones from the other browsers too.
      await frame.getByRole('button', { name: /About my invoice/ }).waitFor();
      await frame.getByRole('button', { name: /Asked before signing in/ }).click();
      await frame.getByRole('log').getByText('Asked before signing in').waitFor();
      const { entries } = await agent.org.api.call('listAuditLog', { query: { targetId: owner.id } });
      expect(entries.map((e) => e.action)).toContain('visitor.merged');
    } finally {
      await browser.close();
    }
  });
});

describe('an organization that requires verified identity', () => {
  it('shows an anonymous visitor a sign-in state and creates no visitor; a signed-in one still chats', async () => {
    await agent.org.api.call('updateOrganization', { body: { requireVerifiedIdentity: true } });
    const count = async () =>
      (
        await oceras.server.database.prepared<{ n: number }>(
          'identity_count_visitors',
          'select count(*)::int as n from visitors where organization_id = $1',
          [agent.org.organization.id],
        )
      )[0]!.n;
    const before = await count();
    const browser = await launchBrowser();
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      await page.goto(`${site.origin}/signed-out`);
      await page.getByRole('button', { name: 'Open chat' }).click();
      await chat(page).getByText('Please sign in to chat with us.').waitFor();
      await expect(chat(page).getByLabel('Message', { exact: true }).count()).resolves.toBe(0);
      expect(await count()).toBe(before);
      await page.goto(`${site.origin}/`);
      await page.getByRole('button', { name: 'Open chat' }).click();
      await chat(page)
        .getByRole('button', { name: /About my invoice/ })
        .waitFor();
      expect(await count()).toBe(before);
    } finally {
      await browser.close();
    }
  });
});
