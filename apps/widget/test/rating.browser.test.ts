/**
 * The satisfaction survey in the widget (issue 18), in chromium on a customer page on another origin: the agent
 * resolves the conversation, the chat asks for a rating, the visitor gives four stars and a comment, and the agent's
 * conversation and the organization's report carry them; with three faces, a face is a score of 1, 3 or 5.
 */
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostilePage, launchBrowser, type Oceras, SHOTS, startAgent, startHostSite, startOceras } from './harness.js';

let oceras: Oceras;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let agent: Awaited<ReturnType<typeof startAgent>>;
let site: Awaited<ReturnType<typeof startHostSite>>;
let page: Page;
const chat = (p: Page): FrameLocator => p.frameLocator('iframe[title="Chat"]');
const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  oceras = await startOceras();
  agent = await startAgent(oceras);
  await agent.org.api.call('updateOrganization', {
    body: { widgetSettings: { teamName: 'Acme Support', preChatForm: 'off' } },
  });
  site = await startHostSite({ '/': () => hostilePage(oceras.url, agent.org.organization.widgetKey) });
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
});

afterAll(async () => {
  await browser?.close();
  agent?.close();
  await site?.close();
  await oceras?.close();
});

async function writeAndGetResolved(text: string) {
  const frame = chat(page);
  const box = frame.getByLabel('Message', { exact: true });
  await box.fill(text);
  await box.press('Enter');
  const m = await agent.waitForMessage((x) => x.body === text);
  await agent.org.api.call('updateConversation', { params: { id: m.conversationId }, body: { status: 'resolved' } });
  return m.conversationId;
}

describe('rating a resolved conversation', () => {
  it('asks once the agent resolves it; four stars and a comment reach the agent and the report', async () => {
    await page.goto(site.origin);
    await page.getByRole('button', { name: 'Open chat' }).click();
    const frame = chat(page);
    const id = await writeAndGetResolved('Where is my order 5512?');
    await frame.getByText('How was this conversation?').waitFor();
    expect(await frame.getByRole('button', { name: '4 out of 5' }).getAttribute('aria-pressed')).toBe('false');
    await frame.getByRole('button', { name: '4 out of 5' }).click();
    await frame.getByText('Thank you for your feedback!').waitFor();
    expect(await frame.getByRole('button', { name: '4 out of 5' }).getAttribute('aria-pressed')).toBe('true');
    await page.screenshot({ path: `${SHOTS}rating-stars.png` });
    await frame.getByPlaceholder('Anything to add? (optional)').fill('Fast answer, thanks');
    await frame.getByRole('button', { name: 'Send feedback' }).click();
    await frame.getByPlaceholder('Anything to add? (optional)').waitFor({ state: 'detached' });

    const seen = await agent.org.api.call('getConversation', { params: { id } });
    expect(seen.rating).toMatchObject({ score: 4, comment: 'Fast answer, thanks' });
    const report = await agent.org.api.call('reportSummary', {
      query: { from: today(), to: today(), timeZone: 'UTC' },
    });
    expect(report.satisfaction).toMatchObject({ count: 1, averageScore: 4, score: 100 });

    // A new message reopens the conversation: the survey goes away.
    const box = frame.getByLabel('Message', { exact: true });
    await box.fill('One more thing');
    await box.press('Enter');
    await frame.getByText('Thank you for your feedback!').waitFor({ state: 'detached' });
  });

  it('with three faces, "Great" is a 5', async () => {
    await agent.org.api.call('updateOrganization', { body: { widgetSettings: { satisfactionSurvey: 'faces' } } });
    await page.reload();
    await page.getByRole('button', { name: 'Open chat' }).click();
    const frame = chat(page);
    // Back with a conversation: the chat opens on the list; a new question is a new conversation.
    await frame.getByRole('button', { name: 'New conversation' }).click();
    const id = await writeAndGetResolved('Another question');
    await frame.getByRole('button', { name: 'Great' }).click();
    await frame.getByText('Thank you for your feedback!').waitFor();
    await page.screenshot({ path: `${SHOTS}rating-faces.png` });
    expect((await agent.org.api.call('getConversation', { params: { id } })).rating?.score).toBe(5);
  });

  it('asks nothing when the organization turned the survey off', async () => {
    await agent.org.api.call('updateOrganization', { body: { widgetSettings: { satisfactionSurvey: 'off' } } });
    await page.reload();
    await page.getByRole('button', { name: 'Open chat' }).click();
    const frame = chat(page);
    // Back with a conversation: the chat opens on the list; a new question is a new conversation.
    await frame.getByRole('button', { name: 'New conversation' }).click();
    const id = await writeAndGetResolved('A third question');
    // A reply sent after resolving arrives after the resolution: once it shows, the chat knows, and asks nothing.
    await agent.reply(id, 'Closing this one, have a good day', 'closing-reply');
    await frame.locator('.bubble', { hasText: 'Closing this one, have a good day' }).waitFor();
    expect(await frame.getByText('How was this conversation?').count()).toBe(0);
  });
});
