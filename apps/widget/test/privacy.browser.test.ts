/**
 * "Your data" in the widget (issue 15), in chromium on a customer page on another origin: the visitor downloads
 * their conversations (a JSON file with their message) and deletes them behind a confirmation; the chat starts over
 * as a new visitor, and the old session's token is refused by the API. The panel is a chunk of its own, fetched on
 * the first click.
 */
import { readFileSync } from 'node:fs';
import type { Download, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostilePage, launchBrowser, type Oceras, SHOTS, startAgent, startHostSite, startOceras } from './harness.js';

let oceras: Oceras;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let agent: Awaited<ReturnType<typeof startAgent>>;
let site: Awaited<ReturnType<typeof startHostSite>>;
let page: Page;
let key = '';
const cspViolations: string[] = [];
const requested: string[] = [];
const chat = (p: Page): FrameLocator => p.frameLocator('iframe[title="Chat"]');

/** The visitor's stored session, wherever the widget keeps it (the frame's storage, or the host page's). */
async function storedSession(p: Page): Promise<{ visitorId: string; sessionToken: string } | null> {
  const name = `oceras.${key}.session`;
  const read = (k: string) => localStorage.getItem(k);
  const frame = p.frames().find((f) => f.url().includes('/widget/frame.html'));
  for (const where of [frame, p.mainFrame()]) {
    const raw = await where?.evaluate(read, name).catch(() => null);
    if (raw) return JSON.parse(raw);
  }
  return null;
}

beforeAll(async () => {
  oceras = await startOceras();
  agent = await startAgent(oceras);
  await agent.org.api.call('updateOrganization', {
    body: { widgetSettings: { teamName: 'Acme Support', preChatForm: 'off' } },
  });
  key = agent.org.organization.widgetKey;
  site = await startHostSite({ '/': () => hostilePage(oceras.url, key) });
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
  });
  page.on('request', (r) => requested.push(r.url()));
});

afterAll(async () => {
  await browser?.close();
  agent?.close();
  await site?.close();
  await oceras?.close();
});

describe('a visitor and their data', () => {
  let before: { visitorId: string; sessionToken: string } | null = null;

  it('writes a message, then opens "Your data", which loads on demand', async () => {
    await page.goto(site.origin);
    await page.getByRole('button', { name: 'Open chat' }).click();
    const frame = chat(page);
    const box = frame.getByLabel('Message', { exact: true });
    await box.fill('Parcel 7781 is late, please help');
    await box.press('Enter');
    await agent.waitForMessage((m) => m.body === 'Parcel 7781 is late, please help');
    before = await storedSession(page);
    expect(before?.visitorId).toBeTruthy();
    // The panel's code is not part of the chat's first load.
    expect(requested.some((u) => /\/widget\/assets\/privacy-/.test(u))).toBe(false);
    const button = frame.getByRole('button', { name: 'Your data' });
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    await button.click();
    await frame.getByRole('heading', { name: 'Your data' }).waitFor();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    expect(requested.some((u) => /\/widget\/assets\/privacy-/.test(u))).toBe(true);
    await page.screenshot({ path: `${SHOTS}privacy-panel.png` });
    // Escape leaves the panel (not the chat), and the focus is back on the button.
    await frame.getByRole('heading', { name: 'Your data' }).press('Escape');
    await frame.getByLabel('Message', { exact: true }).waitFor();
    await expect
      .poll(() =>
        page
          .frames()
          .find((f) => f.url().includes('/widget/frame.html'))
          ?.evaluate(() => document.activeElement?.getAttribute('aria-label')),
      )
      .toBe('Your data');
    expect(await page.getByRole('button', { name: 'Open chat' }).count()).toBe(0);
  });

  it('downloads their conversations: a JSON file with their message', async () => {
    const frame = chat(page);
    await frame.getByRole('button', { name: 'Your data' }).click();
    const [file] = await Promise.all([
      page.waitForEvent('download') as Promise<Download>,
      frame.getByRole('button', { name: 'Download my conversations' }).click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/\.json$/);
    const json = JSON.parse(readFileSync(await file.path(), 'utf8'));
    expect(json.format).toBe('oceras.visitor-export');
    expect(json.visitor.id).toBe(before?.visitorId);
    expect(JSON.stringify(json.conversations)).toContain('Parcel 7781 is late, please help');
    await frame
      .getByRole('status')
      .filter({ hasText: `Downloaded ${file.suggestedFilename()}.` })
      .waitFor();
    await page.screenshot({ path: `${SHOTS}privacy-downloaded.png` });
  });

  it('deletes them behind a confirmation: a new visitor, and the old token is refused', async () => {
    const frame = chat(page);
    await frame.getByRole('button', { name: 'Delete my conversations' }).click();
    await frame.getByRole('heading', { name: 'Delete your conversations?' }).waitFor();
    await page.screenshot({ path: `${SHOTS}privacy-confirm-delete.png` });
    await frame.getByRole('button', { name: 'Delete everything' }).click();
    await frame.getByRole('heading', { name: 'Your conversations were deleted' }).waitFor();
    await page.screenshot({ path: `${SHOTS}privacy-deleted.png` });
    // A new visitor here; the old session's token no longer opens anything.
    await expect
      .poll(async () => (await storedSession(page))?.visitorId ?? before?.visitorId)
      .not.toBe(before?.visitorId);
    const old = oceras.server.client(before!.sessionToken);
    const status = await old.call('listVisitorConversations').then(
      () => 200,
      (e: { status: number }) => e.status,
    );
    expect(status).toBe(401);
    // The agent side keeps an empty shell, without the message.
    const { conversations } = await agent.org.api.call('listConversations', { query: { view: 'all' } });
    expect(JSON.stringify(conversations)).not.toContain('Parcel 7781');
    // Back in the chat: a fresh start, with nothing of before.
    await frame.getByRole('button', { name: 'Back to the chat' }).click();
    await frame.getByLabel('Message', { exact: true }).waitFor();
    expect(await frame.getByText('Parcel 7781 is late, please help').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}privacy-fresh-start.png` });
  });

  it('no CSP violation, and nothing asked of another origin than the page and Oceras', () => {
    expect(cspViolations).toEqual([]);
    const origins = new Set(requested.map((u) => new URL(u).origin));
    origins.delete(site.origin);
    origins.delete(oceras.url);
    expect([...origins].filter((o) => !o.startsWith('blob:') && o !== 'null')).toEqual([]);
  });
});
