import { mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { test as baseTest, onTestFailed } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../server/test/chromium.js';
import { startTestServer, type TestServer } from '../../server/test/helpers.js';

export { visitor } from '../../server/test/helpers.js';

export const SCREENSHOTS = new URL('../screenshots/', import.meta.url).pathname;

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
}

/** A browser context that fails the test on a CSP violation or a page error. */
export async function newContext(
  browser: Browser,
  server: TestServer,
  opts: { width?: number; height?: number; locale?: string } = {},
) {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    viewport: { width: opts.width ?? 1360, height: opts.height ?? 860 },
    ...(opts.locale ? { locale: opts.locale } : {}),
  });
  context.setDefaultTimeout(10_000);
  // Chromium files a CSP violation that the page caught (zod's eval probe) only as an event, not a console error.
  await context.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`Content Security Policy violation: ${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}`),
    ),
  );
  const problems: string[] = [];
  context.on('page', (page) => watch(page, problems));
  return { context, problems };
}

export function watch(page: Page, problems: string[]) {
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.type()} ${d.message()}`);
    void d.dismiss();
  });
}

export async function shot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
}

let shots = 0;
/** If this test fails, a screenshot of `page` (`failed-<prefix>-<test>-<n>.png`); once for each page a test drives. */
export function shotOnFailure(page: Page, prefix: string) {
  const n = shots++;
  onTestFailed(({ task }) => shot(page, `failed-${prefix}-${task.name.slice(0, 24)}-${n}`));
}

let n = 0;
/** Signs up through the page, as a person would. */
export async function signUp(page: Page, who: { org?: string; name?: string; email?: string; password?: string } = {}) {
  const id = `${Date.now().toString(36)}${(n++).toString(36)}`;
  const data = {
    org: who.org ?? `Acme ${id}`,
    name: who.name ?? 'Ada Admin',
    email: who.email ?? `ada-${id}@example.com`,
    password: who.password ?? 'correct horse battery',
  };
  await page.goto('/signup');
  await page.getByLabel('Organization name').fill(data.org);
  await page.getByLabel('Your name').fill(data.name);
  await page.getByLabel('Email').fill(data.email);
  await page.getByLabel('Password').fill(data.password);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await page.getByRole('heading', { name: 'Mine' }).waitFor();
  return data;
}

/** The organization's widget key, read the way the dashboard does (as the signed-in admin). */
export async function widgetKeyOf(page: Page) {
  return page.evaluate(async () => {
    const t = JSON.parse(localStorage.getItem('oceras.tokens') ?? '{}');
    const r = await fetch('/api/v1/organization', { headers: { authorization: `Bearer ${t.accessToken}` } });
    return ((await r.json()) as { widgetKey: string }).widgetKey;
  });
}

export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The signed-in agent's access token, read from the page's storage as the dashboard keeps it. */
export async function accessTokenOf(page: Page): Promise<string> {
  return page.evaluate(() => JSON.parse(localStorage.getItem('oceras.tokens')!).accessToken);
}

/**
 * The browser tests' fixtures. `server` (the real server on a fresh PostgreSQL database, serving the built
 * dashboard) and `browser` (Debian's Chromium) are made once per file, on first use, and closed after its last test;
 * `signedIn` is a page of that file's own new organization, signed up through the page as its admin. `fresh` is a
 * new browser context for one test, closed after it. A file with other needs extends or replaces one of them
 * (push.e2e.test.ts starts its server beside a stand-in for Expo).
 */
export const test = baseTest
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern
  .extend('server', { scope: 'file' }, async ({}, { onCleanup }) => {
    const server = await startTestServer();
    onCleanup(() => server.close());
    return server;
  })
  // biome-ignore lint/correctness/noEmptyPattern: as above
  .extend('browser', { scope: 'file' }, async ({}, { onCleanup }) => {
    const browser = await launch();
    onCleanup(() => browser.close());
    return browser;
  })
  .extend('signedIn', { scope: 'file' }, async ({ server, browser }) => {
    const { context, problems } = await newContext(browser, server);
    const page = await context.newPage();
    const who = await signUp(page);
    return { context, page, problems, who };
  })
  .extend('fresh', async ({ server, browser }, { onCleanup }) => {
    const fresh = await newContext(browser, server);
    onCleanup(() => fresh.context.close());
    return fresh;
  });

export type { Browser, BrowserContext, Page, TestServer };
