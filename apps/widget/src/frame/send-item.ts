import { isRetryable } from '@oceras/protocol/realtime';
import { call, HttpError } from './api.js';
import type { OutboxItem, Sender, SendResult } from './outbox.js';
import type { Action } from './reducer.js';

export interface SendItemDeps {
  token: () => string | null;
  dispatch: (action: Action) => void;
  onSession: (active: boolean) => void;
  load: (conversationId: string) => Promise<void>;
  refreshSoon: () => void;
  /** The ids of the item's files, stored first where they are not yet (store.ts); or why not. */
  files: (item: OutboxItem, token: string) => Promise<string[] | Extract<SendResult, { ok: false }>>;
}

/**
 * The outbox's sender: a message to its conversation, or the first one starting it (both idempotent by client id,
 * SPEC R8). A failure says whether it is worth sending again (R13).
 */
export function sendItem({ token, dispatch, onSession, load, refreshSoon, files }: SendItemDeps): Sender {
  return async (item: OutboxItem, conversationId: string | null) => {
    const held = token();
    if (!held) return { ok: false, retry: true, reason: 'no session yet' };
    const attachmentIds = item.files ? await files(item, held) : [];
    if (!Array.isArray(attachmentIds)) return attachmentIds;
    const message = { clientId: item.clientId, body: item.body, attachmentIds };
    try {
      if (!conversationId) {
        // The first message starts the conversation, files and all, in one idempotent call (a retry repeats it).
        const conversation = await call('startConversation', {
          token: held,
          body: { clientId: item.conversation.slice(4), message },
        });
        dispatch({ type: 'conversation', conversation });
        onSession(true);
        await load(conversation.id).catch(() => {});
        return { ok: true, conversationId: conversation.id };
      }
      const m = await call('sendVisitorMessage', {
        token: held,
        id: conversationId,
        body: message,
      });
      dispatch({ type: 'messages', conversationId, messages: [m] });
      refreshSoon();
      return { ok: true, conversationId };
    } catch (e) {
      // A message with files says why in the server's words (shown under the files); a text message, its code.
      const reason = e instanceof HttpError ? (item.files ? e.message : e.code) : 'NETWORK';
      return { ok: false, retry: isRetryable(e), reason, error: e };
    }
  };
}
