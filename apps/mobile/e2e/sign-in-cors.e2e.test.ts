/**
 * The web build's sign-in against a real server that does not list the page's origin in CORS_ORIGINS: the browser
 * refuses the call, and the app says so (naming the origin to add) instead of "could not reach the server". The
 * sign-in screen's first look: empty server field, placeholders lighter than typed text, the dashboard's brand.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, startTestServer, type TestServer } from '../../server/test/helpers.js';
import { buildWebIfMissing, launch, screenshotPath, serveDist } from './harness';

let server: TestServer;
let web: Awaited<ReturnType<typeof serveDist>>;
let browser: Browser;
let page: Page;
let org: Awaited<ReturnType<typeof buildOrganization>>;
const problems: string[] = [];

beforeAll(async () => {
  buildWebIfMissing();
  web = await serveDist();
  // Another origin is allowed, not this page's.
  server = await startTestServer({ CORS_ORIGINS: 'http://localhost:8081' });
  org = await buildOrganization(server);
  browser = await launch();
  const context = await browser.newContext({ baseURL: web.origin, viewport: { width: 390, height: 844 } });
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await web?.close();
});

const colorOf = (p: Page, label: string, pseudo?: string) =>
  p.getByLabel(label).evaluate((el, ps) => getComputedStyle(el, ps ?? null).color, pseudo);

describe('mobile web sign-in', () => {
  it('starts empty with light placeholders and the dashboard brand', async () => {
    await page.goto('/');
    const server = page.getByLabel('Server address');
    await server.waitFor();
    expect(await server.inputValue()).toBe('');
    expect(await server.getAttribute('placeholder')).toBe('https://chat.example.com');
    const typed = await colorOf(page, 'Server address');
    const placeholder = await colorOf(page, 'Server address', '::placeholder');
    expect(placeholder).toBe('rgb(160, 165, 184)');
    expect(placeholder).not.toBe(typed);
    await page.getByText('Oceras', { exact: true }).waitFor();
    await page.screenshot({ path: screenshotPath('sign-in-empty') });
  });

  it("tells the agent to add the page's origin to CORS_ORIGINS when the browser refuses the server", async () => {
    await page.getByLabel('Server address').fill(server.baseUrl);
    await page.getByLabel('Email').fill(org.agent.email);
    await page.getByLabel('Password').fill(org.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const text = `The server answered, but it does not accept sign-ins from this page (${web.origin}). Add ${web.origin} to the server's CORS_ORIGINS setting and restart it.`;
    await page.getByText(text).waitFor();
    expect(await page.getByText(/Could not reach the server/).count()).toBe(0);
    await page.screenshot({ path: screenshotPath('sign-in-cors') });
  });

  it('still says "could not reach" when nothing answers at the address', async () => {
    await page.getByLabel('Server address').fill('http://127.0.0.1:9');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Could not reach the server. Check the address and your connection.').waitFor();
    expect(problems).toEqual([]);
  });
});
