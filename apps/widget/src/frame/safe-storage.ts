import type { KeyValueStore } from './outbox.js';

/**
 * localStorage of the frame's origin, or memory when the browser refuses third-party storage (incognito windows,
 * strict tracking protection): the chat still works, it just forgets the visitor on reload.
 */
export function safeStorage(): KeyValueStore {
  try {
    const ls = window.localStorage;
    const probe = '__oceras_probe__';
    ls.setItem(probe, '1');
    ls.removeItem(probe);
    return ls;
  } catch {
    const memory = new Map<string, string>();
    return {
      getItem: (k) => memory.get(k) ?? null,
      setItem: (k, v) => void memory.set(k, v),
      removeItem: (k) => void memory.delete(k),
    };
  }
}
