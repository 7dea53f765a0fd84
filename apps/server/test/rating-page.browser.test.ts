/**
 * The rating email's page in Debian's Chromium: the link from the email opens with its choice selected and records
 * nothing; the visitor picks another, writes a comment and sends; the rating is the conversation's. No CSP report
 * (the page's only style is allowed by its hash; nothing else may load).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';
import { buildOrganization, startTestServer, type TestServer } from './helpers.js';
import { type SmtpSink, startSmtpSink } from './smtp-sink.js';

let sink: SmtpSink;
let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ SMTP_URL: sink.url, EMAIL_POLL_MS: '100' });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await sink?.close();
});

it('rates from the email’s link in a browser, with no CSP report', async () => {
  const org = await buildOrganization(server);
  await org.api.call('updateOrganization', { body: { widgetSettings: { color: '#8a3ffc' } } });
  const email = 'browser-rating@example.test';
  const session = await server.client().call('createWidgetSession', {
    body: { widgetKey: org.organization.widgetKey, email, locale: 'en' },
  });
  const conv = await server.client(session.sessionToken).call('startConversation', {
    body: { clientId: 'conv-browser-rating', message: { clientId: 'msg-browser-rating', body: 'My parcel is late' } },
  });
  await org.api.call('updateConversation', { params: { id: conv.id }, body: { status: 'resolved' } });
  await expect.poll(() => sink.to(email).length, { timeout: 10_000 }).toBe(1);
  const link = /https?:\/\/\S+?(\/api\/v1\/email\/rating\/[A-Za-z0-9_-]+\?score=4)/.exec(
    sink.to(email)[0]!.parsed.text!,
  )![1]!;

  const page = await browser.newPage({ viewport: { width: 480, height: 640 } });
  page.setDefaultTimeout(20_000);
  const reports: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) reports.push(m.text());
  });
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Audits.issueAdded', ({ issue }) => {
    if (issue.code === 'ContentSecurityPolicyIssue') reports.push(JSON.stringify(issue.details));
  });
  await cdp.send('Audits.enable');

  await page.goto(`${server.baseUrl}${link}`);
  const form = page.locator('form');
  await expect.poll(() => form.getByRole('radio', { name: /4 out of 5/ }).isChecked()).toBe(true);
  await page.screenshot({ path: join(tmpdir(), 'rating-page-opened.png') });
  expect((await org.api.call('getConversation', { params: { id: conv.id } })).rating).toBeNull();

  await form.getByText('5 out of 5').click();
  await form.getByLabel('Anything to add? (optional)').fill('Found it in a day, thanks!');
  await form.getByRole('button', { name: 'Send my rating' }).click();
  await page.getByRole('status').filter({ hasText: 'Thank you for your feedback!' }).waitFor();
  await expect.poll(() => page.getByRole('radio', { name: /5 out of 5/ }).isChecked()).toBe(true);
  await page.screenshot({ path: join(tmpdir(), 'rating-page-sent.png') });
  expect((await org.api.call('getConversation', { params: { id: conv.id } })).rating).toMatchObject({
    score: 5,
    comment: 'Found it in a day, thanks!',
  });
  expect(reports).toEqual([]);
});
