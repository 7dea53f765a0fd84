import { call } from './api.js';
import type { KeyValueStore } from './outbox.js';

export interface ReadMarks {
  stored(): Record<string, number>;
  /** Saves the marks here now, and tells the server about this conversation's soon. */
  mark(marks: Record<string, number>, conversationId: string, token: string | null): void;
  forget(): void;
}

/**
 * How far the visitor has read each conversation: kept in storage (the launcher's unread count survives a reload and
 * other tabs follow) and sent to the server, debounced, for the agents' "seen".
 */
export function readMarks(key: string, storage: KeyValueStore): ReadMarks {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    stored() {
      try {
        return (JSON.parse(storage.getItem(key) ?? 'null') as Record<string, number> | null) ?? {};
      } catch {
        return {};
      }
    },
    mark(marks, conversationId, token) {
      storage.setItem(key, JSON.stringify(marks));
      const seq = marks[conversationId];
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (token && seq) void call('markVisitorRead', { token, id: conversationId, body: { seq } }).catch(() => {});
      }, 500);
    },
    forget: () => storage.removeItem(key),
  };
}
