/**
 * Issue 16's journey, in a real browser against the real server, mail servers and PostgreSQL: a visitor on a shop
 * page (served from another origin than Oceras) leaves their email in the widget's pre-chat form, writes, and
 * closes the tab; the agent answers in the dashboard; the follow-up email reaches a test SMTP server; the test
 * answers it by SMTP to the built-in receiver (INBOUND_SMTP_PORT) at its Reply-To address; the answer appears in
 * the agent's open dashboard, live.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';
import { buildOrganization, startTestServer, type TestServer } from './helpers.js';
import { freePort } from './processes.js';
import { type SmtpSink, startSmtpSink } from './smtp-sink.js';

const SHOTS = fileURLToPath(new URL('../.screenshots/', import.meta.url));
mkdirSync(SHOTS, { recursive: true });

let sink: SmtpSink;
let server: TestServer;
let browser: Browser;
let shop: Server;
let shopUrl = '';
let smtpPort = 0;
let org: Awaited<ReturnType<typeof buildOrganization>>;
const problems: string[] = [];

beforeAll(async () => {
  sink = await startSmtpSink();
  smtpPort = await freePort();
  // The port first, so that the server starts once with its PUBLIC_URL (the widget's and the email's links).
  const port = await freePort();
  server = await startTestServer(
    {
      PUBLIC_URL: `http://localhost:${port}`,
      SMTP_URL: sink.url,
      EMAIL_POLL_MS: '100',
      EMAIL_FOLLOWUP_DELAY_SECONDS: '1',
      REPLY_DOMAIN: 'reply.oceras.test',
      INBOUND_SMTP_PORT: String(smtpPort),
    },
    { port },
  );
  org = await buildOrganization(server);
  await org.api.call('updateOrganization', { body: { widgetSettings: { preChatForm: 'required' } } });
  // The shop: another origin (127.0.0.1) than Oceras (localhost), with the snippet its owner pasted.
  shop = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body style="font-family: sans-serif; padding: 24px"><h1>Lamp shop</h1>
<script src="http://localhost:${port}/widget.js" data-oceras-key="${org.organization.widgetKey}" async></script>
</body></html>`,
    ),
  );
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (shop ? shop.close(() => resolve()) : resolve()));
  await server?.close();
  await sink?.close();
});

const watch = (page: Page) => {
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
};

it('a visitor who left answers by email, and the agent sees it live', async () => {
  const email = 'lena@example.test';
  const question = 'Does the brass lamp ship to Lyon?';
  const answer = 'Yes, it ships to Lyon within three days.';
  const reply = 'Great, I will order it tonight.';

  // The visitor: pre-chat form, a message, then the tab is closed.
  const visitorContext = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  visitorContext.setDefaultTimeout(15_000);
  const shopPage = await visitorContext.newPage();
  watch(shopPage);
  await shopPage.goto(shopUrl);
  await shopPage.getByRole('button', { name: 'Open chat' }).click();
  const chat = shopPage.frameLocator('iframe[title="Chat"]');
  await chat.getByLabel('Name').fill('Lena');
  await chat.getByLabel('Email').fill(email);
  await chat.getByRole('button', { name: 'Start chatting' }).click();
  const box = chat.getByLabel('Message', { exact: true });
  await box.fill(question);
  await box.press('Enter');
  await chat.getByRole('log').getByText(question).waitFor();
  await expect
    .poll(async () => (await org.api.call('listConversations', {})).conversations.map((c) => c.visitor.email))
    .toEqual([email]);
  await shopPage.screenshot({ path: `${SHOTS}email-journey-widget.png` });
  await shopPage.close();
  await visitorContext.close();

  // The agent answers in the dashboard.
  const agentContext = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1360, height: 860 } });
  agentContext.setDefaultTimeout(15_000);
  const dashboard = await agentContext.newPage();
  onTestFailed(() => dashboard.screenshot({ path: `${SHOTS}failed-email-journey-dashboard.png` }).then(() => {}));
  watch(dashboard);
  await dashboard.goto('/');
  await dashboard.getByLabel('Email').fill(org.agent.email);
  await dashboard.getByLabel('Password').fill(org.password);
  await dashboard.getByRole('button', { name: 'Sign in' }).click();
  // With a conversation waiting, the dashboard opens on the unassigned ones.
  await dashboard.getByRole('heading', { name: 'Unassigned' }).waitFor();
  await dashboard.getByRole('link', { name: /Lena/ }).click();
  const thread = dashboard.getByRole('list', { name: 'Messages' });
  await thread.getByRole('listitem', { name: 'Message from Lena' }).getByText(question).waitFor();
  await dashboard.getByRole('textbox', { name: 'Reply' }).fill(answer);
  await dashboard.getByRole('button', { name: 'Send', exact: true }).click();
  await thread
    .getByRole('listitem', { name: /^Reply from / })
    .getByText(answer)
    .waitFor();

  // The visitor never read it: the follow-up leaves after the delay, with the answer and a Reply-To address.
  await expect.poll(() => sink.to(email).length, { timeout: 15_000, interval: 100 }).toBe(1);
  const followUp = sink.to(email)[0]!.parsed;
  expect(followUp.text).toContain(answer);
  const replyTo = followUp.replyTo!.value[0]!.address!;
  expect(replyTo).toMatch(/^reply\+[A-Za-z0-9_-]{32}@reply\.oceras\.test$/);

  // The visitor answers from their mailbox, quoting the email as mail clients do.
  await nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true }).sendMail({
    from: `Lena <${email}>`,
    to: replyTo,
    subject: `Re: ${followUp.subject}`,
    inReplyTo: followUp.messageId,
    text: `${reply}\n\nOn Sun, Dec 6, 2026, Support wrote:\n> ${answer}\n`,
  });

  // Live in the agent's open dashboard, without a reload, quote stripped.
  const arrived = thread.getByRole('listitem', { name: 'Message from Lena' }).filter({ hasText: reply });
  await arrived.waitFor({ timeout: 15_000 });
  expect(await arrived.textContent()).not.toContain('wrote:');
  await dashboard.screenshot({ path: `${SHOTS}email-journey-dashboard.png` });
  expect(problems).toEqual([]);
  await agentContext.close();
}, 120_000);
