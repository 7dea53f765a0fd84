/**
 * Files in the mobile app's web build, against the real server (local file store) and PostgreSQL: the agent picks
 * a photo and a PDF through the pickers' file inputs, sees them upload (slowed down, to see the progress, and to
 * cancel one), sends them with a reply; the message is stored with its attachments, the visitor receives it, the
 * thread shows the preview (then its thumbnail) and the file card; the preview opens full screen. A file of a kind
 * the server refuses says why.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TMessage } from '@oceras/protocol';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, startTestServer, type TestServer } from '../../server/test/helpers.js';
import { buildWebIfMissing, forwarder, launch, opacity, screenshotPath, serveDist, until, visitor } from './harness';

let server: TestServer;
let proxy: Awaited<ReturnType<typeof forwarder>>;
let web: Awaited<ReturnType<typeof serveDist>>;
let browser: Browser;
let page: Page;
let org: Awaited<ReturnType<typeof buildOrganization>>;
let vera: Awaited<ReturnType<typeof visitor>>;
let conversationId = '';
const dataDir = mkdtempSync(join(tmpdir(), 'oceras-mobile-files-'));
const problems: string[] = [];

const shot = (name: string) => page.screenshot({ path: screenshotPath(name) });
const thread = () => page.getByTestId('conversation-screen');

/** Presses a picker in the attach menu and hands the file input these files. */
async function pick(source: 'Photo library' | 'File', ...chosen: { name: string; mimeType: string; buffer: Buffer }[]) {
  await thread().getByRole('button', { name: 'Attach files' }).click();
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    thread().getByRole('menuitem', { name: source }).click(),
  ]);
  await chooser.setFiles(chosen);
}

beforeAll(async () => {
  buildWebIfMissing();
  web = await serveDist();
  proxy = await forwarder();
  server = await startTestServer({ CORS_ORIGINS: web.origin, DATA_DIR: dataDir, PUBLIC_URL: proxy.url });
  proxy.to(server.baseUrl);
  org = await buildOrganization(server);
  vera = await visitor(server, org.organization.widgetKey, { name: 'Vera Visitor' });
  conversationId = (await vera.start('Can you send me the invoice and a photo of the parcel?')).id;
  browser = await launch();
  const context = await browser.newContext({ baseURL: web.origin, viewport: { width: 390, height: 844 } });
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await shot(`failed-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  vera?.close();
  await browser?.close();
  await server?.close();
  await proxy?.close();
  await web?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A 1200 × 800 picture that looks like something: sky, ground, a brown parcel with a label. */
const parcelPhoto = () =>
  sharp(
    Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800">
      <rect width="1200" height="520" fill="#9fd3f5"/><rect y="520" width="1200" height="280" fill="#6a9e4f"/>
      <rect x="380" y="300" width="440" height="320" fill="#b07a3e" stroke="#6b4420" stroke-width="8"/>
      <rect x="560" y="300" width="80" height="320" fill="#d9b07a"/>
      <rect x="420" y="360" width="120" height="70" fill="#fff"/></svg>`),
  )
    .png()
    .toBuffer();

describe('mobile web: an agent sends files', () => {
  it('signs in and opens the conversation', async () => {
    await page.goto('/');
    await page.getByLabel('Server address').fill(server.baseUrl);
    await page.getByLabel('Email').fill(org.agent.email);
    await page.getByLabel('Password').fill(org.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('tab', { name: /^Unassigned/ }).click();
    await page.getByRole('link', { name: /Conversation with Vera Visitor/ }).click();
    await thread().getByText('Can you send me the invoice and a photo of the parcel?').waitFor();
  });

  it('shows the progress of a slow upload, and cancels it', async () => {
    // Random pixels do not compress: about 5 MB, more than the buffers on the way hold, at a slow phone's uplink.
    const big = await sharp(randomBytes(1600 * 1100 * 3), { raw: { width: 1600, height: 1100, channels: 3 } })
      .png()
      .toBuffer();
    proxy.throttle(200_000);
    await pick('Photo library', { name: 'noise.png', mimeType: 'image/png', buffer: big });
    const bar = thread().getByRole('progressbar', { name: 'Upload of noise.png' });
    const percent = async () => Number(await bar.getAttribute('aria-valuenow'));
    await expect.poll(percent, { timeout: 15_000 }).toBeGreaterThan(0);
    await shot('10-attachment-uploading');
    expect(await percent()).toBeLessThan(100);
    expect(await thread().getByRole('button', { name: 'Send reply' }).getAttribute('aria-disabled')).toBe('true');
    await thread().getByRole('button', { name: 'Cancel upload of noise.png' }).click();
    await thread().getByText('noise.png').waitFor({ state: 'detached' });
    proxy.throttle(0);
  });

  it('refuses a file of a kind the organization does not take, with the reason', async () => {
    await pick('File', { name: 'setup.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ fake') });
    const alert = thread().getByRole('alert');
    await alert.waitFor();
    expect((await alert.textContent())?.length).toBeGreaterThan(10);
    await expect.poll(() => thread().getByRole('button', { name: 'Retry setup.exe' }).count()).toBe(0);
    await thread().getByText('Remove the files that cannot be sent to send the message.').waitFor();
    await shot('11-attachment-refused');
    await thread().getByRole('button', { name: 'Remove setup.exe' }).click();
    await thread().getByText('setup.exe').waitFor({ state: 'detached' });
  });

  it('uploads a photo and a PDF, sends them with a reply; stored, delivered and shown', async () => {
    const photo = await parcelPhoto();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    await pick('Photo library', { name: 'parcel.png', mimeType: 'image/png', buffer: photo });
    await pick('File', { name: 'invoice-4711.pdf', mimeType: 'application/pdf', buffer: pdf });
    await expect
      .poll(() =>
        thread()
          .getByText(/· ready/)
          .count(),
      )
      .toBe(2);
    await thread().getByLabel('Reply text').fill('Here they are: the invoice and the parcel.');
    await shot('12-attachments-ready');
    await thread().getByRole('button', { name: 'Send reply' }).click();

    // Stored with both files, in the order picked, as the server reports it.
    let stored: TMessage | undefined;
    await until(async () => {
      const page = await org.api.call('listMessages', { params: { id: conversationId } });
      stored = page.messages.find((m) => m.body === 'Here they are: the invoice and the parcel.');
      return !!stored;
    }, 'the message to be stored');
    expect(stored!.attachments!.map((a) => [a.fileName, a.contentType, a.size])).toEqual([
      ['parcel.png', 'image/png', photo.length],
      ['invoice-4711.pdf', 'application/pdf', pdf.length],
    ]);
    await until(
      () => vera.received.some((r) => r.event === 'message.created' && r.data.attachments?.length === 2),
      'the visitor to receive the files',
    );

    // The thread: the preview in its reserved place (then its thumbnail), the file card.
    const preview = thread().getByRole('button', { name: 'Image parcel.png, open full screen' });
    await preview.waitFor();
    await thread()
      .getByRole('link', { name: /^File invoice-4711\.pdf, / })
      .waitFor();
    // The thumbnail comes with the message or a moment later (attachment.ready): either way it replaces the original.
    await until(
      async () =>
        (await thread().locator('img[alt="parcel.png"]').getAttribute('src'))?.includes('/thumbnail?') ?? false,
      'the thumbnail to be shown',
      20_000,
    );
    await expect
      .poll(() =>
        thread()
          .locator('img[alt="parcel.png"]')
          .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
      )
      .toBe(true);
    const box = await preview.boundingBox();
    expect(Math.round(box!.width)).toBe(220);
    expect(Math.round(box!.height)).toBe(147);
    await shot('13-thread-with-attachments');

    await preview.click();
    const viewer = page.getByRole('button', { name: 'Close image' });
    await viewer.waitFor();
    // Once it has faded in.
    await expect.poll(() => viewer.evaluate(opacity)).toBe(1);
    await page.getByText('1200 × 800', { exact: false }).waitFor();
    await shot('14-image-full-screen');
    await viewer.click();
    await viewer.waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
  });

  it('a file attached offline goes with its note once the connection is back', async () => {
    await page.context().setOffline(true);
    await thread()
      .getByText(/^Offline/)
      .waitFor();
    await thread().getByRole('radio', { name: 'Internal note' }).click();
    await pick('File', {
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Parcel 4711: carrier says Monday.\n'),
    });
    await thread()
      .getByText(/it will be uploaded when you send/)
      .waitFor();
    await shot('15-attachment-offline-chip');
    await thread().getByLabel('Note text').fill('Carrier notes attached');
    await thread().getByRole('button', { name: 'Add note' }).click();
    await thread().getByText('Waiting for connection…').waitFor();
    await thread()
      .getByText(/File: notes\.txt/)
      .waitFor();
    await shot('16-attachment-offline-pending');
    await page.context().setOffline(false);
    await thread().getByText('Waiting for connection…').waitFor({ state: 'detached', timeout: 20_000 });
    await thread()
      .getByRole('link', { name: /^File notes\.txt, / })
      .waitFor();
    const history = await org.api.call('listMessages', { params: { id: conversationId } });
    const note = history.messages.filter((m) => m.body === 'Carrier notes attached');
    expect(note).toHaveLength(1);
    expect(note[0]).toMatchObject({
      type: 'note',
      attachments: [{ fileName: 'notes.txt', contentType: 'text/plain' }],
    });
    // A note's file never reaches the visitor.
    expect(JSON.stringify(vera.received)).not.toContain('notes.txt');
    await shot('17-attachment-note-sent');
    expect(problems).toEqual([]);
  });
});
