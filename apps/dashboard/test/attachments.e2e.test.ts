/**
 * Files in the dashboard, in Chromium against the real server and PostgreSQL: the agent drops a PDF on the
 * conversation (progress, then the sent card; the visitor downloads the same bytes), a visitor's screenshot shows
 * live and gets its thumbnail from attachment.ready, the agent pastes a screenshot and views it in the lightbox,
 * a note's file stays with the agents, and a refused file (SVG) says the server's sentence.
 *
 * The server signs file URLs with PUBLIC_URL, so the browser must reach it there: a loopback TCP proxy takes the
 * port first, and the server is started with PUBLIC_URL on it.
 */
import { randomUUID } from 'node:crypto';
import type { TMessage } from '@oceras/protocol';
import { afterEach, describe, expect } from 'vitest';
import { files, put } from '../../server/test/attachments-kit.js';
import { startTestServer } from '../../server/test/helpers.js';
import { startTcpProxy } from '../../server/test/tcp-proxy.js';
import { test as e2eTest, type Page, shot, type TestServer, visitor, widgetKeyOf } from './e2e';

const test = e2eTest
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern
  .extend('server', { scope: 'file' }, async ({}, { onCleanup }) => {
    const target = { host: '127.0.0.1', port: 0 };
    const proxy = await startTcpProxy(target);
    const publicUrl = `http://127.0.0.1:${proxy.port}`;
    const server = await startTestServer({ PUBLIC_URL: publicUrl });
    // The proxy reads its target on each connection: from now on it reaches the server.
    target.port = Number(new URL(server.baseUrl).port);
    onCleanup(async () => {
      await proxy.close();
      await server.close();
    });
    return { ...server, baseUrl: publicUrl };
  });

/** A PDF of about 2 MB: large enough for the upload's progress to show under a throttled connection. */
const PDF = `%PDF-1.4\n${'% padding line of the test invoice\n'.repeat(60_000)}trailer << /Root 1 0 R >>\n%%EOF\n`;

let server: TestServer;
let page: Page;
let problems: string[];
let v: Awaited<ReturnType<typeof visitor>>;
let conversationId = '';
const ids = () => `c-${randomUUID()}`;
/** Waits for the page (a shared machine may be slow): expect.poll with a roomier timeout than its 1 s. */
const poll = <T>(fn: () => T | Promise<T>, timeout = 10_000) => expect.poll(fn, { timeout });

test.beforeAll(async ({ server: s, signedIn }) => {
  server = s;
  page = signedIn.page;
  problems = signedIn.problems;
  v = await visitor(server, await widgetKeyOf(page), { name: 'Vera Visitor' });
  conversationId = (await v.start('Hello, my invoice is wrong')).id;
  await page.goto(`/conversations/${conversationId}`);
  await thread().getByText('Hello, my invoice is wrong').waitFor();
});

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await shot(page, `failed-attach-${task.name.slice(0, 24).replace(/\W+/g, '-')}`);
  expect(problems).toEqual([]);
});

const thread = () => page.getByRole('list', { name: 'Messages' });
const pending = () => page.getByRole('list', { name: 'Files to send' });
const visitorHistory = () => v.api.call('listVisitorMessages', { params: { id: conversationId } });

describe('files in a conversation', () => {
  test('the agent drops a PDF on the thread, sees it upload, sends it; the visitor downloads the same bytes', async () => {
    // A slow uplink, so the progress is there to see.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 400 * 1024,
    });
    await thread().evaluate((el, text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'invoice.pdf', { type: 'application/pdf' }));
      el.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
      el.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      (window as unknown as { dropped: DataTransfer }).dropped = dt;
    }, PDF);
    await page.getByText('Drop files to attach them').waitFor();
    await shot(page, 'attach-1-drop-zone');
    await thread().evaluate((el) => {
      const dt = (window as unknown as { dropped: DataTransfer }).dropped;
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await poll(() => page.getByText('Drop files to attach them').count()).toBe(0);

    const chip = pending().getByRole('listitem', { name: 'invoice.pdf' });
    const progress = chip.getByRole('progressbar', { name: 'Uploading invoice.pdf' });
    await poll(async () => Number(await progress.getAttribute('value').catch(() => '0'))).toBeGreaterThan(0);
    expect(Number(await progress.getAttribute('value'))).toBeLessThan(PDF.length);
    expect(await page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await shot(page, 'attach-2-uploading');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await chip.getByText('Ready to send').waitFor({ timeout: 30_000 });
    await page.getByRole('textbox', { name: 'Reply' }).fill('Here is the corrected invoice');
    await shot(page, 'attach-3-ready');
    await page.getByRole('button', { name: 'Send' }).click();

    const sent = thread().getByRole('listitem', { name: 'Reply from Ada Admin' }).last();
    await sent.getByText('Here is the corrected invoice').waitFor();
    await sent.getByRole('link', { name: /^Download invoice\.pdf, / }).waitFor();
    await poll(() => pending().count()).toBe(0);
    await shot(page, 'attach-4-sent-card');

    const history = await visitorHistory();
    const got = history.messages.find((m) => m.body === 'Here is the corrected invoice');
    expect(got?.attachments).toHaveLength(1);
    const a = got!.attachments![0]!;
    expect(a).toMatchObject({ fileName: 'invoice.pdf', contentType: 'application/pdf', size: PDF.length });
    const download = await fetch(a.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="invoice.pdf"/);
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(PDF))).toBe(true);
  });

  test("a visitor's screenshot shows live, then its thumbnail from attachment.ready, in a box that does not move", async () => {
    // Every src the thread's images take, in order: the original first, then the thumbnail.
    await thread().evaluate((el) => {
      const seen: string[] = [];
      (window as unknown as { srcs: string[] }).srcs = seen;
      new MutationObserver(() => {
        for (const img of el.querySelectorAll('img')) if (seen.at(-1) !== img.src) seen.push(img.src);
      }).observe(el, { subtree: true, childList: true, attributes: true, attributeFilter: ['src'] });
    });
    const png = await files.png(1200, 800);
    const upload = await v.api.call('createVisitorUpload', {
      body: { fileName: 'broken checkout.png', contentType: 'image/png', size: png.length },
    });
    expect((await put(server, upload, png)).status).toBeLessThan(300);
    const sent = await v.api.call('sendVisitorMessage', {
      params: { id: conversationId },
      body: { clientId: ids(), attachmentIds: [upload.attachmentId] },
    });
    // The thumbnail is made in the background: usually after the message went out (then attachment.ready brings it),
    // rarely before (then the message carries it already).
    const isReadyLater = sent.attachments?.[0]?.thumbnailUrl === undefined;
    const image = thread().getByRole('img', { name: 'broken checkout.png' });
    await image.waitFor();
    await poll(() => image.getAttribute('src'), 20_000).toContain('/thumbnail');
    // The box reserved from the dimensions (1200×800 fitted in 280×220).
    expect([await image.getAttribute('width'), await image.getAttribute('height')]).toEqual(['280', '187']);
    const box = await image.boundingBox();
    expect([Math.round(box!.width), Math.round(box!.height)]).toEqual([280, 187]);
    const srcs = await page.evaluate(() => (window as unknown as { srcs: string[] }).srcs);
    if (isReadyLater) expect(srcs[0]).toContain(`/api/v1/files/${upload.attachmentId}/original`);
    expect(srcs.at(-1)).toContain(`/api/v1/files/${upload.attachmentId}/thumbnail`);
    await poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
    await shot(page, 'attach-5-visitor-image-thumbnail');
  });

  test('an image that fails to load (its signed URL expired) fetches fresh URLs once, and loads', async () => {
    let failed = 0;
    await page.route(
      '**/api/v1/files/*/thumbnail?*',
      (route) => {
        failed += 1;
        return route.fulfill({ status: 403, body: 'expired' });
      },
      { times: 1 },
    );
    const refetches: string[] = [];
    page.on('request', (r) => {
      if (/\/messages\?after=/.test(r.url())) refetches.push(r.url());
    });
    await page.reload();
    const image = thread().getByRole('img', { name: 'broken checkout.png' });
    await image.waitFor();
    await poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
    expect(failed).toBe(1);
    expect(refetches).toHaveLength(1);
    expect(refetches[0]).toContain('after=0');
  });

  test('the agent pastes a screenshot, sends it, and views it in the lightbox; Esc closes it', async () => {
    const png = await files.png(800, 600);
    const box = page.getByRole('textbox', { name: 'Reply' });
    await box.evaluate((el, b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, png.toString('base64'));
    await pending().getByRole('listitem', { name: 'image.png' }).getByText('Ready to send').waitFor();
    // Files alone: Send is enabled without text.
    await page.getByRole('button', { name: 'Send' }).click();
    const preview = thread()
      .getByRole('listitem', { name: 'Reply from Ada Admin' })
      .last()
      .getByRole('button', { name: 'Open image image.png' });
    await preview.waitFor();
    await preview.click();
    await page.getByRole('dialog', { name: 'Image image.png' }).waitFor();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('2 of 2').waitFor();
    await poll(() =>
      dialog.getByRole('img', { name: 'image.png' }).evaluate((img: HTMLImageElement) => img.naturalWidth),
    ).toBe(800);
    expect(await dialog.getByRole('link', { name: 'Download' }).getAttribute('href')).toContain('/original');
    await shot(page, 'attach-6-lightbox');
    await page.keyboard.press('ArrowLeft');
    await dialog.getByText('1 of 2').waitFor();
    await page.getByRole('dialog', { name: 'Image broken checkout.png' }).waitFor();
    await shot(page, 'attach-6b-lightbox-previous');
    await page.keyboard.press('ArrowRight');
    await dialog.getByText('2 of 2').waitFor();
    await page.keyboard.press('Escape');
    await poll(() => page.getByRole('dialog').count()).toBe(0);
    // Focus is back on the preview that opened it.
    expect(await preview.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  test("an internal note's file shows as a note with its card, and never reaches the visitor", async () => {
    await page.getByRole('tab', { name: 'Internal note' }).click();
    await page.getByLabel('Files to attach').setInputFiles({
      name: 'refund-approval.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Refund approved by Sam\n'),
    });
    await pending().getByRole('listitem', { name: 'refund-approval.txt' }).getByText('Ready to send').waitFor();
    await page.getByRole('textbox', { name: 'Internal note' }).fill('Approval attached');
    await page.getByRole('button', { name: 'Add note' }).click();
    const note = thread().getByRole('listitem', { name: 'Internal note by Ada Admin' }).last();
    await note.getByText('Approval attached').waitFor();
    const card = note.getByRole('link', { name: /^Download refund-approval\.txt, / });
    await card.waitFor();
    await shot(page, 'attach-7-note-card');

    const agentView = await server
      .client(await page.evaluate(() => JSON.parse(localStorage.getItem('oceras.tokens')!).accessToken))
      .call('listMessages', { params: { id: conversationId } });
    const stored = agentView.messages.find((m: TMessage) => m.body === 'Approval attached')!;
    const attachmentId = stored.attachments![0]!.id;
    const history = JSON.stringify(await visitorHistory());
    expect(history).not.toContain(attachmentId);
    expect(history).not.toContain('Approval attached');
    expect(JSON.stringify(v.received)).not.toContain(attachmentId);
    await page.getByRole('tab', { name: 'Reply' }).click();
  });

  test('an upload that fails on the way offers Retry, which asks for a new upload URL', async () => {
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/uploads') asked.push(r.url());
    });
    await page.route(
      '**/api/v1/files/*?*',
      (route) => (route.request().method() === 'PUT' ? route.abort() : route.fallback()),
      {
        times: 1,
      },
    );
    await page.getByLabel('Files to attach').setInputFiles({
      name: 'order-4711.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('order,status\n4711,lost\n'),
    });
    const chip = pending().getByRole('listitem', { name: 'order-4711.csv' });
    await chip.getByRole('alert').getByText('The file could not be sent: check the connection.').waitFor();
    expect(await page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await shot(page, 'attach-9-failed-retry');
    await chip.getByRole('button', { name: 'Retry' }).click();
    await chip.getByText('Ready to send').waitFor();
    expect(asked).toHaveLength(2);
    await chip.getByRole('button', { name: 'Remove order-4711.csv' }).click();
    await poll(() => pending().count()).toBe(0);
  });

  test('a message takes up to ten files; the others are left out, and it says so', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => ({
      name: `page-${i + 1}.txt`,
      mimeType: 'text/plain',
      buffer: Buffer.from(`page ${i + 1}\n`),
    }));
    await page.getByLabel('Files to attach').setInputFiles(eleven);
    await page.getByText('A message takes up to 10 files; the others were left out.').waitFor();
    await poll(() => pending().getByText('Ready to send').count()).toBe(10);
    expect(await pending().getByRole('listitem', { name: 'page-11.txt' }).count()).toBe(0);
    await shot(page, 'attach-10-ten-files');
    await page.getByRole('button', { name: 'Send' }).click();
    const sent = thread().getByRole('listitem', { name: 'Reply from Ada Admin' }).last();
    await poll(() => sent.getByRole('link', { name: /^Download page-\d+\.txt, / }).count()).toBe(10);
    await poll(() => pending().count()).toBe(0);
  });

  test("a refused file says the server's sentence, with no Retry", async () => {
    await page.getByLabel('Files to attach').setInputFiles({
      name: 'logo.svg',
      mimeType: 'image/svg+xml',
      buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
    });
    const chip = pending().getByRole('listitem', { name: 'logo.svg' });
    await chip.getByRole('alert').getByText('This organization does not accept image/svg+xml files').waitFor();
    expect(await chip.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await shot(page, 'attach-8-refused');
    await chip.getByRole('button', { name: 'Remove logo.svg' }).click();
    await poll(() => pending().count()).toBe(0);
  });
});
