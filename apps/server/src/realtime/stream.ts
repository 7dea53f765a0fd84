import { LIMITS } from '@oceras/protocol';

export interface StreamItem {
  seq: number;
  type: string;
  at: string;
  payload: unknown;
}

export interface StreamSource {
  /** Events after `after`, ascending, at most `limit`. */
  since(after: number, limit: number): Promise<StreamItem[]>;
  /** The newest sequence the stream has handed out. */
  head(): Promise<number>;
}

const GAP_WAIT_MS = 150;
/** A gap whose reading failed (the database away or slow) is tried again after this, doubling up to the most. */
const GAP_RETRY_MAX_MS = 10_000;

/**
 * One socket's view of its stream (the organization's for agents, the visitor's own for visitors). It delivers
 * each sequence exactly once and in order (SPEC.md R3-R5): while the socket catches up, live events wait in a
 * buffer; an event that arrives ahead of a missing one waits briefly, then the gap is read from the events table.
 */
export class SocketStream {
  last = 0;
  private syncing = true;
  private readonly buffer = new Map<number, StreamItem>();
  private gapTimer: NodeJS.Timeout | null = null;
  private gapWaitMs = GAP_WAIT_MS;
  private closed = false;

  constructor(
    private readonly source: StreamSource,
    private readonly emit: (item: StreamItem) => void,
    private readonly onSyncRequired: (seq: number, reason: 'too_old' | 'too_many') => void,
  ) {}

  /** Replays from `lastSeq` (or starts at the head), then goes live. Returns how many events were replayed. */
  async start(lastSeq: number | undefined): Promise<number> {
    const head = await this.source.head();
    let replayed = 0;
    if (lastSeq === undefined || lastSeq === head) {
      this.last = head;
    } else if (lastSeq > head || lastSeq < 0) {
      this.last = head;
      this.onSyncRequired(head, 'too_old');
    } else {
      replayed = await this.catchUp(lastSeq, head);
    }
    this.syncing = false;
    this.drain();
    return replayed;
  }

  /**
   * The common case, for a broadcast: the socket is live and `item` is exactly the next one. Marks it delivered
   * and returns true; the caller sends it (once encoded for every such socket). Otherwise returns false and
   * the caller offers it.
   */
  takeIfNext(item: StreamItem): boolean {
    if (this.closed || this.syncing || this.buffer.size > 0 || item.seq !== this.last + 1) return false;
    this.last = item.seq;
    return true;
  }

  offer(item: StreamItem) {
    if (this.closed || item.seq <= this.last) return;
    this.buffer.set(item.seq, item);
    if (!this.syncing) this.drain();
  }

  close() {
    this.closed = true;
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.buffer.clear();
  }

  private async catchUp(from: number, head: number): Promise<number> {
    if (head - from > LIMITS.replayMax) {
      this.last = head;
      this.onSyncRequired(head, 'too_many');
      return 0;
    }
    const items = await this.source.since(from, LIMITS.replayMax);
    if ((items.length > 0 && items[0]!.seq !== from + 1) || (items.length === 0 && head > from)) {
      // The oldest events were pruned: replay would leave a hole.
      this.last = head;
      this.onSyncRequired(head, 'too_old');
      return 0;
    }
    this.last = from;
    for (const item of items) this.deliver(item);
    return items.length;
  }

  private deliver(item: StreamItem) {
    if (this.closed || item.seq !== this.last + 1) return;
    this.last = item.seq;
    this.buffer.delete(item.seq);
    this.emit(item);
  }

  private drain() {
    for (const seq of [...this.buffer.keys()]) if (seq <= this.last) this.buffer.delete(seq);
    let next = this.buffer.get(this.last + 1);
    while (next) {
      this.deliver(next);
      next = this.buffer.get(this.last + 1);
    }
    if (this.buffer.size > 0 && !this.gapTimer) {
      this.gapTimer = setTimeout(() => void this.fillGap(), this.gapWaitMs);
      this.gapTimer.unref();
    }
  }

  private async fillGap() {
    this.gapTimer = null;
    if (this.closed || this.buffer.size === 0) return;
    this.syncing = true;
    try {
      const head = await this.source.head();
      await this.catchUp(this.last, head);
      this.gapWaitMs = GAP_WAIT_MS;
    } catch {
      // The events table could not be read (the database is away, or slower than its query timeout). It was an
      // unhandled rejection, which ended the process (the soak bench found it). The buffered events keep waiting
      // and the gap is read again later, less often while it keeps failing; the socket is never given a hole.
      this.gapWaitMs = Math.min(this.gapWaitMs * 2, GAP_RETRY_MAX_MS);
    } finally {
      this.syncing = false;
      this.drain();
    }
  }
}
