import type { TMessage } from '@oceras/protocol';
import { ApiError } from '@oceras/protocol/client';
import { waitFor } from '@testing-library/react-native';
import { OUTBOX_KEY, Outbox, type OutboxItem } from '@/lib/outbox';
import { memoryStorage } from '@/lib/storage';
import { FileUnavailableError } from '@/lib/uploader';

const stored = (item: OutboxItem, seq: number): TMessage => ({
  id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
  conversationId: item.conversationId,
  seq,
  clientId: item.clientId,
  type: item.type,
  author: { type: 'agent', id: 'me', name: 'Me', avatarUrl: null },
  body: item.body,
  system: null,
  createdAt: new Date().toISOString(),
});

/** A server that is unreachable until `online` is set, and that stores each clientId once (as the real one does). */
function fakeServer() {
  const state = { online: false, calls: [] as OutboxItem[], byClientId: new Map<string, TMessage>() };
  const send = jest.fn(async (item: OutboxItem) => {
    state.calls.push(item);
    if (!state.online) throw new TypeError('Network request failed');
    const held = state.byClientId.get(item.clientId);
    if (held) return held;
    const msg = stored(item, state.byClientId.size + 1);
    state.byClientId.set(item.clientId, msg);
    return msg;
  });
  return { state, send };
}

describe('Outbox', () => {
  it('queues a reply written offline and sends it exactly once, with its clientId, when back online', async () => {
    const storage = memoryStorage();
    const server = fakeServer();
    const sent: TMessage[] = [];
    const outbox = new Outbox({ storage, send: server.send, onSent: (m) => sent.push(m) });

    const item = await outbox.enqueue({ conversationId: 'c1', body: 'Written in a tunnel', type: 'message' });
    expect(item.clientId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    await outbox.flush(); // offline: fails, stays queued
    expect(outbox.items.get()).toEqual([expect.objectContaining({ clientId: item.clientId, state: 'queued' })]);

    server.state.online = true;
    // Two reconnect signals at once (session.ready and a manual retry): still one request.
    await Promise.all([outbox.flush(), outbox.flush()]);
    expect(server.state.byClientId.size).toBe(1);
    expect(server.state.calls.filter((c) => c.clientId === item.clientId)).toHaveLength(2); // 1 offline + 1 online
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ clientId: item.clientId, body: 'Written in a tunnel' });
    expect(outbox.items.get()).toEqual([]);
    expect(JSON.parse((await storage.getItem(OUTBOX_KEY)) ?? 'null')).toEqual([]);
  });

  it('survives an app restart: the next run loads the queue from storage and sends it', async () => {
    const storage = memoryStorage();
    const first = new Outbox({ storage, send: fakeServer().send });
    const a = await first.enqueue({ conversationId: 'c1', body: 'one', type: 'message' });
    const b = await first.enqueue({ conversationId: 'c2', body: 'two', type: 'note' });

    // The app is killed; a new process starts with the same storage.
    const server = fakeServer();
    server.state.online = true;
    const second = new Outbox({ storage, send: server.send });
    await second.load();
    expect(second.items.get().map((i) => i.clientId)).toEqual([a.clientId, b.clientId]);
    await second.flush();
    expect(server.state.calls.map((c) => [c.clientId, c.type])).toEqual([
      [a.clientId, 'message'],
      [b.clientId, 'note'],
    ]);
    expect(second.items.get()).toEqual([]);
  });

  it('resends an item that was in flight when the app died with the same clientId (stored once)', async () => {
    const storage = memoryStorage();
    const server = fakeServer();
    server.state.online = true;
    const item: OutboxItem = {
      clientId: 'm-inflight-12345678',
      conversationId: 'c1',
      body: 'maybe sent',
      type: 'message',
      createdAt: new Date().toISOString(),
      state: 'sending',
    };
    // The server had stored it, but the answer never arrived.
    server.state.byClientId.set(item.clientId, stored(item, 1));
    await storage.setItem(OUTBOX_KEY, JSON.stringify([item]));
    const outbox = new Outbox({ storage, send: server.send });
    await outbox.flush();
    expect(server.state.calls).toEqual([expect.objectContaining({ clientId: 'm-inflight-12345678' })]);
    expect(server.state.byClientId.size).toBe(1);
    expect(outbox.items.get()).toEqual([]);
  });

  it('keeps order: stops at the first network failure and does not send later items before it', async () => {
    const calls: string[] = [];
    let fail = true;
    const outbox = new Outbox({
      storage: memoryStorage(),
      send: async (i) => {
        calls.push(i.body);
        if (fail && i.body === 'first') throw new ApiError(503, 'UNAVAILABLE', 'down');
        return stored(i, calls.length);
      },
    });
    await outbox.enqueue({ conversationId: 'c1', body: 'first', type: 'message' });
    await outbox.enqueue({ conversationId: 'c1', body: 'second', type: 'message' });
    await outbox.flush();
    expect(calls).toEqual(['first']);
    fail = false;
    await outbox.flush();
    expect(calls).toEqual(['first', 'first', 'second']);
  });

  it('tries a send stopped by the network again by itself while connected, and not while disconnected', async () => {
    const calls: string[] = [];
    let failures = 2;
    let connected = true;
    const outbox = new Outbox({
      storage: memoryStorage(),
      send: async (i) => {
        calls.push(i.body);
        if (failures-- > 0) throw new ApiError(503, 'UNAVAILABLE', 'down');
        return stored(i, calls.length);
      },
      retryWhile: () => connected,
      retryDelayMs: () => 5,
    });
    await outbox.enqueue({ conversationId: 'c1', body: 'first', type: 'message' });
    await outbox.flush();
    expect(calls).toEqual(['first']);
    // No flush called again: the outbox retries after its pause, twice here, then the reply is stored.
    await waitFor(() => expect(outbox.items.get()).toEqual([]));
    expect(calls).toEqual(['first', 'first', 'first']);

    failures = 1;
    connected = false;
    await outbox.enqueue({ conversationId: 'c1', body: 'second', type: 'message' });
    await outbox.flush();
    await new Promise((r) => setTimeout(r, 50));
    // Disconnected: it waits for the next flush (the reconnect's), untried meanwhile.
    expect(calls).toEqual(['first', 'first', 'first', 'second']);
    expect(outbox.items.get()).toMatchObject([{ body: 'second', state: 'queued' }]);
  });

  it('marks a refused reply failed (not retried forever), and retry sends it again', async () => {
    let refuse = true;
    const outbox = new Outbox({
      storage: memoryStorage(),
      send: async (i) => {
        if (refuse) throw new ApiError(403, 'FORBIDDEN', 'not allowed');
        return stored(i, 1);
      },
    });
    const item = await outbox.enqueue({ conversationId: 'c1', body: 'x', type: 'message' });
    await outbox.flush();
    // The refusal's code is kept with its sentence: the screen says the code's text in the agent's language.
    expect(outbox.items.get()[0]).toMatchObject({ state: 'failed', error: 'not allowed', errorCode: 'FORBIDDEN' });
    refuse = false;
    await outbox.retry(item.clientId);
    expect(outbox.items.get()).toEqual([]);
  });

  it('uploads files before sending, saves each attachment id at once, and never uploads one twice', async () => {
    const storage = memoryStorage();
    const uploads: string[] = [];
    let failSecond = true;
    const upload = async (f: { name: string }, onProgress: (sent: number, total: number) => void) => {
      uploads.push(f.name);
      if (f.name === 'b.png' && failSecond) throw new TypeError('Network request failed');
      onProgress(50, 100);
      return `att-${f.name}`;
    };
    const sent: OutboxItem[] = [];
    const send = async (i: OutboxItem) => {
      sent.push(i);
      return stored(i, 1);
    };
    const outbox = new Outbox({ storage, upload, send });
    const files = [
      { uri: 'file:///cache/a.pdf', name: 'a.pdf', type: 'application/pdf', size: 100 },
      { uri: 'file:///cache/b.png', name: 'b.png', type: 'image/png', size: 100 },
    ];
    await outbox.enqueue({ conversationId: 'c1', body: '', type: 'message', files });
    await outbox.flush();
    // The second upload failed on the way: the first one's id is kept, across a restart too.
    expect(JSON.parse((await storage.getItem(OUTBOX_KEY)) ?? '[]')[0].files[0]).toMatchObject({
      attachmentId: 'att-a.pdf',
    });
    expect(outbox.items.get()[0]).toMatchObject({ state: 'queued', progress: undefined });
    failSecond = false;
    const next = new Outbox({ storage, upload, send });
    await next.flush();
    expect(uploads).toEqual(['a.pdf', 'b.png', 'b.png']);
    expect(sent[0]!.files!.map((f) => f.attachmentId)).toEqual(['att-a.pdf', 'att-b.png']);
    expect(next.items.get()).toEqual([]);
  });

  it('fails with a sentence when a file is gone (a web page reloaded), without sending the message', async () => {
    const send = jest.fn();
    const outbox = new Outbox({
      storage: memoryStorage(),
      send,
      upload: async (f) => {
        throw new FileUnavailableError(f.name);
      },
    });
    await outbox.enqueue({
      conversationId: 'c1',
      body: 'see attached',
      type: 'note',
      files: [{ uri: 'blob:http://x/1', name: 'scan.pdf', type: 'application/pdf', size: 10 }],
    });
    await outbox.flush();
    expect(outbox.items.get()[0]).toMatchObject({
      state: 'failed',
      error: 'scan.pdf is no longer on this device: discard this message and attach the file again.',
    });
    expect(send).not.toHaveBeenCalled();
  });
});
