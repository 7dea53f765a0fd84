import { type BackoffOptions, retryDelay } from '@oceras/protocol/realtime';

/**
 * Messages the visitor wrote that the server has not confirmed yet, kept in localStorage so a reload, a dropped
 * connection or a closed tab loses nothing. Each has a client id: sending it twice stores it once (the protocol's
 * clientId idempotency), so several tabs flushing the same outbox is safe. A message for a conversation not yet
 * started targets `new:<conversation client id>`; starting is idempotent by that client id too.
 */
export interface OutboxItem {
  clientId: string;
  /** A conversation id, or `new:<clientId of the conversation to start>`. */
  conversation: string;
  body: string;
  createdAt: string;
  /** Set when the server refused it for good (validation, gone): shown as not sent, never retried. */
  failed?: string;
  /**
   * Files sent with it (then `body` is ''): their names and sizes only. The bytes stay in the memory of the tab that
   * took them (`tab`), never in storage: a reload or a closed tab loses the files not sent yet (store.ts).
   */
  files?: OutboxFile[];
  tab?: string;
}

/** Why a file item failed when no tab holds its bytes any more (a reload, a closed tab). */
export const LOST = 'LOST';

export interface OutboxFile {
  name: string;
  type: string;
  size: number;
  /** The attachment's id once its bytes are stored: a retry sends only the files without one. */
  id?: string;
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  /** The items outlive this page and the other tabs of this browser see them (false or absent: memory only). */
  readonly isPersistent?: boolean;
}

/** A failure says whether to send again (SPEC R13); its `error` may say after how long (`retryAfterMs`). */
export type SendResult =
  | { ok: true; conversationId: string }
  | { ok: false; retry: boolean; reason: string; error?: unknown };
export type Sender = (item: OutboxItem, conversationId: string | null) => Promise<SendResult>;

export interface Outbox {
  items(): OutboxItem[];
  /** Conversations started from this browser: `new:<clientId>` resolved to the server's id. */
  started(): Record<string, string>;
  add(item: Omit<OutboxItem, 'createdAt'>): void;
  /** Changes a pending item (its files' ids as they are stored); nothing if it is gone. */
  update(clientId: string, change: Partial<OutboxItem>): void;
  clear(): void;
  /**
   * Sends every pending item in order, one at a time; stops at the first retryable failure and retries later. A call
   * during a flush joins it (and makes it look again for items added meanwhile).
   */
  flush(): Promise<void>;
  /** Drops a message that failed for good. */
  discard(clientId: string): void;
  stop(): void;
}

export function createOutbox(
  store: KeyValueStore,
  key: string,
  send: Sender,
  onChange: () => void,
  backoff: BackoffOptions = { baseMs: 500, capMs: 30_000 },
): Outbox {
  let running: Promise<void> | null = null;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  const startedKey = `${key}.started`;

  const read = <T>(name: string, fallback: T): T => {
    try {
      return (JSON.parse(store.getItem(name) ?? 'null') as T | null) ?? fallback;
    } catch {
      return fallback;
    }
  };
  const items = () => {
    const parsed = read<unknown>(key, []);
    return Array.isArray(parsed) ? (parsed as OutboxItem[]) : [];
  };
  const started = () => read<Record<string, string>>(startedKey, {});
  const write = (list: OutboxItem[]) => {
    store.setItem(key, JSON.stringify(list));
    onChange();
  };
  const resolve = (conversation: string): string | null =>
    conversation.startsWith('new:') ? (started()[conversation] ?? null) : conversation;

  const run = async () => {
    clearTimeout(timer);
    do {
      again = false;
      for (;;) {
        const item = items().find((i) => !i.failed);
        if (!item) break;
        const result = await send(item, resolve(item.conversation));
        if (result.ok) {
          if (item.conversation.startsWith('new:'))
            store.setItem(startedKey, JSON.stringify({ ...started(), [item.conversation]: result.conversationId }));
          write(items().filter((i) => i.clientId !== item.clientId));
          attempt = 0;
          continue;
        }
        if (!result.retry) {
          write(items().map((i) => (i.clientId === item.clientId ? { ...i, failed: result.reason } : i)));
          continue;
        }
        timer = setTimeout(() => void outbox.flush(), retryDelay(result.error, attempt++, backoff));
        return;
      }
    } while (again);
  };

  const outbox: Outbox = {
    items,
    started,
    add(item) {
      write([...items(), { ...item, createdAt: new Date().toISOString() }]);
      void outbox.flush();
    },
    clear() {
      write([]);
      store.removeItem(startedKey);
    },
    flush() {
      if (running) {
        again = true;
        return running;
      }
      running = run().finally(() => {
        running = null;
      });
      return running;
    },
    update: (clientId, change) => write(items().map((i) => (i.clientId === clientId ? { ...i, ...change } : i))),
    discard: (clientId) => write(items().filter((i) => i.clientId !== clientId)),
    stop: () => clearTimeout(timer),
  };
  return outbox;
}
