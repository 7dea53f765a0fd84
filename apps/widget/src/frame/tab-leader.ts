/**
 * One tab holds the socket; the others listen on a BroadcastChannel. Leadership is a Web Lock: the first tab to ask
 * gets it, the others queue, and when the leader's tab closes (or crashes) the browser releases the lock and the next
 * tab in line becomes leader. Without Web Locks or BroadcastChannel every tab leads (its own socket): correct, just
 * one socket per tab.
 */
export interface LockManagerLike {
  request(name: string, callback: () => Promise<unknown>): Promise<unknown>;
}

export interface Channel<M> {
  post(message: M): void;
  close(): void;
}

export function electLeader(
  name: string,
  onLeader: () => void,
  locks: LockManagerLike | undefined = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks,
): { release: () => void } {
  let release: () => void = () => {};
  if (!locks || typeof BroadcastChannel === 'undefined') {
    queueMicrotask(onLeader);
    return { release };
  }
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let isLeading = false;
  locks
    .request(name, async () => {
      isLeading = true;
      onLeader();
      await held;
    })
    .catch(() => {
      // Storage blocked for this frame (third-party storage off): no lock, so this tab leads alone.
      if (!isLeading) onLeader();
    });
  return { release: () => release() };
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
