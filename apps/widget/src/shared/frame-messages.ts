/**
 * The postMessage protocol between the loader (on the customer's page) and the chat frame (on the Oceras origin).
 * Every message is `{ oceras: 1, t, ... }`. The loader only accepts messages whose `source` is its own iframe and
 * whose `origin` is the Oceras origin; the frame only accepts messages from `window.parent` with the parent's
 * origin (see docs/ARCHITECTURE.md, "Widget").
 */
export type ToFrame =
  | { oceras: 1; t: 'open' }
  | { oceras: 1; t: 'close' }
  | { oceras: 1; t: 'identify'; name?: string; email?: string }
  | { oceras: 1; t: 'reset' };

export type ToLoader =
  | { oceras: 1; t: 'ready' }
  | { oceras: 1; t: 'unread'; n: number }
  | { oceras: 1; t: 'session'; active: boolean }
  | { oceras: 1; t: 'close' };

export const isOcerasMessage = (data: unknown): data is { oceras: 1; t: string } =>
  typeof data === 'object' && data !== null && (data as { oceras?: unknown }).oceras === 1;
