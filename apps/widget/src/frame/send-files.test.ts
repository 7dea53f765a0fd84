import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOST, type OutboxItem } from './outbox.js';
import type { Action } from './reducer.js';
import { type HeldFiles, startFiles } from './send-files.js';

/** What the storage answers to each PUT, in turn: a status (0: no answer), 204 when the list is used up. */
let putAnswers: number[] = [];
let puts: string[] = [];
class FakeXhr {
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = {
    onprogress: null,
  };
  status = 0;
  responseText = '';
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onabort: (() => void) | null = null;
  private url = '';
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader() {}
  abort() {
    this.onabort?.();
  }
  send(body: Blob) {
    puts.push(this.url);
    setTimeout(() => {
      this.upload.onprogress?.({ loaded: Math.floor(body.size / 2), total: body.size, lengthComputable: true });
      this.status = putAnswers.shift() ?? 204;
      if (this.status === 0) return this.onerror?.();
      this.responseText = this.status < 300 ? '' : JSON.stringify({ error: { message: 'the bytes are not a PNG' } });
      this.onload?.();
    }, 1);
  }
}

/** createVisitorUpload: a new URL each time, or the server's refusal. */
let refusal: { status: number; message: string } | null = null;
let uploadsAsked = 0;
const realFetch = globalThis.fetch;
beforeEach(() => {
  putAnswers = [];
  puts = [];
  refusal = null;
  uploadsAsked = 0;
  (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = FakeXhr;
  globalThis.fetch = async () => {
    if (refusal)
      return new Response(JSON.stringify({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: refusal.message } }), {
        status: refusal.status,
      });
    uploadsAsked++;
    const upload = {
      attachmentId: `att-${uploadsAsked}`,
      uploadUrl: `https://chat.example/api/v1/files/att-${uploadsAsked}`,
      uploadMethod: 'PUT',
      uploadHeaders: { 'content-type': 'image/png' },
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    };
    return new Response(JSON.stringify(upload), { status: 201 });
  };
});
afterEach(() => {
  globalThis.fetch = realFetch;
  delete (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest;
});

let channels = 0;
function tab(tabId: string, channel = `test-files-${++channels}`) {
  const held = new Map<string, HeldFiles>();
  const actions: Action[] = [];
  const updates: Partial<OutboxItem>[] = [];
  const send = startFiles({
    tabId,
    channel,
    held,
    dispatch: (a) => actions.push(a),
    update: (_id, change) => updates.push(change),
  });
  return { send, held, actions, updates, channel };
}
const item = (tabId: string, names = ['a.png', 'b.png']): OutboxItem => ({
  clientId: 'item-1',
  conversation: 'conv-1',
  body: '',
  createdAt: new Date().toISOString(),
  tab: tabId,
  files: names.map((name) => ({ name, type: 'image/png', size: 10 })),
});

describe("the upload path (the outbox's step for a message with files)", () => {
  it('stores each file through its own new upload URL, with progress, and keeps the ids as they come', async () => {
    const t = tab('tab-a');
    t.held.set('item-1', { blobs: [new Blob(['0123456789']), new Blob(['abcdefghij'])], abort: new AbortController() });
    expect(await t.send(item('tab-a'), 'token')).toEqual(['att-1', 'att-2']);
    expect(puts).toEqual(['https://chat.example/api/v1/files/att-1', 'https://chat.example/api/v1/files/att-2']);
    expect(t.updates.map((u) => u.files?.map((f) => f.id))).toEqual([
      ['att-1', undefined],
      ['att-1', 'att-2'],
    ]);
    const progress = t.actions.flatMap((a) => (a.type === 'upload' && a.upload ? [a.upload.sent] : []));
    expect(progress).toContainEqual([5, 0]);
    expect(progress.at(-1)).toEqual([10, 10]);
  });

  it('after a failure worth retrying, says so; the next try asks for a NEW URL and sends only the files not stored', async () => {
    const t = tab('tab-a');
    t.held.set('item-1', { blobs: [new Blob(['0123456789']), new Blob(['abcdefghij'])], abort: new AbortController() });
    putAnswers = [204, 0];
    const first = await t.send(item('tab-a'), 'token');
    expect(first).toMatchObject({ ok: false, retry: true });
    expect(t.actions.at(-1)).toEqual({
      type: 'upload',
      clientId: 'item-1',
      upload: { sent: [10, 5], isStalled: true },
    });
    const afterFirst = { ...item('tab-a'), files: t.updates.at(-1)!.files };
    expect(await t.send(afterFirst, 'token')).toEqual(['att-1', 'att-3']);
    expect(puts.at(-1)).toBe('https://chat.example/api/v1/files/att-3');
  });

  it("does not retry a refusal, and says why in the server's words", async () => {
    const t = tab('tab-a');
    t.held.set('item-1', { blobs: [new Blob(['<svg/>'])], abort: new AbortController() });
    refusal = { status: 415, message: 'this organization does not accept image/svg+xml files' };
    expect(await t.send(item('tab-a', ['x.svg']), 'token')).toMatchObject({
      ok: false,
      retry: false,
      reason: 'this organization does not accept image/svg+xml files',
    });
    refusal = null;
    putAnswers = [415];
    expect(await t.send(item('tab-a', ['x.png']), 'token')).toMatchObject({
      ok: false,
      retry: false,
      reason: 'the bytes are not a PNG',
    });
    expect(t.actions.at(-1)).toEqual({ type: 'upload', clientId: 'item-1', upload: null });
  });

  it('does not retry what the visitor cancelled', async () => {
    const t = tab('tab-a');
    const abort = new AbortController();
    t.held.set('item-1', { blobs: [new Blob(['0123456789'])], abort });
    const sending = t.send(item('tab-a', ['a.png']), 'token');
    await new Promise((r) => setTimeout(r, 0));
    abort.abort();
    expect(await sending).toMatchObject({ ok: false, retry: false });
  });

  it('sends a message whose files are all stored, from any tab', async () => {
    const t = tab('tab-b');
    const done = { ...item('tab-a', ['a.png']), files: [{ name: 'a.png', type: 'image/png', size: 10, id: 'att-9' }] };
    expect(await t.send(done, 'token')).toEqual(['att-9']);
    expect(puts).toEqual([]);
  });

  it('waits for the open tab that holds the files; files no open tab holds are lost', async () => {
    const a = tab('tab-a');
    const b = tab('tab-b', a.channel);
    expect(await b.send(item('tab-a'), 'token')).toMatchObject({ ok: false, retry: true, reason: 'ELSEWHERE' });
    expect(await b.send(item('tab-closed'), 'token')).toMatchObject({ ok: false, retry: false, reason: LOST });
  });
});
