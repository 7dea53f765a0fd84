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

export class Outbox {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;

  constructor(
    private readonly store: KeyValueStore,
    private readonly key: string,
    private readonly send: Sender,
    private readonly onChange: () => void,
    private readonly backoff: BackoffOptions = { baseMs: 500, capMs: 30_000 },
  ) {}

  items(): OutboxItem[] {
    try {
      const parsed = JSON.parse(this.store.getItem(this.key) ?? '[]') as unknown;
      return Array.isArray(parsed) ? (parsed as OutboxItem[]) : [];
    } catch {
      return [];
    }
  }

  /** Conversations started from this browser: `new:<clientId>` resolved to the server's id. */
  started(): Record<string, string> {
    try {
      return JSON.parse(this.store.getItem(`${this.key}.started`) ?? '{}') as Record<string, string>;
    } catch {
      return {};
    }
  }

  add(item: Omit<OutboxItem, 'createdAt'>) {
    this.write([...this.items(), { ...item, createdAt: new Date().toISOString() }]);
    void this.flush();
  }

  clear() {
    this.write([]);
    this.store.removeItem(`${this.key}.started`);
  }

  /**
   * Sends every pending item in order, one at a time; stops at the first retryable failure and retries later. A call
   * during a flush joins it (and makes it look again for items added meanwhile).
   */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    do {
      this.again = false;
      for (;;) {
        const item = this.items().find((i) => !i.failed);
        if (!item) break;
        const result = await this.send(item, this.resolve(item.conversation));
        if (result.ok) {
          if (item.conversation.startsWith('new:'))
            this.store.setItem(
              `${this.key}.started`,
              JSON.stringify({ ...this.started(), [item.conversation]: result.conversationId }),
            );
          this.write(this.items().filter((i) => i.clientId !== item.clientId));
          this.attempt = 0;
          continue;
        }
        if (!result.retry) {
          this.write(this.items().map((i) => (i.clientId === item.clientId ? { ...i, failed: result.reason } : i)));
          continue;
        }
        this.timer = setTimeout(() => void this.flush(), retryDelay(result.error, this.attempt++, this.backoff));
        return;
      }
    } while (this.again);
  }

  /** Drops a message that failed for good. */
  discard(clientId: string) {
    this.write(this.items().filter((i) => i.clientId !== clientId));
  }

  stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private resolve(conversation: string): string | null {
    if (!conversation.startsWith('new:')) return conversation;
    return this.started()[conversation] ?? null;
  }

  private write(items: OutboxItem[]) {
    this.store.setItem(this.key, JSON.stringify(items));
    this.onChange();
  }
}
