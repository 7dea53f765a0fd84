import type { TMessage } from '@oceras/protocol';
import { isRetryable, newClientId } from '@oceras/protocol/realtime';
import { type KeyValueStore, readJson } from './storage';
import { createStore } from './store';

export const OUTBOX_KEY = 'oceras.outbox';

export interface OutboxItem {
  /** Sent with the message: the server stores one message per client id, so a retry never doubles it (R8). */
  clientId: string;
  conversationId: string;
  body: string;
  type: 'message' | 'note';
  createdAt: string;
  /** `failed`: the server refused it (not a network problem); it waits for the agent to retry or discard it. */
  state: 'queued' | 'sending' | 'failed';
  error?: string;
}

export interface OutboxDeps {
  storage: KeyValueStore;
  send: (item: OutboxItem) => Promise<TMessage>;
  /** Called once per stored message (the thread shows it in place of the pending one). */
  onSent?: (message: TMessage, item: OutboxItem) => void;
}

/**
 * Replies written without a connection, persisted, sent in the order written once the connection is back. Sending
 * is single-flight: one flush at a time, so an item is never in two requests at once; and each carries its clientId.
 */
export class Outbox {
  readonly items = createStore<OutboxItem[]>([]);
  private flushing: Promise<void> | null = null;
  private loaded: Promise<void> | null = null;

  constructor(private deps: OutboxDeps) {}

  /** Reads what a previous run left (an app killed offline keeps its replies). */
  load() {
    this.loaded ??= readJson<OutboxItem[]>(this.deps.storage, OUTBOX_KEY).then((saved) => {
      // Whatever was in flight when the app died is simply queued again: its clientId makes the resend safe.
      const restored = (saved ?? []).map((i) => (i.state === 'sending' ? { ...i, state: 'queued' as const } : i));
      this.items.set((now) => [...restored.filter((r) => !now.some((n) => n.clientId === r.clientId)), ...now]);
    });
    return this.loaded;
  }

  async enqueue(item: Omit<OutboxItem, 'state' | 'createdAt' | 'clientId'> & { clientId?: string }) {
    await this.load();
    const full: OutboxItem = {
      clientId: item.clientId ?? newClientId('m-'),
      conversationId: item.conversationId,
      body: item.body,
      type: item.type,
      createdAt: new Date().toISOString(),
      state: 'queued',
    };
    this.items.set((list) => [...list, full]);
    await this.persist();
    return full;
  }

  pendingFor(conversationId: string) {
    return this.items.get().filter((i) => i.conversationId === conversationId);
  }

  /** Sends everything queued, in order; stops at the first network failure (the rest waits for the next flush). */
  flush(): Promise<void> {
    this.flushing ??= this.runFlush().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  async retry(clientId: string) {
    this.items.set((list) =>
      list.map((i) => (i.clientId === clientId ? { ...i, state: 'queued', error: undefined } : i)),
    );
    await this.persist();
    return this.flush();
  }

  async discard(clientId: string) {
    this.items.set((list) => list.filter((i) => i.clientId !== clientId));
    await this.persist();
  }

  async clear() {
    this.items.set([]);
    await this.deps.storage.removeItem(OUTBOX_KEY);
  }

  private async runFlush() {
    await this.load();
    for (;;) {
      const next = this.items.get().find((i) => i.state === 'queued');
      if (!next) return;
      this.update(next.clientId, { state: 'sending' });
      try {
        const message = await this.deps.send(next);
        this.items.set((list) => list.filter((i) => i.clientId !== next.clientId));
        await this.persist();
        this.deps.onSent?.(message, next);
      } catch (err) {
        // Network trouble, a busy or failing server (SPEC R13): it waits for the next flush.
        if (isRetryable(err)) {
          this.update(next.clientId, { state: 'queued' });
          await this.persist();
          return;
        }
        this.update(next.clientId, { state: 'failed', error: err instanceof Error ? err.message : String(err) });
        await this.persist();
      }
    }
  }

  private update(clientId: string, patch: Partial<OutboxItem>) {
    this.items.set((list) => list.map((i) => (i.clientId === clientId ? { ...i, ...patch } : i)));
  }

  private persist() {
    return this.deps.storage.setItem(OUTBOX_KEY, JSON.stringify(this.items.get()));
  }
}
