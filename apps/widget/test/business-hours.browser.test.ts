/**
 * Business hours in the widget (issue 18), in chromium on a customer page on another origin, with the server's and
 * the browser's clocks set: on a Saturday the header says when the team is back ("Monday at 9:00", in the visitor's
 * own time zone) and the first message gets the out-of-hours reply; on Monday at 10:00 with an agent online it says
 * "We reply in a few minutes" and a new conversation gets the greeting.
 */
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostilePage, launchBrowser, type Oceras, SHOTS, startAgent, startHostSite, startOceras } from './harness.js';

let now = new Date('2026-12-05T12:00:00Z'); // Saturday 13:00 in Paris.
let oceras: Oceras;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let agent: Awaited<ReturnType<typeof startAgent>>;
let site: Awaited<ReturnType<typeof startHostSite>>;
let page: Page;
const chat = (p: Page): FrameLocator => p.frameLocator('iframe[title="Chat"]');

beforeAll(async () => {
  oceras = await startOceras({ clock: () => now });
  agent = await startAgent(oceras);
  await agent.org.api.call('updateOrganization', {
    body: {
      widgetSettings: { teamName: 'Acme Support', preChatForm: 'off' },
      timeZone: 'Europe/Paris',
      businessHours: {
        enabled: true,
        weekly: ([1, 2, 3, 4, 5] as const).map((day) => ({ day, from: '09:00', to: '17:30' })),
        holidays: ['2026-12-25'],
      },
      autoReplies: {
        greeting: { enabled: true, text: { en: 'Hi! Welcome to Acme.' } },
        outOfHours: { enabled: true, text: { en: 'We are closed for the weekend.' } },
      },
    },
  });
  site = await startHostSite({ '/': () => hostilePage(oceras.url, agent.org.organization.widgetKey) });
  browser = await launchBrowser({ timezoneId: 'Europe/Paris' });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
});

afterAll(async () => {
  await browser?.close();
  agent?.close();
  await site?.close();
  await oceras?.close();
});

async function write(text: string) {
  const box = chat(page).getByLabel('Message', { exact: true });
  await box.fill(text);
  await box.press('Enter');
}

describe('the widget and business hours', () => {
  it('out of hours: "back on Monday at 9:00" and the out-of-hours reply', async () => {
    await browser.context.clock.setFixedTime(now);
    await page.goto(site.origin);
    await page.getByRole('button', { name: 'Open chat' }).click();
    const frame = chat(page);
    await expect.poll(() => frame.locator('.presence').textContent()).toMatch(/^We are back on Monday at 9:00/);
    await write('Is anyone there?');
    // In the thread as the team's message (and read out by the live region, the second place it appears).
    await frame.locator('.message.theirs').filter({ hasText: 'We are closed for the weekend.' }).waitFor();
    await page.screenshot({ path: `${SHOTS}business-hours-closed.png` });
    const m = await agent.waitForMessage((x) => x.body === 'We are closed for the weekend.');
    expect(m.author).toMatchObject({ type: 'system', name: agent.org.organization.name });
  });

  it('in hours with an agent online: "reply in a few minutes" and the greeting', async () => {
    now = new Date('2026-12-07T09:00:00Z'); // Monday 10:00 in Paris.
    await agent.org.api.call('updateMe', { body: { availability: 'online' } });
    // Another visitor, in a browser of their own on Monday morning.
    await browser.close();
    browser = await launchBrowser({ timezoneId: 'Europe/Paris' });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await browser.context.clock.setFixedTime(now);
    await page.goto(site.origin);
    await page.getByRole('button', { name: 'Open chat' }).click();
    const frame = chat(page);
    await expect.poll(() => frame.locator('.presence').textContent()).toBe('We reply in a few minutes');
    await write('Good morning');
    // The greeting reads as the team's, under the widget's team name, beside the visitor's own message.
    const greeting = frame.locator('.message.theirs').filter({ hasText: 'Hi! Welcome to Acme.' });
    await greeting.waitFor();
    expect(await greeting.locator('.author').textContent()).toBe('Acme Support');
    await page.screenshot({ path: `${SHOTS}business-hours-open.png` });
  });
});
