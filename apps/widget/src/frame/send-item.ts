import { isRetryable } from '@oceras/protocol/realtime';
import { call, HttpError } from './api.js';
import type { OutboxItem, Sender } from './outbox.js';
import type { Action } from './reducer.js';

export interface SendItemDeps {
  token: () => string | null;
  dispatch: (action: Action) => void;
  onSession: (active: boolean) => void;
  load: (conversationId: string) => Promise<void>;
  refreshSoon: () => void;
}

/**
 * The outbox's sender: a message to its conversation, or the first one starting it (both idempotent by client id,
 * SPEC R8). A failure says whether it is worth sending again (R13).
 */
export function sendItem({ token, dispatch, onSession, load, refreshSoon }: SendItemDeps): Sender {
  return async (item: OutboxItem, conversationId: string | null) => {
    const held = token();
    if (!held) return { ok: false, retry: true, reason: 'no session yet' };
    try {
      if (!conversationId) {
        const conversation = await call('startConversation', {
          token: held,
          body: { clientId: item.conversation.slice(4), message: { clientId: item.clientId, body: item.body } },
        });
        dispatch({ type: 'conversation', conversation });
        onSession(true);
        await load(conversation.id).catch(() => {});
        return { ok: true, conversationId: conversation.id };
      }
      const m = await call('sendVisitorMessage', {
        token: held,
        id: conversationId,
        body: { clientId: item.clientId, body: item.body },
      });
      dispatch({ type: 'messages', conversationId, messages: [m] });
      refreshSoon();
      return { ok: true, conversationId };
    } catch (e) {
      return { ok: false, retry: isRetryable(e), reason: e instanceof HttpError ? e.code : 'NETWORK', error: e };
    }
  };
}
