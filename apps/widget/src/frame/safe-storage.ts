import type { KeyValueStore } from './outbox.js';

/**
 * The frame's own localStorage, or memory when the browser refuses it (third-party storage blocked): then the chat
 * still works but forgets the visitor on reload. Used when the loader does not keep the items in the host page's
 * storage (see loader-storage.ts), or that page cannot store either.
 */
export function safeStorage(): KeyValueStore {
  try {
    const ls = window.localStorage;
    const probe = '__oceras_probe__';
    ls.setItem(probe, '1');
    ls.removeItem(probe);
    // A wrapper, not localStorage itself: a property set on it would become a stored item.
    return {
      getItem: (k) => ls.getItem(k),
      setItem: (k, v) => ls.setItem(k, v),
      removeItem: (k) => ls.removeItem(k),
      isPersistent: true,
    };
  } catch {
    const memory = new Map<string, string>();
    return {
      getItem: (k) => memory.get(k) ?? null,
      setItem: (k, v) => void memory.set(k, v),
      removeItem: (k) => void memory.delete(k),
      isPersistent: false,
    };
  }
}
