/**
 * Files in the widget (issue 14), on a shop that embeds the chat from another site (as cross-site.browser.test.ts:
 * shop.example and chat.example-host.com, both mapped to loopback): a visitor pastes an image, attaches files with
 * the button and by a drop, gets a PDF from an agent and downloads it, is told why a file was refused, and sends a
 * file written while offline once back online, in order. The agent's side is read through the agent API.
 */
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import type { TMessage } from '@oceras/protocol';
import type { BrowserContext, Frame, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  installSnippet,
  launchBrowser,
  type Oceras,
  SHOTS,
  startAgent,
  startHostSite,
  startOceras,
} from './harness.js';

const SHOP = 'shop.example';
const CHAT = 'chat.example-host.com';

/** A real PNG of one colour (the server reads its type from the bytes and makes its thumbnail). */
function png(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const byte of b) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [11, 122, 90]).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

let oceras: Oceras;
let site: Awaited<ReturnType<typeof startHostSite>>;
let agent: Awaited<ReturnType<typeof startAgent>>;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let context: BrowserContext;
let page: Page;
let shopUrl = '';
let conversationId = '';
/** Uploads (PUT /api/v1/files/…) are held this long in the browser, so their progress can be seen. */
let uploadDelayMs = 0;

const chat = (p: Page): FrameLocator => p.frameLocator('iframe[title="Chat"]');
const frameOf = (p: Page): Frame => p.frames().find((f) => f.url().includes('/widget/frame.html'))!;
const agentMessages = async () =>
  conversationId
    ? (await agent.org.api.call('listMessages', { params: { id: conversationId }, query: { limit: 100 } })).messages
    : [];
const withFile = (name: string) => (m: TMessage) => m.attachments?.some((a) => a.fileName === name) === true;

beforeAll(async () => {
  oceras = await startOceras({ host: CHAT });
  agent = await startAgent(oceras);
  const key = agent.org.organization.widgetKey;
  site = await startHostSite({
    '/': () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body style="font-family: sans-serif; background: #f4f1ea; padding: 24px"><h1>A shop on ${SHOP}</h1>
${installSnippet(oceras.url, key)}</body></html>`,
  });
  const port = new URL(site.origin).port;
  shopUrl = `http://${SHOP}:${port}/`;
  browser = await launchBrowser({
    thirdPartyStorage: 'default',
    args: [
      `--host-resolver-rules=MAP ${SHOP} 127.0.0.1, MAP ${CHAT} 127.0.0.1`,
      `--unsafely-treat-insecure-origin-as-secure=http://${SHOP}:${port},${oceras.url}`,
    ],
  });
  context = browser.context;
  await context.route(/\/api\/v1\/files\/[^/?]+\?/, async (route) => {
    if (route.request().method() === 'PUT' && uploadDelayMs) await new Promise((r) => setTimeout(r, uploadDelayMs));
    await route.continue();
  });
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(shopUrl);
  await page.getByRole('button', { name: 'Open chat' }).click();
  await chat(page).getByLabel('Message', { exact: true }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  agent?.close();
  await site?.close();
  await oceras?.close();
});

describe('files in the chat, embedded from another site', () => {
  it('1. a pasted image shows with its progress, then as a preview; the agent gets it, then its thumbnail', async () => {
    const frame = chat(page);
    uploadDelayMs = 1500;
    const bytes = png(600, 400);
    // A real paste: a ClipboardEvent whose DataTransfer holds a PNG file, in the chat's frame (another site).
    await frameOf(page).evaluate((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
      const paste = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
      document.querySelector('textarea')!.dispatchEvent(paste);
    }, bytes.toString('base64'));
    await frame.getByRole('progressbar', { name: 'image.png' }).waitFor();
    await page.screenshot({ path: `${SHOTS}attachment-progress.png` });
    uploadDelayMs = 0;

    const m = await agent.waitForMessage(withFile('image.png'));
    conversationId = m.conversationId;
    expect(m.body).toBe('');
    expect(m.attachments).toMatchObject([{ fileName: 'image.png', contentType: 'image/png', size: bytes.length }]);
    const preview = frame.getByRole('log').getByRole('img', { name: 'image.png' });
    await preview.waitFor();
    expect(await frame.getByRole('progressbar').count()).toBe(0);

    // The thumbnail comes after the message (attachment.ready): over the agent API, and in the visitor's thread,
    // where the image's box has its proportions (600 × 400 scaled into 220 × 240) before it loads.
    await expect
      .poll(async () => (await agentMessages()).find(withFile('image.png'))?.attachments?.[0]?.thumbnailUrl, {
        timeout: 20_000,
      })
      .toContain('/thumbnail');
    await expect.poll(() => preview.getAttribute('src'), { timeout: 20_000 }).toContain('/thumbnail');
    expect([await preview.getAttribute('width'), await preview.getAttribute('height')]).toEqual(['220', '147']);
    await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    // A click opens the full image in a new tab.
    const link = frame.getByRole('log').getByRole('link', { name: 'image.png' });
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('href')).toContain('/original');
    await page.screenshot({ path: `${SHOTS}attachment-preview.png` });
  });

  it('2. attaches files with the button and by dropping them on the chat, which shows a drop zone', async () => {
    const frame = chat(page);
    const chooser = page.waitForEvent('filechooser');
    await frame.getByRole('button', { name: 'Attach files' }).click();
    await (await chooser).setFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Order 1234\n') });
    await agent.waitForMessage(withFile('notes.txt'));
    await frame
      .getByRole('log')
      .getByRole('link', { name: /notes\.txt/ })
      .waitFor();

    const files = await frameOf(page).evaluateHandle(() => {
      const data = new DataTransfer();
      data.items.add(new File(['a,b\n1,2\n'], 'table.csv', { type: 'text/csv' }));
      return data;
    });
    const thread = frame.locator('.thread');
    await thread.dispatchEvent('dragover', { dataTransfer: files });
    await frame.getByText('Drop files here to send them').waitFor();
    await page.screenshot({ path: `${SHOTS}attachment-drop-zone.png` });
    await thread.dispatchEvent('drop', { dataTransfer: files });
    await expect.poll(() => frame.getByText('Drop files here to send them').count()).toBe(0);
    const m = await agent.waitForMessage(withFile('table.csv'));
    expect(m.attachments).toMatchObject([{ fileName: 'table.csv', contentType: 'text/csv', size: 8 }]);
    await frame
      .getByRole('log')
      .getByRole('link', { name: /table\.csv/ })
      .waitFor();
  });

  it("3. shows an agent's PDF as a file card and downloads the same bytes", async () => {
    const upload = await agent.org.api.call('createUpload', {
      body: { fileName: 'invoice.pdf', contentType: 'application/pdf', size: PDF.length },
    });
    // The URL is on the public origin (the chat's host name): the test reaches the server on loopback.
    const target = new URL(upload.uploadUrl);
    target.host = `127.0.0.1:${oceras.port}`;
    const put = await fetch(target, { method: 'PUT', headers: upload.uploadHeaders, body: PDF });
    expect(put.status).toBeLessThan(300);
    await agent.org.api.call('sendMessage', {
      params: { id: conversationId },
      body: { clientId: 'agent-pdf-00001', body: '', attachmentIds: [upload.attachmentId] },
    });

    const card = chat(page)
      .getByRole('log')
      .getByRole('link', { name: /invoice\.pdf/ });
    await card.waitFor();
    // Under 1000 bytes, in words in the chat's language (English here).
    expect(await card.textContent()).toMatch(new RegExp(`^invoice\\.pdf\\s*${PDF.length} bytes$`));
    await page.screenshot({ path: `${SHOTS}attachment-file-card.png` });
    const download = page.waitForEvent('download');
    await card.click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('invoice.pdf');
    expect(readFileSync((await file.path())!)).toEqual(PDF);
  });

  it("4. says why the server refused a file, in the server's words, and sends nothing", async () => {
    const frame = chat(page);
    const before = (await agentMessages()).length;
    const chooser = page.waitForEvent('filechooser');
    await frame.getByRole('button', { name: 'Attach files' }).click();
    await (await chooser).setFiles({
      name: 'drawing.svg',
      mimeType: 'image/svg+xml',
      buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    });
    await frame.getByText('Not sent: this organization does not accept image/svg+xml files').waitFor();
    await page.screenshot({ path: `${SHOTS}attachment-refused.png` });
    expect(await frame.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await agentMessages()).length).toBe(before);
    // The visitor dismisses it.
    await frame.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => frame.getByText(/drawing\.svg/).count()).toBe(0);
  });

  it('5. a file attached while offline is sent once back online, before what was written after it', async () => {
    const frame = chat(page);
    await context.setOffline(true);
    await frame.getByText('Reconnecting…').waitFor({ timeout: 20_000 });
    const chooser = page.waitForEvent('filechooser');
    await frame.getByRole('button', { name: 'Attach files' }).click();
    const notes = Buffer.from('A line of notes.\n'.repeat(3000));
    await (await chooser).setFiles({ name: 'offline.txt', mimeType: 'text/plain', buffer: notes });
    const box = frame.getByLabel('Message', { exact: true });
    await box.fill('Written after the file');
    await box.press('Enter');
    // It waits, says so, and offers to try again now.
    await frame.getByText('The file could not be sent yet.').waitFor({ timeout: 20_000 });
    await frame.getByRole('button', { name: 'Retry' }).waitFor();
    await page.screenshot({ path: `${SHOTS}attachment-offline.png` });
    expect((await agentMessages()).some(withFile('offline.txt'))).toBe(false);
    // The outbox in the shop's storage names the file; its bytes are in the frame's memory only.
    const stored = await page.evaluate(() => JSON.stringify(localStorage));
    expect(stored).toContain('offline.txt');
    expect(stored.length).toBeLessThan(notes.length / 4);

    await context.setOffline(false);
    const file = await agent.waitForMessage(withFile('offline.txt'), 60_000);
    const text = await agent.waitForMessage((m) => m.body === 'Written after the file', 30_000);
    expect(file.seq).toBeLessThan(text.seq);
    await frame
      .getByRole('log')
      .getByRole('link', { name: /offline\.txt/ })
      .waitFor();
    expect(await frame.getByText('The file could not be sent yet.').count()).toBe(0);
  });

  it('fetches a message again once when its image does not load (signed URLs expire), else shows it as a card', async () => {
    // Every image of the thread now fails (routing also turns the HTTP cache off), as an expired URL would.
    const refetches: string[] = [];
    const onRequest = (r: { url(): string }) => {
      if (/\/messages\?after=\d+&limit=1$/.test(r.url())) refetches.push(r.url());
    };
    context.on('request', onRequest);
    await context.route(/\/api\/v1\/files\/[^/]+\/(thumbnail|original)\?/, (route) =>
      route.request().resourceType() === 'image' ? route.abort() : route.continue(),
    );
    await page.reload();
    await page.getByRole('button', { name: 'Open chat' }).click();
    const frame = chat(page);
    await frame
      .getByRole('button', { name: /image\.png|offline\.txt|Written after the file/ })
      .first()
      .click();
    const card = frame.getByRole('log').getByRole('link', { name: /image\.png.*(kB|KB|byte)/ });
    await card.waitFor();
    // Once: the URL it gets is the same (not expired here), so the card stays.
    await new Promise((r) => setTimeout(r, 500));
    expect(refetches).toHaveLength(1);
    expect(await frame.getByRole('log').getByRole('img', { name: 'image.png' }).count()).toBe(0);
    context.off('request', onRequest);
    await context.unroute(/\/api\/v1\/files\/[^/]+\/(thumbnail|original)\?/);
  });
});
