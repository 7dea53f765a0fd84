import { LIMITS } from '@oceras/protocol';
import type { CannedContext } from '@oceras/protocol/canned-text';
import type { MentionCandidate } from '@oceras/protocol/mention-text';
import {
  type ClipboardEvent,
  forwardRef,
  type KeyboardEvent,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { fill, type Strings, useStrings } from '../../i18n/i18n';
import { useStore } from '../../lib/store';
import { type CannedInsert, type UseCannedList, useCannedList, useCannedPicker } from './canned-picker';
import { useMentionPicker } from './mention-picker';
import { PendingFiles } from './pending-files';
import { type PendingFile, type StartUpload, UploadList } from './upload-list';
import './attachments.css';

export type ComposerMode = 'message' | 'note';

interface Outgoing {
  clientId: string;
  body: string;
  type: ComposerMode;
  attachmentIds: string[];
  fileNames: string[];
  state: 'sending' | 'failed';
}

export interface ComposerHandle {
  focus(mode: ComposerMode): void;
  /** Files dropped on the conversation: uploaded at once, sent with the next message. */
  addFiles(files: File[]): void;
}

export interface ComposerProps {
  /** Stores the message; the same clientId on a retry is stored once (R8). Rejects when it was not stored. */
  onSend: (body: string, type: ComposerMode, clientId: string, attachmentIds: string[]) => Promise<void>;
  onTyping?: (isTyping: boolean, isNote: boolean) => void;
  newClientId: () => string;
  isDisabled?: boolean;
  /** False when the conversation is a colleague's: notes only (the server refuses the reply). */
  canReply?: boolean;
  /** Why no reply at all is possible (an erased visitor): shown above the composer, which writes notes only. */
  notesOnlyReason?: string;
  /** The upload code, loaded on the first file (tests pass a stand-in). */
  loadUploader?: () => Promise<StartUpload>;
  /** What canned responses' variables are filled from (`{{visitor.name}}`...). */
  cannedContext?: CannedContext;
  /** Where the `/` picker's responses come from (tests pass a list). */
  useCannedResponses?: UseCannedList;
  /** Whom a note may mention: the `@` autocomplete's colleagues. */
  mentionCandidates?: readonly MentionCandidate[];
}

const NO_CANDIDATES: readonly MentionCandidate[] = [];

const loadUploadFile = () => import('./upload-file').then((m) => m.uploadFile);

/**
 * Reply or internal note, with files (the attach button, a paste, or a drop on the conversation). Enter sends,
 * Shift+Enter adds a line; `/` at the start of a word opens the canned responses (canned-picker.tsx), and in a note
 * `@` opens the colleagues to mention (mention-picker.tsx). A message that failed to send stays below with a Retry that sends the same clientId
 * again, so a retry after a lost answer never stores it twice. Send waits for no upload: it is enabled once every
 * file listed has finished, so what goes out is exactly what the agent sees listed.
 */
export const Composer = forwardRef<ComposerHandle, ComposerProps>(function Composer(
  {
    onSend,
    onTyping,
    newClientId,
    isDisabled,
    canReply: mayReply = true,
    notesOnlyReason,
    loadUploader = loadUploadFile,
    cannedContext = {},
    useCannedResponses = useCannedList,
    mentionCandidates = NO_CANDIDATES,
  },
  ref,
) {
  const canReply = mayReply && !notesOnlyReason;
  const t = useStrings().conversation.composer;
  const [chosen, setMode] = useState<ComposerMode>('message');
  const mode: ComposerMode = canReply ? chosen : 'note';
  const [body, setBody] = useState('');
  const [caret, setCaret] = useState(0);
  /** Where to put the textarea's caret after a canned response was inserted. */
  const placeCaret = useRef<number | null>(null);
  const picker = useCannedPicker(body, caret, cannedContext, useCannedResponses, isDisabled);
  const mentions = useMentionPicker(body, caret, mentionCandidates, mode === 'note' && !isDisabled);
  const [outgoing, setOutgoing] = useState<Outgoing[]>([]);
  const [uploads] = useState(() => new UploadList(loadUploader));
  const pending = useStore(uploads.items);
  const [tooMany, setTooMany] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const isTyping = useRef(false);

  useEffect(() => () => uploads.dispose(), [uploads]);
  useLayoutEffect(() => {
    if (placeCaret.current === null) return;
    textRef.current?.setSelectionRange(placeCaret.current, placeCaret.current);
    placeCaret.current = null;
  });

  const addFiles = (files: File[]) => {
    if (files.length === 0 || isDisabled) return;
    setTooMany(uploads.add(files) > 0);
  };

  useImperativeHandle(ref, () => ({
    focus(m) {
      setMode(m);
      textRef.current?.focus();
    },
    addFiles,
  }));

  const stopTyping = () => {
    if (typingTimer.current) clearTimeout(typingTimer.current);
    if (isTyping.current) onTyping?.(false, mode === 'note');
    isTyping.current = false;
  };

  const attempt = async (o: Outgoing) => {
    setOutgoing((list) => [...list.filter((x) => x.clientId !== o.clientId), { ...o, state: 'sending' }]);
    try {
      await onSend(o.body, o.type, o.clientId, o.attachmentIds);
      setOutgoing((list) => list.filter((x) => x.clientId !== o.clientId));
    } catch {
      setOutgoing((list) => list.map((x) => (x.clientId === o.clientId ? { ...x, state: 'failed' } : x)));
    }
  };

  const text = body.trim();
  const attachmentIds = uploads.attachmentIds();
  const canSend = !isDisabled && attachmentIds !== null && (text !== '' || attachmentIds.length > 0);

  const send = () => {
    if (!canSend) return;
    const fileNames = pending.map((p) => p.name);
    setBody('');
    setCaret(0);
    uploads.clear();
    setTooMany(false);
    stopTyping();
    void attempt({ clientId: newClientId(), body: text, type: mode, attachmentIds, fileNames, state: 'sending' });
  };

  const handlePaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = [...e.clipboardData.files];
    // A screenshot or a copied file is attached. Copied text is pasted as usual, also when an office app adds a
    // picture of it to the clipboard (it comes with text/html).
    if (files.length === 0 || e.clipboardData.types.includes('text/html')) return;
    e.preventDefault();
    addFiles(files);
  };

  const insertCanned = (insertion: CannedInsert) => {
    placeCaret.current = insertion.caret;
    handleChange(insertion.text, insertion.caret);
    textRef.current?.focus();
  };

  const handleKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    const mentioned = mentions.handleKeyDown(e);
    if (typeof mentioned === 'object') insertCanned(mentioned);
    if (mentioned) return;
    const picked = picker.handleKeyDown(e);
    if (typeof picked === 'object') insertCanned(picked);
    if (picked) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    } else if (e.key === 'Escape') e.currentTarget.blur();
  };

  const handleChange = (value: string, at: number) => {
    setBody(value);
    setCaret(at);
    picker.reset();
    mentions.reset();
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
        <ul className="outgoing" aria-label={t.unsent}>
          {outgoing.map((o) => (
            <li key={o.clientId} className={`outgoing-item ${o.type === 'note' ? 'is-note' : ''}`}>
              <span className="outgoing-body">{[o.body, ...o.fileNames].filter(Boolean).join(' · ')}</span>
              {o.state === 'sending' ? (
                <span className="muted">{t.sending}</span>
              ) : (
                <>
                  <span className="error" role="alert">
                    {t.notSent}
                  </span>
                  <button type="button" className="btn btn-small" onClick={() => void attempt(o)}>
                    {t.retry}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {notesOnlyReason && (
        <p className="notice notes-only" role="note">
          {notesOnlyReason}
        </p>
      )}
      <div className="composer-tabs" role="tablist" aria-label={t.mode}>
        <button
          type="button"
          role="tab"
          aria-selected={!isNote}
          className={!isNote ? 'active' : ''}
          disabled={!canReply}
          title={canReply ? undefined : (notesOnlyReason ?? t.notesOnly)}
          onClick={() => setMode('message')}
        >
          {t.reply}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={isNote}
          className={isNote ? 'active' : ''}
          onClick={() => setMode('note')}
        >
          {t.internalNote}
        </button>
      </div>
      {(pending.length > 0 || tooMany) && (
        <PendingFiles files={pending} onRemove={(k) => uploads.remove(k)} onRetry={(k) => uploads.retry(k)}>
          {tooMany && (
            <p className="error" role="alert">
              {fill(t.tooManyFiles, { max: LIMITS.attachmentsPerMessageMax })}
            </p>
          )}
        </PendingFiles>
      )}
      {picker.listbox(insertCanned)}
      {mentions.listbox(insertCanned)}
      <textarea
        ref={textRef}
        aria-label={isNote ? t.internalNote : t.reply}
        placeholder={isNote ? t.notePlaceholder : t.replyPlaceholder}
        value={body}
        rows={3}
        disabled={isDisabled}
        onChange={(e) => handleChange(e.target.value, e.target.selectionStart)}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={handleKeyDown}
        {...picker.inputProps}
        {...(mentions.isOpen ? mentions.inputProps : {})}
        onPaste={handlePaste}
        onBlur={stopTyping}
      />
      <div className="composer-actions">
        <button
          type="button"
          className="btn btn-small attach-button"
          aria-label={t.attachFiles}
          title={t.attachHelp}
          disabled={isDisabled}
          onClick={() => fileRef.current?.click()}
        >
          <PaperclipIcon /> {t.attach}
        </button>
        <input
          ref={fileRef}
          type="file"
          multiple
          hidden
          aria-label={t.filesToAttach}
          onChange={(e) => {
            addFiles([...(e.currentTarget.files ?? [])]);
            e.currentTarget.value = '';
          }}
        />
        <span className="muted composer-hint">{hintOf(pending, isNote, t)}</span>
        <button type="button" className="btn btn-primary" onClick={send} disabled={!canSend}>
          {isNote ? t.addNote : t.send}
        </button>
      </div>
    </div>
  );
});

/** Under the text: who will see it, or why Send waits. */
function hintOf(pending: PendingFile[], isNote: boolean, t: Strings['conversation']['composer']) {
  if (pending.some((p) => p.state === 'uploading')) return t.waitUploads;
  const failed = pending.filter((p) => p.state === 'failed');
  if (failed.some((p) => p.isRetryable)) return t.retryFailed;
  if (failed.length > 0) return t.removeRefused;
  return isNote ? t.agentsOnly : t.visitorSees;
}

const PaperclipIcon = () => (
  <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
    <path
      d="M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
    />
  </svg>
);
