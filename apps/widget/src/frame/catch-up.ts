import { call } from './api.js';
import type { Action, ChatState } from './reducer.js';

export interface CatchUpDeps {
  token: () => string | null;
  state: () => ChatState;
  dispatch: (action: Action) => void;
  /** Whether this browser has a conversation here (the loader loads the frame early for unread). */
  onSession: (active: boolean) => void;
}

/**
 * What the chat reads over REST: at boot and when the stream cannot say what was missed (SPEC R4, R5), a thread
 * opened, and the conversation list after a message (agents' "seen" and assignment are not pushed to visitors).
 */
export function catchUp({ token, state, dispatch, onSession }: CatchUpDeps) {
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;

  /** Every message after the last one held (all of them, a page at a time, for a thread not loaded). */
  const load = async (conversationId: string) => {
    let after = state().messages[conversationId]?.at(-1)?.seq;
    for (let page = 0; page < 20; page++) {
      const res = await call('listVisitorMessages', {
        token: token(),
        id: conversationId,
        query: after === undefined ? { limit: 100 } : { after, limit: 100 },
      });
      dispatch({ type: 'messages', conversationId, messages: res.messages });
      if (after === undefined || !res.hasMore || res.messages.length === 0) break;
      after = res.messages.at(-1)!.seq;
    }
  };

  /** The conversation list, and the messages of the five most recent and of the one on screen. */
  const refetch = async () => {
    const held = token();
    if (!held) return;
    try {
      const { conversations } = await call('listVisitorConversations', { token: held });
      if (token() !== held) return; // another visitor's list now (reset() or identify())
      dispatch({ type: 'conversations', conversations });
      const view = state().view;
      const wanted = new Set(conversations.slice(0, 5).map((c) => c.id));
      if (view && !view.startsWith('new:')) wanted.add(view);
      await Promise.all([...wanted].filter((id) => conversations.some((c) => c.id === id)).map(load));
      if (conversations.length > 0) onSession(true);
    } catch {
      /* offline: the socket reconnect or the next open tries again */
    }
  };

  /** The conversation list, once for a burst of events. */
  const refreshSoon = () => {
    if (refreshTimer) return;
    refreshTimer = setTimeout(async () => {
      refreshTimer = null;
      const held = token();
      if (!held) return;
      try {
        const { conversations } = await call('listVisitorConversations', { token: held });
        if (token() !== held) return;
        dispatch({ type: 'conversations', conversations });
        onSession(conversations.length > 0);
      } catch {
        /* next event retries */
      }
    }, 300);
  };

  return { load, refetch, refreshSoon };
}
