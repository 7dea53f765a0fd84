/**
 * One tab holds the socket; the others listen on a BroadcastChannel. Leadership is a Web Lock: the first tab to ask
 * gets it, the others queue, and when the leader's tab closes (or crashes) the browser releases the lock and the next
 * tab in line becomes leader. The frame's own Web Locks are refused where its storage is (a third party with
 * third-party storage blocked): the loader then holds the lock in the host page (host-locks.ts). Without Web Locks or
 * BroadcastChannel every tab leads (its own socket): correct, just one socket per tab.
 */
export interface LockManagerLike {
  request(name: string, options: { signal: AbortSignal }, callback: () => Promise<unknown>): Promise<unknown>;
}

export interface Channel<M> {
  post(message: M): void;
  close(): void;
}

/**
 * Asks for the lock; `onLeader` runs once this tab has it. `release` gives it back, or withdraws a request still in
 * line: a tab that reset meanwhile must not lead later for the visitor it forgot (it asks again for the new one).
 */
export function electLeader(
  name: string,
  onLeader: () => void,
  locks: LockManagerLike | undefined = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks,
): { release: () => void } {
  if (!locks || typeof BroadcastChannel === 'undefined') {
    queueMicrotask(onLeader);
    return { release: () => {} };
  }
  const withdrawn = new AbortController();
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let isLeading = false;
  locks
    .request(name, { signal: withdrawn.signal }, async () => {
      isLeading = true;
      onLeader();
      await held;
    })
    .catch(() => {
      // Refused (this frame's storage blocked and no host page holding the lock for it): this tab leads alone.
      if (!isLeading && !withdrawn.signal.aborted) onLeader();
    });
  return {
    release: () => {
      withdrawn.abort();
      release();
    },
  };
}

export function openChannel<M>(name: string, onMessage: (message: M) => void): Channel<M> {
  if (typeof BroadcastChannel === 'undefined') return { post() {}, close() {} };
  const channel = new BroadcastChannel(name);
  channel.onmessage = (event: MessageEvent) => onMessage(event.data as M);
  return {
    post: (message) => channel.postMessage(message),
    close: () => channel.close(),
  };
}
