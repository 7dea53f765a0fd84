import type { TConversationBase, TMessage } from '@oceras/protocol';
import type { QueryClient } from '@tanstack/react-query';
import { createStore } from './store';

/** Messages that arrived while the tab was hidden: shown as "(3) Oceras" in the title. */
export const unseen = createStore(0);

export const notificationsSupported = () => typeof Notification !== 'undefined';

/** Asked only from a click (browsers ignore or penalise permission prompts without a user gesture). */
export async function askNotificationPermission() {
  if (!notificationsSupported()) return 'denied' as const;
  return Notification.requestPermission();
}

/** A conversation the agent should hear about: theirs, or nobody's yet. */
const concernsMe = (c: TConversationBase, meId: string) => c.assigneeId === meId || c.assigneeId === null;

export function notifyMessage(_qc: QueryClient, meId: string, conv: TConversationBase, msg: TMessage | null) {
  if (!concernsMe(conv, meId)) return;
  if (typeof document === 'undefined' || !document.hidden) return;
  unseen.set((n) => n + 1);
  if (!notificationsSupported() || Notification.permission !== 'granted') return;
  const who = conv.visitor.name ?? conv.visitor.email ?? `Visitor #${conv.number}`;
  const body = msg?.body ?? conv.lastMessagePreview ?? 'New conversation';
  // Plain text only: the Notification API renders no HTML.
  const n = new Notification(msg ? `${who} wrote` : `New conversation from ${who}`, {
    body: body.slice(0, 200),
    tag: conv.id,
  });
  n.onclick = () => {
    window.focus();
    history.pushState(null, '', `/conversations/${conv.id}`);
    dispatchEvent(new PopStateEvent('popstate'));
    n.close();
  };
}

if (typeof document !== 'undefined') {
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) unseen.set(0);
  });
}
