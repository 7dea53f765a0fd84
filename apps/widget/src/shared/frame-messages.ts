/**
 * The postMessage protocol between the loader (on the customer's page) and the chat frame (on the Oceras origin).
 * Every message is `{ oceras: 1, t, ... }`. The loader only accepts messages whose `source` is its own iframe and
 * whose `origin` is the Oceras origin; the frame only accepts messages from `window.parent` with the parent's
 * origin (see docs/ARCHITECTURE.md, "Widget").
 *
 * Storage: the loader keeps the frame's items in the host page's localStorage (first-party, so browsers that refuse
 * or partition the frame's own storage keep them), under the frame's own key names (`oceras.<widgetKey>.<name>`).
 * It tells the frame so with `s=1` in the iframe's hash, answers `ready` with a `snapshot` of those items (null when
 * the page cannot store either), forwards the changes other tabs make (`changed`; a null key means the page's
 * storage was cleared), and writes what the frame sends (`store`; a null value removes the item). Beside them,
 * `oceras:<widgetKey>` = `1` says this browser has a conversation here (`session` messages keep it), so the frame
 * loads with the page; with that flag but no stored session, the items are still in the frame's own storage, where
 * the widget kept them before, and the frame moves them over.
 *
 * Tabs: one tab per browser holds the visitor socket (frame/tab-leader.ts), elected with a Web Lock. The frame's own
 * Web Locks are refused where its storage is, so the loader holds that lock in the host page's Web Locks, which are
 * scoped like the items (the page's origin). It tells the frame so with `l=1` in the hash; the frame sends `lock` to
 * ask, the loader answers `lead` once the page holds `oceras.<widgetKey>.socket` (at once where the page has no Web
 * Locks: every tab then leads), and `unlock` lets it go (a `lead` the frame no longer waits for goes straight back);
 * the browser releases it when the page goes. The frame scopes its relay channel to the page's origin too: that
 * channel spans every origin of the host's site, whose visitors differ.
 */
import type { TWidgetSettings } from '@oceras/protocol';

export type StoredItems = Record<string, string>;

/** What Oceras.identify() takes: labels, and the verified identity (`userHash` signs `userId`, docs/ARCHITECTURE.md). */
export interface Identity {
  userId?: string;
  userHash?: string;
  name?: string;
  email?: string;
}
/** The chat's events for the page, through Oceras.on (`message:received`: an agent's message; `conversation:started`). */
export type ChatEvent = 'message:received' | 'conversation:started';

export type ToFrame =
  | { oceras: 1; t: 'open' }
  | { oceras: 1; t: 'close' }
  | { oceras: 1; t: 'identify'; who?: Identity }
  | { oceras: 1; t: 'reset' }
  | { oceras: 1; t: 'snapshot'; items: StoredItems | null; hasConversation: boolean; who?: Identity }
  | { oceras: 1; t: 'setLocale'; v: string }
  | { oceras: 1; t: 'update'; v: Record<string, unknown> }
  | { oceras: 1; t: 'showNewConversation'; v?: string }
  | { oceras: 1; t: 'changed'; k: string | null; v: string | null }
  | { oceras: 1; t: 'lead' };

export type ToLoader =
  | { oceras: 1; t: 'ready' }
  | { oceras: 1; t: 'unread'; n: number }
  | { oceras: 1; t: 'session'; active: boolean }
  | { oceras: 1; t: 'store'; items: Record<string, string | null> }
  | { oceras: 1; t: 'lock' }
  | { oceras: 1; t: 'unlock' }
  | { oceras: 1; t: 'close' }
  | { oceras: 1; t: 'event'; n: ChatEvent; v: unknown };

/**
 * The dashboard's preview of the widget settings: `/widget/frame.html?key=<widgetKey>&preview=1`, framed by a page of
 * the Oceras origin itself, renders the real components with sample content and no API call, socket or storage. It
 * posts `ready` to its own origin once it listens, and draws each `preview` message it gets from `window.parent`
 * with that same origin (others are ignored). `view` defaults to `home`; `prechat` shows the new-conversation thread
 * when the form is off.
 */
export type PreviewView = 'home' | 'prechat' | 'thread';
export type ToPreview = {
  oceras: 1;
  t: 'preview';
  settings: Omit<TWidgetSettings, 'allowedDomains'>;
  orgName: string;
  view?: PreviewView;
};
export type FromPreview = { oceras: 1; t: 'ready' };

/** The prefix of every item the widget stores for one widget key, in the frame's storage and the page's alike. */
export const storagePrefix = (widgetKey: string) => `oceras.${widgetKey}.`;

export const isOcerasMessage = (data: unknown): data is { oceras: 1; t: string } =>
  typeof data === 'object' && data !== null && (data as { oceras?: unknown }).oceras === 1;
