import { describe, expect, it } from 'vitest';
import { createOutbox, type KeyValueStore, type OutboxItem, type SendResult } from './outbox.js';

const memory = (): KeyValueStore & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
};

describe('Outbox', () => {
  it('sends in order, one at a time, and forgets what the server confirmed', async () => {
    const store = memory();
    const sent: string[] = [];
    let inFlight = 0;
    const box = createOutbox(
      store,
      'ob',
      async (item, id) => {
        inFlight++;
        expect(inFlight).toBe(1);
        await new Promise((r) => setTimeout(r, 5));
        sent.push(`${id}:${item.body}`);
        inFlight--;
        return { ok: true, conversationId: id! };
      },
      () => {},
    );
    box.add({ clientId: 'c1-aaaaaaaa', conversation: 'conv-1', body: 'one' });
    box.add({ clientId: 'c2-aaaaaaaa', conversation: 'conv-1', body: 'two' });
    box.add({ clientId: 'c3-aaaaaaaa', conversation: 'conv-1', body: 'three' });
    await box.flush();
    await new Promise((r) => setTimeout(r, 50));
    expect(sent).toEqual(['conv-1:one', 'conv-1:two', 'conv-1:three']);
    expect(box.items()).toEqual([]);
  });

  it('keeps messages across a reload (it lives in storage) and retries after a network failure', async () => {
    const store = memory();
    let isOnline = false;
    const calls: string[] = [];
    const send = async (item: OutboxItem): Promise<SendResult> => {
      calls.push(item.clientId);
      return isOnline ? { ok: true, conversationId: 'conv-1' } : { ok: false, retry: true, reason: 'NETWORK' };
    };
    const first = createOutbox(store, 'ob', send, () => {}, { baseMs: 10, capMs: 10 });
    first.add({ clientId: 'keep-me-1', conversation: 'conv-1', body: 'hello' });
    await first.flush();
    first.stop();
    expect(first.items().map((i) => i.clientId)).toEqual(['keep-me-1']);

    const afterReload = createOutbox(store, 'ob', send, () => {}, { baseMs: 10, capMs: 10 });
    expect(afterReload.items().map((i) => i.body)).toEqual(['hello']);
    isOnline = true;
    await new Promise((r) => setTimeout(r, 30));
    await afterReload.flush();
    expect(afterReload.items()).toEqual([]);
    expect(new Set(calls)).toEqual(new Set(['keep-me-1']));
  });

  it('starts a new conversation once and sends its later messages there', async () => {
    const store = memory();
    const seen: [string, string | null][] = [];
    const box = createOutbox(
      store,
      'ob',
      async (item, id) => {
        seen.push([item.body, id]);
        return { ok: true, conversationId: id ?? 'conv-new' };
      },
      () => {},
    );
    box.add({ clientId: 'm1-aaaaaaaa', conversation: 'new:conv-client-1', body: 'first' });
    box.add({ clientId: 'm2-aaaaaaaa', conversation: 'new:conv-client-1', body: 'second' });
    await box.flush();
    expect(seen).toEqual([
      ['first', null],
      ['second', 'conv-new'],
    ]);
    expect(box.started()).toEqual({ 'new:conv-client-1': 'conv-new' });
  });

  it('marks a refused message as failed, moves on, and can discard it', async () => {
    const store = memory();
    const box = createOutbox(
      store,
      'ob',
      async (item) =>
        item.body === 'bad'
          ? { ok: false, retry: false, reason: 'VALIDATION_FAILED' }
          : { ok: true, conversationId: 'conv-1' },
      () => {},
    );
    box.add({ clientId: 'bad-aaaaaaa', conversation: 'conv-1', body: 'bad' });
    box.add({ clientId: 'good-aaaaaa', conversation: 'conv-1', body: 'good' });
    await box.flush();
    expect(box.items()).toMatchObject([{ clientId: 'bad-aaaaaaa', failed: 'VALIDATION_FAILED' }]);
    box.discard('bad-aaaaaaa');
    expect(box.items()).toEqual([]);
  });

  it('keeps a message with files in its place: what follows waits while its files cannot go, then goes after it', async () => {
    const store = memory();
    let isOnline = false;
    const sent: string[] = [];
    const box = createOutbox(
      store,
      'ob',
      async (item) => {
        if (item.files && !isOnline) return { ok: false, retry: true, reason: 'NETWORK' };
        sent.push(item.clientId);
        return { ok: true, conversationId: 'conv-1' };
      },
      () => {},
      { baseMs: 10, capMs: 10 },
    );
    box.add({
      clientId: 'file-aaaaaa',
      conversation: 'conv-1',
      body: '',
      files: [{ name: 'a.png', type: 'image/png', size: 9 }],
    });
    box.add({ clientId: 'text-aaaaaa', conversation: 'conv-1', body: 'after the file' });
    await box.flush();
    expect(sent).toEqual([]);
    // Only names and sizes are stored: the bytes stay in the page (store.ts, send-files.ts).
    expect(JSON.parse(store.data.get('ob')!)[0].files).toEqual([{ name: 'a.png', type: 'image/png', size: 9 }]);
    // The ids of files stored so far are kept on the item (a later try sends only the others).
    box.update('file-aaaaaa', { files: [{ name: 'a.png', type: 'image/png', size: 9, id: 'att-1' }] });
    expect(box.items()[0]!.files![0]!.id).toBe('att-1');
    box.update('gone-aaaaaa', { body: 'nothing' });
    expect(box.items().map((i) => i.clientId)).toEqual(['file-aaaaaa', 'text-aaaaaa']);
    isOnline = true;
    await new Promise((r) => setTimeout(r, 30));
    await box.flush();
    expect(sent).toEqual(['file-aaaaaa', 'text-aaaaaa']);
    box.stop();
  });
});
