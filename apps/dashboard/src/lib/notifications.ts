import type { TConversationBase, TMessage } from '@oceras/protocol';
import { currentStrings, fill } from '../i18n/i18n';
import { visitorName } from './format';
import { paths } from './paths';

export const notificationsSupported = () => typeof Notification !== 'undefined';

/** Asked only from a click (browsers ignore or penalise permission prompts without a user gesture). */
export async function askNotificationPermission() {
  if (!notificationsSupported()) return 'denied' as const;
  return Notification.requestPermission();
}

/** A conversation the agent should hear about: theirs, or nobody's yet. */
const concernsMe = (c: TConversationBase, meId: string) => c.assigneeId === meId || c.assigneeId === null;

/**
 * Tells the agent about a visitor's message while the tab is hidden: a browser notification when allowed. Returns
 * whether it counts for the title ("(3) Oceras"), which the caller keeps (live-sync.ts).
 */
export function notifyMessage(meId: string, conv: TConversationBase, msg: TMessage | null) {
  if (!concernsMe(conv, meId)) return false;
  if (typeof document === 'undefined' || !document.hidden) return false;
  if (!notificationsSupported() || Notification.permission !== 'granted') return true;
  const t = currentStrings().notify;
  const name = visitorName(conv);
  const body = msg?.body ?? conv.lastMessagePreview ?? t.newConversation;
  // Plain text only: the Notification API renders no HTML.
  const n = new Notification(fill(msg ? t.wrote : t.newFrom, { name }), {
    body: body.slice(0, 200),
    tag: conv.id,
  });
  n.onclick = () => {
    window.focus();
    history.pushState(null, '', paths.conversation(conv.id));
    dispatchEvent(new PopStateEvent('popstate'));
    n.close();
  };
  return true;
}
