import type { TConversation } from '@oceras/protocol';
import { useMutation } from '@tanstack/react-query';
import { fill, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';

/**
 * "Email transcript": sends the conversation's public messages (never notes) to the visitor's email now, through the
 * outbound queue (follow it in Settings › Email). Shown when the visitor left an address and was not erased.
 */
export function SendTranscript({ conv }: { conv: TConversation }) {
  const send = useMutation({
    mutationFn: () => api.call('sendConversationTranscript', { params: { id: conv.id } }),
  });
  const t = useStrings().conversation.actions;
  if (!conv.visitor.email || conv.visitor.isErased) return null;
  return (
    <div className="action-row">
      <button type="button" className="btn" disabled={send.isPending} onClick={() => send.mutate()}>
        {t.emailTranscript}
      </button>
      {send.isSuccess && (
        <span className="muted" role="status">
          {fill(t.transcriptQueued, { recipient: send.data.recipient })}
        </span>
      )}
      {send.isError && (
        <span className="error" role="alert">
          {errorMessage(send.error)}
        </span>
      )}
    </div>
  );
}
