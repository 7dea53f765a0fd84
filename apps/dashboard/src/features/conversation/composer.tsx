import { forwardRef, type KeyboardEvent, useImperativeHandle, useRef, useState } from 'react';

export type ComposerMode = 'message' | 'note';

interface Outgoing {
  clientId: string;
  body: string;
  type: ComposerMode;
  state: 'sending' | 'failed';
}

export interface ComposerHandle {
  focus(mode: ComposerMode): void;
}

export interface ComposerProps {
  /** Stores the message; the same clientId on a retry is stored once (R8). Rejects when it was not stored. */
  onSend: (body: string, type: ComposerMode, clientId: string) => Promise<void>;
  onTyping?: (isTyping: boolean, isNote: boolean) => void;
  newClientId: () => string;
  isDisabled?: boolean;
  /** False when the conversation is a colleague's: notes only (the server refuses the reply). */
  canReply?: boolean;
}

/**
 * Reply or internal note. Enter sends, Shift+Enter adds a line. A message that failed to send stays below with a
 * Retry that sends the same clientId again, so a retry after a lost answer never stores it twice.
 */
export const Composer = forwardRef<ComposerHandle, ComposerProps>(function Composer(
  { onSend, onTyping, newClientId, isDisabled, canReply = true },
  ref,
) {
  const [chosen, setMode] = useState<ComposerMode>('message');
  const mode: ComposerMode = canReply ? chosen : 'note';
  const [body, setBody] = useState('');
  const [outgoing, setOutgoing] = useState<Outgoing[]>([]);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const isTyping = useRef(false);

  useImperativeHandle(ref, () => ({
    focus(m) {
      setMode(m);
      textRef.current?.focus();
    },
  }));

  const stopTyping = () => {
    if (typingTimer.current) clearTimeout(typingTimer.current);
    if (isTyping.current) onTyping?.(false, mode === 'note');
    isTyping.current = false;
  };

  const attempt = async (o: Outgoing) => {
    setOutgoing((list) => [...list.filter((x) => x.clientId !== o.clientId), { ...o, state: 'sending' }]);
    try {
      await onSend(o.body, o.type, o.clientId);
      setOutgoing((list) => list.filter((x) => x.clientId !== o.clientId));
    } catch {
      setOutgoing((list) => list.map((x) => (x.clientId === o.clientId ? { ...x, state: 'failed' } : x)));
    }
  };

  const send = () => {
    const text = body.trim();
    if (!text || isDisabled) return;
    setBody('');
    stopTyping();
    void attempt({ clientId: newClientId(), body: text, type: mode, state: 'sending' });
  };

  const handleKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    } else if (e.key === 'Escape') e.currentTarget.blur();
  };

  const handleChange = (value: string) => {
    setBody(value);
    if (!isTyping.current && value) {
      isTyping.current = true;
      onTyping?.(true, mode === 'note');
    }
    if (typingTimer.current) clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(stopTyping, value ? 3_000 : 0);
  };

  const isNote = mode === 'note';
  return (
    <div className={`composer ${isNote ? 'composer-note' : ''}`}>
      {outgoing.length > 0 && (
        <ul className="outgoing" aria-label="Unsent messages">
          {outgoing.map((o) => (
            <li key={o.clientId} className={`outgoing-item ${o.type === 'note' ? 'is-note' : ''}`}>
              <span className="outgoing-body">{o.body}</span>
              {o.state === 'sending' ? (
                <span className="muted">Sending…</span>
              ) : (
                <>
                  <span className="error" role="alert">
                    Not sent.
                  </span>
                  <button type="button" className="btn btn-small" onClick={() => void attempt(o)}>
                    Retry
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="composer-tabs" role="tablist" aria-label="Composer mode">
        <button
          type="button"
          role="tab"
          aria-selected={!isNote}
          className={!isNote ? 'active' : ''}
          disabled={!canReply}
          title={canReply ? undefined : 'Assigned to a colleague: notes only'}
          onClick={() => setMode('message')}
        >
          Reply
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={isNote}
          className={isNote ? 'active' : ''}
          onClick={() => setMode('note')}
        >
          Internal note
        </button>
      </div>
      <textarea
        ref={textRef}
        aria-label={isNote ? 'Internal note' : 'Reply'}
        placeholder={isNote ? 'Only your team sees notes' : 'Write a reply… (Enter sends, Shift+Enter for a new line)'}
        value={body}
        rows={3}
        disabled={isDisabled}
        onChange={(e) => handleChange(e.target.value)}
        onKeyDown={handleKeyDown}
        onBlur={stopTyping}
      />
      <div className="composer-actions">
        <span className="muted">{isNote ? 'Visible to agents only' : 'The visitor sees this'}</span>
        <button type="button" className="btn btn-primary" onClick={send} disabled={!body.trim() || isDisabled}>
          {isNote ? 'Add note' : 'Send'}
        </button>
      </div>
    </div>
  );
});
