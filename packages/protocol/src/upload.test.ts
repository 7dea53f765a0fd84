import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACHMENT_KINDS, attachmentKindOf, ZAttachmentKind } from './attachments.js';
import { formatBytes, isPreviewable, sendUpload, UploadError, uploadContentType, uploadRequestFor } from './upload.js';

describe('the content type a client declares', () => {
  it('keeps a type the server knows', () => {
    expect(uploadContentType({ name: 'a.bin', type: 'image/PNG' })).toBe('image/png');
  });
  it('names it from the extension when the platform reports nothing or an alias', () => {
    expect(uploadContentType({ name: 'Invoice.PDF', type: '' })).toBe('application/pdf');
    expect(uploadContentType({ name: 'data.csv', type: 'application/vnd.ms-excel' })).toBe('application/vnd.ms-excel');
    expect(uploadContentType({ name: 'notes.md', type: 'text/x-markdown' })).toBe('text/markdown');
    expect(uploadContentType({ name: 'backup.7z', type: 'application/x-7z' })).toBe('application/x-7z-compressed');
  });
  it('declares every extension it knows as a type of some kind', () => {
    for (const ext of ['jpg', 'png', 'gif', 'webp', 'heic', 'pdf', 'txt', 'docx', 'xlsx', 'odt', 'zip', 'rar', 'gz'])
      expect(attachmentKindOf(uploadContentType({ name: `f.${ext}`, type: '' })), ext).not.toBeNull();
  });
  it('passes on what it cannot name, for the server to refuse with its reason', () => {
    expect(uploadContentType({ name: 'page.svg', type: 'image/svg+xml' })).toBe('image/svg+xml');
    expect(uploadContentType({ name: 'noext', type: '' })).toBe('application/octet-stream');
  });
  it('names a pasted image that has no name', () => {
    expect(uploadRequestFor({ name: '', type: 'image/png', size: 3 })).toEqual({
      fileName: 'pasted.png',
      contentType: 'image/png',
      size: 3,
    });
  });
  it('shows raster images inline and nothing else', () => {
    expect(isPreviewable('image/jpeg')).toBe(true);
    expect(isPreviewable('image/svg+xml')).toBe(false);
    expect(isPreviewable('application/pdf')).toBe(false);
  });
});

describe('the modules a browser bundle takes', () => {
  it('import no zod (the widget bundles upload.ts, attachment-kinds.ts and files.ts)', () => {
    for (const file of ['upload.ts', 'attachment-kinds.ts', 'files.ts']) {
      const imports = readFileSync(new URL(file, import.meta.url), 'utf8').match(/^(import|export) .* from '.*';$/gm);
      for (const line of imports ?? [])
        expect(line, file).toMatch(/^import type |from '\.\/(files|attachment-kinds)\.js'/);
    }
  });
  it('name the same kinds as the schema', () => {
    expect(Object.keys(ATTACHMENT_KINDS)).toEqual(ZAttachmentKind.options);
  });
});

describe('formatBytes', () => {
  it('uses the largest unit under 1000', () => {
    expect(formatBytes(512, 'en')).toBe('512 bytes');
    expect(formatBytes(2048, 'en')).toBe('2 kB');
    expect(formatBytes(3.4 * 1024 * 1024, 'en')).toBe('3.4 MB');
    expect(formatBytes(25 * 1024 * 1024, 'en')).toBe('25 MB');
    // Never "1,000 kB": what would round to 1000 goes up a unit.
    expect(formatBytes(1000, 'en')).toBe('1 kB');
    expect(formatBytes(1024 * 1024 - 1, 'en')).toBe('1 MB');
    expect(formatBytes(2 * 1024 ** 4, 'en')).toBe('2,048 GB');
  });
  it('writes every unit in the reader’s language, bytes in words', () => {
    const sizes = [0, 1, 512, 1.5 * 1024, 3.4 * 1024 * 1024, 1.2 * 1024 ** 3];
    // Intl puts a no-break space between number and unit in some languages.
    const say = (locale: string) => sizes.map((n) => formatBytes(n, locale).replace(/\u00a0|\u202f/g, ' '));
    expect(say('en')).toEqual(['0 bytes', '1 byte', '512 bytes', '1.5 kB', '3.4 MB', '1.2 GB']);
    expect(say('fr')).toEqual(['0 octet', '1 octet', '512 octets', '1,5 ko', '3,4 Mo', '1,2 Go']);
    expect(say('de')).toEqual(['0 Byte', '1 Byte', '512 Byte', '1,5 kB', '3,4 MB', '1,2 GB']);
    expect(say('es')).toEqual(['0 bytes', '1 byte', '512 bytes', '1,5 kB', '3,4 MB', '1,2 GB']);
    // A locale with a region writes that region's numbers: Swiss German's decimal point.
    expect(formatBytes(1.5 * 1024, 'de-CH')).toBe('1.5 kB');
  });
});

// A minimal XMLHttpRequest over node:http, enough for sendUpload (open, headers, upload progress, load/error).
class NodeXhr {
  status = 0;
  responseText = '';
  upload: { onprogress?: (e: { loaded: number; total: number; lengthComputable: boolean }) => void } = {};
  onload?: () => void;
  onerror?: () => void;
  ontimeout?: () => void;
  onabort?: () => void;
  private method = 'GET';
  private url = '';
  private headers: Record<string, string> = {};
  private aborted = false;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  async send(body: Blob) {
    const bytes = Buffer.from(await body.arrayBuffer());
    try {
      const res = await fetch(this.url, { method: this.method, headers: this.headers, body: bytes });
      if (this.aborted) return;
      this.upload.onprogress?.({ loaded: bytes.length, total: bytes.length, lengthComputable: true });
      this.status = res.status;
      this.responseText = await res.text();
      this.onload?.();
    } catch {
      if (!this.aborted) this.onerror?.();
    }
  }
}

describe('sendUpload', () => {
  const received: { method?: string; type?: string; body: Buffer }[] = [];
  let base = '';
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    received.push({ method: req.method, type: req.headers['content-type'], body: Buffer.concat(chunks) });
    if (req.url === '/expired') {
      res.writeHead(410, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { code: 'URL_EXPIRED', message: 'this upload URL has expired: ask for a new one' } }),
      );
    } else if (req.url === '/s3-too-large') {
      res.writeHead(413, { 'content-type': 'application/xml' });
      res.end('<Error><Code>EntityTooLarge</Code></Error>');
    } else res.writeHead(200).end();
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  const upload = (path: string) => ({
    attachmentId: '00000000-0000-4000-8000-000000000000',
    uploadUrl: base + path,
    uploadMethod: 'PUT' as const,
    uploadHeaders: { 'content-type': 'text/plain' },
    expiresAt: new Date().toISOString(),
  });
  const options = { XMLHttpRequest: NodeXhr as unknown as typeof XMLHttpRequest };

  it('sends the bytes with the signed headers and reports the whole size at the end', async () => {
    const progress: number[] = [];
    await sendUpload(upload('/ok'), new Blob(['hello']), { ...options, onProgress: (sent) => progress.push(sent) });
    expect(received.at(-1)).toMatchObject({ method: 'PUT', type: 'text/plain', body: Buffer.from('hello') });
    expect(progress.at(-1)).toBe(5);
  });
  it("rejects with the store's own message, retryable when the link expired", async () => {
    const err = await sendUpload(upload('/expired'), new Blob(['x']), options).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadError);
    expect(err).toMatchObject({ status: 410, message: 'this upload URL has expired: ask for a new one' });
    expect((err as UploadError).retryable).toBe(true);
  });
  it('says a refused file plainly and does not offer to retry it', async () => {
    const err = (await sendUpload(upload('/s3-too-large'), new Blob(['x']), options).catch((e) => e)) as UploadError;
    expect(err.message).toBe('The file could not be stored (HTTP 413).');
    expect(err.retryable).toBe(false);
  });
  it('rejects as retryable when nothing answers', async () => {
    const gone = { ...upload('/'), uploadUrl: 'http://127.0.0.1:1/' };
    const err = (await sendUpload(gone, new Blob(['x']), options).catch((e) => e)) as UploadError;
    expect(err).toMatchObject({ status: 0 });
    expect(err.retryable).toBe(true);
  });
  it('stops when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(sendUpload(upload('/ok'), new Blob(['x']), { ...options, signal: ac.signal })).rejects.toThrow(
      'cancelled',
    );
  });
});
