/**
 * The agent's own account in the mobile app's web build, against the real server and PostgreSQL: from Settings to
 * Profile; the name and the sign-in email change (a wrong password and a taken email are said plainly); "Download
 * my data" downloads the export; the last admin's deletion is refused with the server's sentence; a colleague
 * deletes their account and lands on the sign-in screen, gone from the organization.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, buildOrganization, startTestServer, type TestServer } from '../../server/test/helpers.js';
import { buildWebIfMissing, launch, opacity, screenshotPath, serveDist, until } from './harness';

let server: TestServer;
let web: Awaited<ReturnType<typeof serveDist>>;
let browser: Browser;
let page: Page;
let org: Awaited<ReturnType<typeof buildOrganization>>;
let colleague: Awaited<ReturnType<typeof buildAgent>>;
const problems: string[] = [];

const shot = (name: string) => page.screenshot({ path: screenshotPath(name) });
const profile = () => page.getByTestId('profile-screen');

async function signIn(email: string, password: string) {
  await page.goto('/');
  await page.getByLabel('Server address').fill(server.baseUrl);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('tab', { name: /^Mine/ }).waitFor();
}

async function openProfile() {
  await page.goto('/settings');
  await page.getByRole('link', { name: 'Profile and your data' }).click();
  await profile().waitFor();
}

beforeAll(async () => {
  buildWebIfMissing();
  web = await serveDist();
  server = await startTestServer({ CORS_ORIGINS: web.origin });
  org = await buildOrganization(server);
  colleague = await buildAgent(server, org, 'agent', 'Carl Colleague');
  browser = await launch();
  const context = await browser.newContext({
    baseURL: web.origin,
    viewport: { width: 390, height: 844 },
    acceptDownloads: true,
  });
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await shot(`failed-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await web?.close();
});

describe('mobile web: an agent manages their own account', () => {
  it('changes the name from Settings › Profile', async () => {
    await signIn(org.agent.email, org.password);
    await page.goto('/settings');
    await page.getByRole('link', { name: 'Profile and your data' }).waitFor();
    await shot('19-settings-profile-link');
    await openProfile();
    await profile().getByLabel('Name', { exact: true }).fill('Ada Admin');
    await profile().getByRole('button', { name: 'Save name' }).click();
    await profile()
      .getByText(/Your name is saved/)
      .waitFor();
    expect((await org.api.call('getMe')).agent.name).toBe('Ada Admin');
  });

  it('changes the sign-in email; a wrong password and a taken email say why', async () => {
    await profile().getByLabel('New email').fill(colleague.agent.email);
    await profile().getByLabel('Current password').fill('not my password');
    await profile().getByRole('button', { name: 'Change email' }).click();
    await profile().getByText('That is not your current password. Your email was not changed.').waitFor();

    await profile().getByLabel('Current password').fill(org.password);
    await profile().getByRole('button', { name: 'Change email' }).click();
    await profile().getByText('Another account already uses this email. Choose another one.').waitFor();
    await shot('20-profile-email-taken');

    const email = `ada-${Date.now().toString(36)}@example.com`;
    await profile().getByLabel('New email').fill(email);
    await profile().getByLabel('Current password').fill(org.password);
    await profile().getByRole('button', { name: 'Change email' }).click();
    await profile().getByText(`You now sign in with ${email}.`).waitFor();
    expect((await org.api.call('getMe')).agent.email).toBe(email);
    await shot('21-profile-saved');
  });

  it('downloads my data as a JSON file', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      profile().getByRole('button', { name: 'Download my data' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^oceras-my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(data).toMatchObject({ format: 'oceras.agent-export', agent: { name: 'Ada Admin' } });
    await profile()
      .getByText(/^Downloaded oceras-my-data-/)
      .waitFor();
    await shot('22-profile-data-downloaded');
  });

  it("refuses the last admin's deletion with the server's sentence", async () => {
    await profile().getByRole('button', { name: 'Delete my account…' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Delete your account?' });
    await dialog.waitFor();
    await expect.poll(() => dialog.evaluate(opacity)).toBe(1);
    await shot('23-delete-dialog');
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await dialog.getByText(/^You are the last admin/).waitFor();
    await shot('24-delete-refused');
    await dialog.getByRole('button', { name: 'Keep my account' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await org.api.call('getMe')).agent.name).toBe('Ada Admin');
  });

  it('a colleague deletes their account and lands on the sign-in screen', async () => {
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await signIn(colleague.agent.email, colleague.password);
    await openProfile();
    await profile().getByRole('button', { name: 'Delete my account…' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Delete your account?' });
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByText(/Your account was deleted/).waitFor();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('oceras.session'))).toBeNull();
    await until(async () => {
      const { agents } = await org.api.call('listAgents');
      return !agents.some((a) => a.id === colleague.agent.id);
    }, 'the colleague to be gone from the organization');
    // The socket the deletion cut, and its refused refresh, do not turn it into "your session ended".
    await page.getByText(/Your account was deleted/).waitFor();
    expect(await page.getByText('Your session ended. Please sign in again.').count()).toBe(0);
    await shot('25-account-deleted');
    expect(problems).toEqual([]);
  });
});
