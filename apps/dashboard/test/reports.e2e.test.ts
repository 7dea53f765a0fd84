/**
 * The Reports page (issue 18): an admin's organization gets conversations, answers, resolutions and ratings through
 * the API; the page shows the figures, the ratings chart and its table, the busiest hours, agents and tags, and
 * downloads each as CSV. The page's code loads on its first visit, not with the inbox. An agent sees no Reports.
 */
import { readFileSync } from 'node:fs';
import type { Download } from 'playwright-core';
import { describe, expect } from 'vitest';
import { buildAgent } from '../../server/test/helpers.js';
import { accessTokenOf, type Page, shot, type TestServer, test, until, visitor, widgetKeyOf } from './e2e';

let server: TestServer;
let page: Page;
let problems: string[];
let key = '';

test.beforeAll(async ({ server: s, signedIn }) => {
  server = s;
  ({ page, problems } = signedIn);
  key = await widgetKeyOf(page);
});

describe('reports', () => {
  test('shows the period’s figures, a chart with its table, and CSV files of the same numbers', async () => {
    const admin = server.client(await accessTokenOf(page));
    const team = await admin.call('createTeam', { body: { name: 'Billing desk', agentIds: [] } });
    for (const [i, score] of [5, 4, 2].entries()) {
      const v = await visitor(server, key, { name: `Reporter ${i}` });
      const conv = await v.start(`Question ${i}`);
      await admin.call('updateConversation', { params: { id: conv.id }, body: { tags: ['billing'], teamId: team.id } });
      await admin.call('sendMessage', {
        params: { id: conv.id },
        body: { clientId: `report-reply-${i}`, body: 'Answered' },
      });
      await admin.call('updateConversation', { params: { id: conv.id }, body: { status: 'resolved' } });
      await v.api.call('rateConversation', { params: { id: conv.id }, body: { score } });
      v.close();
    }
    const unanswered = await visitor(server, key, { name: 'Still waiting' });
    await unanswered.start('Hello?');
    unanswered.close();

    const loaded: string[] = [];
    page.on('request', (r) => loaded.push(r.url()));
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports' }).waitFor();
    expect(loaded.some((u) => /\/assets\/reports-page-/.test(u))).toBe(true);

    const figure = (label: string) => page.locator('.figure', { has: page.getByText(label, { exact: true }) });
    await until(async () => (await figure('New conversations').textContent())?.includes('4') ?? false, 'the figures');
    expect(await figure('Resolved').textContent()).toContain('3');
    expect(await figure('Waiting for an answer').textContent()).toContain('1');
    // 5, 4 and 2: two of three satisfied.
    expect(await figure('Satisfaction (CSAT)').textContent()).toMatch(/66\.7%.*3\.7 \/ 5 average · 3 ratings/);
    const ratings = page.getByRole('region', { name: 'Satisfaction ratings' });
    await page
      .getByRole('region', { name: /Busiest hours/ })
      .getByRole('img')
      .waitFor();
    await page.getByRole('region', { name: 'Agents' }).getByRole('row', { name: /Admin/ }).waitFor();
    // Per team: the three conversations given to the desk, all resolved.
    await page
      .getByRole('region', { name: 'Teams' })
      .getByRole('row', { name: /Billing desk 3/ })
      .waitFor();
    await shot(page, 'reports');

    await ratings.getByRole('button', { name: 'Show table' }).click();
    const rows = ratings.getByRole('row');
    expect(await rows.allTextContents()).toEqual(['ScoreRatings', '5 ★1', '4 ★1', '3 ★0', '2 ★1', '1 ★0']);
    const [file] = await Promise.all([
      page.waitForEvent('download') as Promise<Download>,
      ratings.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(file.suggestedFilename()).toBe('satisfaction.csv');
    expect(readFileSync(await file.path(), 'utf8')).toBe('\uFEFFscore,ratings\r\n1,0\r\n2,1\r\n3,0\r\n4,1\r\n5,1\r\n');

    const tags = page.getByRole('region', { name: 'Tags' });
    expect(await tags.getByRole('row', { name: /billing/ }).textContent()).toBe('billing3366.7%3');
    expect(problems).toEqual([]);
  });

  test("narrows the summary to a team's conversations with the team picker, and back to all teams", async () => {
    // The first test's four conversations (three of them the Billing desk's), and one more for a second team.
    const admin = server.client(await accessTokenOf(page));
    const sales = await admin.call('createTeam', { body: { name: 'Sales desk', agentIds: [] } });
    const v = await visitor(server, key, { name: 'Buyer' });
    const conv = await v.start('A quote, please');
    await admin.call('updateConversation', { params: { id: conv.id }, body: { teamId: sales.id } });
    v.close();

    await page.reload();
    await page.getByRole('heading', { name: 'Reports' }).waitFor();
    const figure = (label: string) =>
      page.locator('.figure', { has: page.getByText(label, { exact: true }) }).locator('.figure-value');
    const figures = () =>
      Promise.all(['New conversations', 'Resolved', 'Waiting for an answer'].map((l) => figure(l).textContent()));
    const summaryOf = (name: string) => page.getByRole('region', { name, exact: true });
    await summaryOf("The organization's figures").waitFor();
    await expect.poll(figures).toEqual(['5', '3', '2']);

    const picker = page.getByLabel('Team', { exact: true });
    await expect
      .poll(() => picker.getByRole('option').allTextContents())
      .toEqual(['All teams', 'Billing desk', 'Sales desk']);
    await picker.selectOption({ label: 'Sales desk' });
    await summaryOf("Sales desk's figures").waitFor();
    await expect.poll(figures).toEqual(['1', '0', '1']);
    expect(await figure('Satisfaction (CSAT)').textContent()).toBe('—');
    await page.getByText("The figures and ratings are Sales desk's conversations").waitFor();
    await shot(page, 'reports-team');

    await picker.selectOption({ label: 'Billing desk' });
    await expect.poll(figures).toEqual(['3', '3', '0']);
    expect(await figure('Satisfaction (CSAT)').textContent()).toBe('66.7%');
    const ratings = page.getByRole('region', { name: 'Satisfaction ratings' });
    expect(await ratings.locator('.bar-value').allTextContents()).toEqual(['1', '1', '0', '1', '0']);

    await picker.selectOption({ label: 'All teams' });
    await summaryOf("The organization's figures").waitFor();
    await expect.poll(figures).toEqual(['5', '3', '2']);
    expect(problems).toEqual([]);
  });

  test('is not offered to an agent, and its address is "Not found" to them', async ({ fresh }) => {
    const admin = server.client(await accessTokenOf(page));
    const me = await admin.call('getMe');
    const org = { api: admin, organization: me.organization } as unknown as Parameters<typeof buildAgent>[1];
    const agent = await buildAgent(server, org, 'agent', 'Plain Agent');
    const p = await fresh.context.newPage();
    await p.goto('/signin');
    await p.getByLabel('Email').fill(agent.agent.email);
    await p.getByLabel('Password').fill(agent.password);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await p.getByRole('link', { name: 'Reports' }).count()).toBe(0);
    await p.goto('/reports');
    await p.getByRole('heading', { name: 'Not found' }).waitFor();
  });
});
