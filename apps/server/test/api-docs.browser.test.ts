/**
 * /api/docs in Debian's Chromium: Oceras' name, logo and icon, and no CSP report while it loads and while
 * operations and schemas are opened. Swagger UI's own logo (an SVG holding a <style> element) was refused by the
 * page's style-src; Chromium reports that as a console error, a `securitypolicyviolation` event and a DevTools
 * issue, so all three are watched.
 */
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';
import { startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('shows Oceras API with its logo and raises no CSP report', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(20_000);
  const reports: string[] = [];
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      console.log(`securitypolicyviolation: ${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    ),
  );
  page.on('console', (m) => {
    if (/securitypolicyviolation|Content Security Policy|Refused to/i.test(m.text())) reports.push(m.text());
  });
  page.on('pageerror', (e) => reports.push(`pageerror: ${e.message}`));
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Audits.issueAdded', ({ issue }) => {
    if (issue.code === 'ContentSecurityPolicyIssue')
      reports.push(`issue: ${JSON.stringify(issue.details.contentSecurityPolicyIssueDetails)}`);
  });
  await cdp.send('Audits.enable');

  const res = await page.goto(`${server.baseUrl}/api/docs`);
  expect(res?.headers()['content-security-policy']).toMatch(/style-src 'self' https:/);
  expect(res?.headers()['content-security-policy']).not.toContain('unsafe-inline');
  await page.getByRole('heading', { name: /Oceras API/ }).waitFor();
  expect(await page.title()).toBe('Oceras API');

  // Our logo in the top bar, and nothing left of Swagger's.
  const logo = page.locator('.topbar-wrapper a.link img');
  const src = (await logo.getAttribute('src')) ?? '';
  expect(src).toMatch(/^data:image\/svg\+xml;base64,/);
  expect(Buffer.from(src.split(',')[1]!, 'base64').toString()).toContain('>Oceras API</text>');
  expect(await page.locator('.topbar-wrapper a.link svg').count()).toBe(0);
  expect(await page.locator('link[rel="icon"]').getAttribute('href')).toMatch(/theme\/favicon\.svg$/);

  // Open an operation (its responses list the error shape) and the schemas.
  await page.locator('#operations-conversations-getConversation .opblock-summary').click();
  await page.locator('#operations-conversations-getConversation .responses-table').waitFor();
  expect(
    await page.locator('#operations-conversations-getConversation .response-col_status').allTextContents(),
  ).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '429', '503']));
  // The answer's example is ours (openapi-examples.ts), with values a reader recognises.
  const answer = page.locator('#operations-conversations-getConversation .responses-table .response').first();
  await expect.poll(() => answer.textContent()).toContain('Order #1042 has not arrived');
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/api-docs.png` });
  // Schemas are drawn on demand (a virtual list): open the first one.
  const firstSchema = page.locator('section.models .model-box-control').first();
  await firstSchema.click();
  await page.locator('section.models .model-box-control[aria-expanded="true"]').first().waitFor();
  await page.locator('section.models .property-row').first().waitFor();
  expect(reports).toEqual([]);
}, 60_000);
