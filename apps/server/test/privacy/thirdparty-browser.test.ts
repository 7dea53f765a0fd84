/**
 * What a browser contacts (§5, §11): the widget on a customer's site, the dashboard and the mobile app's web build,
 * in Chromium against the real server. Every request the browser makes goes through a route that lets only the
 * Oceras server, the customer's page and the app's own origin through and records any other; cookies are read
 * from the browser at the end. Needs the built apps (`npm run build`, which `npm test` runs first).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.js';
import { buildOrganization, startTestServer, type TestServer } from '../helpers.js';

const MOBILE_DIST = fileURLToPath(new URL('../../../mobile/dist/', import.meta.url));
const TERMS_URL = 'https://operator.example/terms';
const PRIVACY_URL = 'https://operator.example/privacy';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json' };

/** One origin serving `page` at `/` (a customer's site), or the files of `dir` with an SPA fallback (the app). */
async function serve(handler: { page?: string; dir?: string }) {
  const server: Server = createServer((req, res) => {
    if (handler.page) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(handler.page);
    }
    const dir = handler.dir!;
    let file = normalize(join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) file = join(dir, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let server: TestServer;
let site: Awaited<ReturnType<typeof serve>>;
let app: Awaited<ReturnType<typeof serve>>;
let browser: Browser;
let org: Awaited<ReturnType<typeof buildOrganization>>;
/** Requests to an origin that is none of ours, by context. */
const strays = new Map<BrowserContext, string[]>();

async function newContext(allowed: string[]) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  context.setDefaultTimeout(15_000);
  const stray: string[] = [];
  strays.set(context, stray);
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || allowed.includes(new URL(url).origin)) return route.continue();
    stray.push(url);
    return route.abort('blockedbyclient');
  });
  return context;
}

beforeAll(async () => {
  if (!existsSync(join(MOBILE_DIST, 'index.html'))) throw new Error('apps/mobile/dist is missing: run npm run build');
  app = await serve({ dir: MOBILE_DIST });
  server = await startTestServer({ CORS_ORIGINS: app.origin, TERMS_URL, PRIVACY_URL });
  org = await buildOrganization(server);
  await org.api.call('updateOrganization', {
    body: {
      widgetSettings: {
        preChatForm: 'required',
        privacyPolicyUrl: 'https://shop.example/privacy',
        privacyPolicyVersion: '2026-03',
      },
    },
  });
  // An avatar on a third party's server (set before avatars were uploaded; PATCH /me now refuses such a URL and
  // migration 0010 dropped those it found): the widget must not fetch it.
  await org.api.call('updateMe', { body: { availability: 'online' } });
  await (server.database.db as any).$client.query('update agents set avatar_url = $1 where id = $2', [
    'https://avatars.example/ada.png',
    org.agent.id,
  ]);
  const snippet = `<script src="${server.baseUrl}/widget.js" data-oceras-key="${org.organization.widgetKey}" async></script>`;
  site = await serve({
    page: `<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1>${snippet}</body></html>`,
  });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await site?.close();
  await app?.close();
});

const sql = (text: string, values: unknown[] = []) =>
  (server.database.db as any).$client.query(text, values) as Promise<{ rows: any[] }>;
const chat = (page: Page) => page.frameLocator('iframe[title="Chat"]');

describe('the widget on a customer’s site', () => {
  let context: BrowserContext;
  let page: Page;
  let visitorId = '';
  beforeAll(async () => {
    context = await newContext([site.origin, server.baseUrl]);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
  });

  it('§2.2 You are responsible for obtaining any consents required by your jurisdiction — the widget’s pre-chat form sends the consent it showed (the policy link and version), which the server records', async () => {
    await page.goto(site.origin);
    await page.getByRole('button', { name: 'Open chat' }).click();
    const frame = chat(page);
    await frame.getByRole('link', { name: 'privacy policy' }).waitFor();
    await frame.getByLabel('Name').fill('Vera Visitor');
    await frame.getByLabel('Email').fill('vera@example.com');
    await frame.getByRole('button', { name: 'Start chatting' }).click();
    const box = frame.getByLabel('Message', { exact: true });
    await box.fill('Hello from the shop');
    await box.press('Enter');
    const started = `select v.id from visitors v join conversations c on c.visitor_id = v.id
      where v.email = 'vera@example.com'`;
    await expect.poll(async () => (await sql(started)).rows.length, { timeout: 15_000 }).toBe(1);
    visitorId = (await sql(started)).rows[0].id;
    const consents = await sql('select policy_url, policy_version from consent_records where visitor_id = $1', [
      visitorId,
    ]);
    expect(consents.rows).toEqual([{ policy_url: 'https://shop.example/privacy', policy_version: '2026-03' }]);
  });

  it('§5 We share information only with the following categories of providers — an agent’s avatar on another site is not loaded by the widget (the initial instead): the visitor’s browser contacts no third party', async () => {
    const [conv] = (await sql('select id from conversations where visitor_id = $1', [visitorId])).rows;
    await org.api.call('sendMessage', {
      params: { id: conv.id },
      body: { clientId: 'avatar-reply-1', body: 'Hi Vera!' },
    });
    const frame = chat(page);
    await frame.getByText('Hi Vera!').first().waitFor();
    expect(await frame.locator('img.avatar').count()).toBe(0);
    expect(await frame.locator('span.avatar').count()).toBeGreaterThan(0);
    expect(strays.get(context)).toEqual([]);
  });

  it('§2.2 A visitor ID stored in the visitor’s browser — Oceras.reset() on the customer’s page ends the visitor’s session on the server, not only in the browser', async () => {
    const live = `select count(*)::int as n from visitor_sessions where visitor_id = $1 and revoked_at is null`;
    expect((await sql(live, [visitorId])).rows[0].n).toBe(1);
    await page.evaluate(() => (window as unknown as { Oceras: { reset(): void } }).Oceras.reset());
    await expect.poll(async () => (await sql(live, [visitorId])).rows[0].n, { timeout: 10_000 }).toBe(0);
  });

  it('§11 We do not use third-party tracking cookies, advertising pixels, or cross-site analytics — the widget requested nothing from another origin and set no cookie', async () => {
    expect(strays.get(context)).toEqual([]);
    expect(await context.cookies()).toEqual([]);
  });
});

describe('the dashboard', () => {
  it('§10 The Service is intended for business use by people 18 years or older — sign-up says so, with the operator’s terms and privacy policy (TERMS_URL, PRIVACY_URL)', async () => {
    const context = await newContext([server.baseUrl]);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/signup`);
    await page.getByText('Oceras is for business use by people 18 or older.').waitFor();
    expect(await page.getByRole('link', { name: 'Terms of service' }).getAttribute('href')).toBe(TERMS_URL);
    expect(await page.getByRole('link', { name: 'Privacy policy' }).getAttribute('href')).toBe(PRIVACY_URL);
    expect(strays.get(context)).toEqual([]);
    await context.close();
  });

  it('§11 We do not use third-party tracking cookies, advertising pixels, or cross-site analytics — the dashboard, signed in with a conversation open, requested nothing from another origin and set no cookie (its tokens are in localStorage)', async () => {
    const context = await newContext([server.baseUrl]);
    const page = await context.newPage();
    await page.goto(server.baseUrl);
    await page.getByLabel('Email').fill(org.agent.email);
    await page.getByLabel('Password').fill(org.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('link', { name: /Vera Visitor/ })
      .first()
      .click();
    await page.getByText('Hello from the shop').waitFor();
    expect(strays.get(context)).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('oceras.tokens') ?? '{}'));
    expect(stored).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String) });
    await context.close();
  });
});

describe('the mobile app’s web build', () => {
  it('§11 We do not use third-party tracking cookies, advertising pixels, or cross-site analytics — the app, signed in with a conversation open, requested nothing from another origin and set no cookie', async () => {
    const context = await newContext([app.origin, server.baseUrl]);
    const page = await context.newPage();
    await page.goto(app.origin);
    await page.getByLabel('Server address').fill(server.baseUrl);
    await page.getByLabel('Email').fill(org.agent.email);
    await page.getByLabel('Password').fill(org.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('tab', { name: /^All/ }).click();
    await page.getByRole('link', { name: /Conversation with Vera Visitor/ }).click();
    await page.getByText('Hello from the shop').last().waitFor();
    expect(strays.get(context)).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });
});
