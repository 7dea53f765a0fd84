import type { LockManagerLike } from './tab-leader.js';

/**
 * The socket lock, held by the loader in the host page's Web Locks (`l=1`, see shared/frame-messages.ts). The frame's
 * own Web Locks are refused where its storage is, so without this every tab would open its own socket there; and the
 * host page's locks are scoped like its storage (its origin), which holds the visitor the socket is for.
 *
 * `lock` asks, the loader's `lead` grants, `unlock` gives back once the callback settles. A request withdrawn (its
 * signal aborted) while in line is dropped here; its `lead`, when it comes, is given back at once. One request at a
 * time: the frame asks for one lock only, and withdraws or releases it before asking again.
 */
export function hostLocks(post: (t: 'lock' | 'unlock') => void) {
  let waiting: (() => void) | null = null;
  const locks: LockManagerLike = {
    request(_name, { signal }, callback) {
      return new Promise((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason);
        const withdraw = () => {
          if (waiting !== grant) return;
          waiting = null;
          reject(signal.reason);
        };
        const grant = () => {
          waiting = null;
          signal.removeEventListener('abort', withdraw);
          callback()
            .then(resolve, reject)
            .finally(() => post('unlock'));
        };
        waiting = grant;
        signal.addEventListener('abort', withdraw, { once: true });
        post('lock');
      });
    },
  };
  return {
    locks,
    /** The loader's `lead`: the waiting request's turn, or (withdrawn meanwhile) the lock goes back. */
    lead() {
      if (waiting) waiting();
      else post('unlock');
    },
  };
}
