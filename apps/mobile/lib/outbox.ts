import type { TMessage } from '@oceras/protocol';
import { ApiError } from '@oceras/protocol/client';
import { isRetryable, newClientId } from '@oceras/protocol/realtime';
import { type KeyValueStore, readJson } from './storage';
import { createStore } from './store';
import { FileUnavailableError, type LocalFile } from './uploader';

export const OUTBOX_KEY = 'oceras.outbox';

/** A file going with a message: its attachment id once uploaded, its uri until then. */
export interface OutboxFile extends LocalFile {
  attachmentId?: string;
}

export interface OutboxItem {
  /** Sent with the message: the server stores one message per client id, so a retry never doubles it (R8). */
  clientId: string;
  conversationId: string;
  body: string;
  type: 'message' | 'note';
  /** Files to attach, in order; each is uploaded (once) before the message is sent. */
  files?: OutboxFile[];
  /** While its files upload: the share of their bytes sent, 0 to 1. */
  progress?: number;
  createdAt: string;
  /** `failed`: the server refused it (not a network problem); it waits for the agent to retry or discard it. */
  state: 'queued' | 'sending' | 'failed';
  /** The refusal: the server's English sentence, and its stable code (the screen says the code's text). */
  error?: string;
  errorCode?: string;
}

export interface OutboxDeps {
  storage: KeyValueStore;
  send: (item: OutboxItem) => Promise<TMessage>;
  /** Uploads a file, resolving with its attachment id (a new upload URL each time). */
  upload?: (file: LocalFile, onProgress: (sent: number, total: number) => void) => Promise<string>;
  /** Called once per stored message (the thread shows it in place of the pending one). */
  onSent?: (message: TMessage, item: OutboxItem) => void;
  /**
   * While this holds (the app is connected), a flush stopped by a network failure or a busy server is tried again
   * after a pause, so a reply never waits for the next reconnect: the first send after one can meet a network that
   * is not quite back. Without it, the next flush is the caller's.
   */
  retryWhile?: () => boolean;
  /** The pause before retry number `attempt` (0, 1, …): 1 s doubling up to 30 s unless given. */
  retryDelayMs?: (attempt: number) => number;
}

const retryDelay = (attempt: number) => Math.min(1000 * 2 ** attempt, 30_000);

/**
 * Replies written without a connection, persisted, sent in the order written once the connection is back. Sending
 * is single-flight: one flush at a time, so an item is never in two requests at once; and each carries its clientId.
 * A reply's files are uploaded first, each once (its attachment id is saved as soon as it is known). Their uris
 * survive a restart on phones, where the pickers put files in the app's cache; on the web a `blob:` uri dies with
 * the page, and such an item fails with a sentence saying to attach the file again.
 */
export class Outbox {
  readonly items = createStore<OutboxItem[]>([]);
  private flushing: Promise<void> | null = null;
  private loaded: Promise<void> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retries = 0;

  constructor(private deps: OutboxDeps) {}

  /** Reads what a previous run left (an app killed offline keeps its replies). */
  load() {
    this.loaded ??= readJson<OutboxItem[]>(this.deps.storage, OUTBOX_KEY).then((saved) => {
      // Whatever was in flight when the app died is simply queued again: its clientId makes the resend safe.
      const restored = (saved ?? []).map((i) =>
        i.state === 'sending' ? { ...i, state: 'queued' as const, progress: undefined } : i,
      );
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
      ...(item.files?.length ? { files: item.files } : {}),
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
    this.cancelRetry();
    this.flushing ??= this.runFlush().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  async retry(clientId: string) {
    this.items.set((list) =>
      list.map((i) =>
        i.clientId === clientId ? { ...i, state: 'queued', error: undefined, errorCode: undefined } : i,
      ),
    );
    await this.persist();
    return this.flush();
  }

  async discard(clientId: string) {
    this.items.set((list) => list.filter((i) => i.clientId !== clientId));
    await this.persist();
  }

  async clear() {
    this.cancelRetry();
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
        const message = await this.deps.send(await this.uploadFiles(next));
        this.retries = 0;
        this.items.set((list) => list.filter((i) => i.clientId !== next.clientId));
        await this.persist();
        this.deps.onSent?.(message, next);
      } catch (err) {
        // Network trouble, a busy or failing server (SPEC R13): it waits for the next flush.
        if (isRetryable(err) && !(err instanceof FileUnavailableError)) {
          this.update(next.clientId, { state: 'queued', progress: undefined });
          await this.persist();
          this.scheduleRetry();
          return;
        }
        this.update(next.clientId, {
          state: 'failed',
          progress: undefined,
          error: err instanceof Error ? err.message : String(err),
          errorCode: err instanceof ApiError ? err.code : undefined,
        });
        await this.persist();
      }
    }
  }

  private scheduleRetry() {
    if (!this.deps.retryWhile) return;
    const delay = (this.deps.retryDelayMs ?? retryDelay)(this.retries++);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.deps.retryWhile?.()) void this.flush();
    }, delay);
  }

  private cancelRetry() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** Uploads the item's files not uploaded yet, in order, saving each attachment id; returns the item to send. */
  private async uploadFiles(item: OutboxItem): Promise<OutboxItem> {
    const files = item.files ?? [];
    if (files.every((f) => f.attachmentId)) return item;
    const upload = this.deps.upload;
    if (!upload) throw new Error('This app cannot upload files.');
    const total = files.reduce((sum, f) => sum + (f.attachmentId ? 0 : f.size), 0) || 1;
    let done = 0;
    const uploaded = [...files];
    for (const [index, file] of files.entries()) {
      if (file.attachmentId) continue;
      const attachmentId = await upload(file, (sent) =>
        this.update(item.clientId, { progress: Math.min(1, (done + sent) / total) }),
      );
      done += file.size;
      uploaded[index] = { ...file, attachmentId };
      this.update(item.clientId, { files: [...uploaded] });
      await this.persist();
    }
    return { ...item, files: uploaded };
  }

  private update(clientId: string, patch: Partial<OutboxItem>) {
    this.items.set((list) => list.map((i) => (i.clientId === clientId ? { ...i, ...patch } : i)));
  }

  private persist() {
    return this.deps.storage.setItem(OUTBOX_KEY, JSON.stringify(this.items.get()));
  }
}
