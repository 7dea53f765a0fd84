import type { TAgent, TMessage } from '@oceras/protocol';
import { ratingText } from '@oceras/protocol/notices';
import { isPreviewable } from '@oceras/protocol/upload';
import { lazy, Suspense, useLayoutEffect, useRef, useState } from 'react';
import { fill, type Strings, useStrings } from '../../i18n/i18n';
import { imagesOf } from '../../lib/attachments-cache';
import { dateTime } from '../../lib/format';
import { Linkified } from '../../lib/linkify';
import { AgentAvatar } from '../shell/agent-avatar';
import { EmailAuthBadge } from './email-auth-badge';
import { MentionedText } from './mentioned-text';
import { MessageAttachments } from './message-attachments';

const Lightbox = lazy(() => import('./lightbox'));

/** What a system line says, in our words and the reader's language (the server sends the facts in `system`). */
function systemText(m: TMessage, agents: TAgent[] | undefined, strings: Strings) {
  const t = strings.conversation.system;
  const s = m.system as Record<string, unknown> | null;
  const who = (id: unknown) => agents?.find((a) => a.id === id)?.name;
  const by = who(s?.by) ?? strings.desk.someone;
  if (s?.action === 'assigned') {
    const to = s.to ? (who(s.to) ?? strings.conversation.actions.aColleague) : null;
    if (s.reason === 'auto_assigned') return fill(t.autoAssigned, { to: to ?? '' });
    if (s.reason === 'assignee_offline') return fill(t.assigneeOffline, { from: who(s.from) ?? t.theAssignee });
    if (!to) return fill(t.unassigned, { by });
    if (s.reason === 'replied') return fill(t.repliedAndTook, { to });
    return fill(s.to === s.by ? t.took : t.assigned, { by, to });
  }
  if (s?.action === 'team_changed') return fill(s.to ? t.teamChanged : t.teamRemoved, { by });
  // A rating, and a low one reopening it: the score on its scale, in the reader's words.
  const rating = () => ratingText({ score: Number(s?.score), scale: String(s?.scale ?? 'stars') }, strings.rating);
  if (s?.action === 'rated' && typeof s.score === 'number') return fill(t.rated, { rating: rating() });
  if (s?.action === 'status_changed' && s.reason === 'low_rating' && typeof s.score === 'number')
    return fill(t.reopenedLowRating, { rating: rating() });
  if (s?.action === 'email_files_refused' && Array.isArray(s.files))
    return fill(t.filesRefused, { files: refusedFiles(s.files, t.fileRefused, t.refusedWhy) });
  if (s?.action === 'status_changed' && typeof s.to === 'string' && Object.hasOwn(t.statusChanged, s.to))
    return fill(t.statusChanged[s.to as keyof typeof t.statusChanged], { by });
  return m.body;
}

/** An email's files not kept, each with why, in the reader's words (a reason unknown to this app: the name alone). */
function refusedFiles(files: unknown[], one: string, why: Record<string, string>) {
  return files
    .map((f) => f as { fileName?: unknown; reason?: unknown })
    .map((f) => {
      const name = String(f.fileName ?? '');
      const reason = typeof f.reason === 'string' && Object.hasOwn(why, f.reason) ? why[f.reason] : null;
      return reason ? fill(one, { name, why: reason }) : name;
    })
    .join(', ');
}

/** Whom a note may mention: the organization's agents who are not restricted (as the server resolves them). */
export const mentionable = (agents: readonly TAgent[] | undefined) => (agents ?? []).filter((a) => !a.isRestricted);

/** The thread: visitor messages left, agent replies right, notes marked as internal, system lines centred. */
export function Thread({
  messages,
  agents,
  meId,
  hasMore,
  onLoadEarlier,
  urlGeneration = 0,
  onImageError,
}: {
  messages: TMessage[];
  agents: TAgent[] | undefined;
  meId: string;
  hasMore: boolean;
  onLoadEarlier: () => void;
  /** An image did not load (its signed URL expired): fetch fresh URLs. */
  onImageError: () => void;
  /** Changes when fresh URLs were fetched: images that failed load again. */
  urlGeneration?: number;
}) {
  const listRef = useRef<HTMLOListElement>(null);
  const [openImageId, setOpenImageId] = useState<string | null>(null);
  const strings = useStrings();
  const t = strings.conversation.thread;
  const isPinned = useRef(true);
  // Follow new messages (and images completed by attachment.ready) while the agent is at the bottom; leave them be
  // while they read history.
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the messages held change
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el || !isPinned.current) return;
    el.scrollTop = el.scrollHeight;
    const frame = requestAnimationFrame(() => {
      el.scrollTop = el.scrollHeight;
    });
    return () => cancelAnimationFrame(frame);
  }, [messages]);

  return (
    <>
      <ol
        ref={listRef}
        className="thread"
        aria-label={t.messages}
        onScroll={(e) => {
          const el = e.currentTarget;
          isPinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
        }}
      >
        {hasMore && (
          <li className="thread-more">
            <button type="button" className="btn btn-small" onClick={onLoadEarlier}>
              {t.loadEarlier}
            </button>
          </li>
        )}
        {messages.map((m, i) => {
          if (m.type === 'system')
            return (
              <li key={m.id} className="msg-system">
                <span>{systemText(m, agents, strings)}</span>{' '}
                <time dateTime={m.createdAt}>{dateTime(m.createdAt)}</time>
              </li>
            );
          const isNote = m.type === 'note';
          // An automatic reply (greeting, out of hours, nudge) is the team's side of the thread, under the organization's name.
          const isAuto = m.author.type === 'system';
          const isAgent = m.author.type === 'agent' || isAuto;
          const author = m.author.name ?? (isAgent ? t.agent : t.visitor);
          const prev = messages[i - 1];
          // Consecutive lines of one author within two minutes read as one block.
          const isContinued =
            prev !== undefined &&
            prev.type === m.type &&
            prev.author.type === m.author.type &&
            prev.author.id === m.author.id &&
            Date.parse(m.createdAt) - Date.parse(prev.createdAt) < 120_000;
          return (
            <li
              key={m.id}
              className={`msg ${isAgent ? 'msg-agent' : 'msg-visitor'} ${isNote ? 'msg-note' : ''} ${isContinued ? 'msg-continued' : ''}`}
              aria-label={fill(isNote ? t.noteBy : isAuto ? t.automaticFrom : isAgent ? t.replyFrom : t.messageFrom, {
                author,
              })}
            >
              <div className="msg-head">
                {isAgent && <AgentAvatar name={author} url={m.author.avatarUrl} size={20} />}
                <span className="msg-author">{m.author.id === meId ? t.you : author}</span>
                {isNote && <span className="note-label">{t.internalNote}</span>}
                {isAuto && <span className="note-label">{t.automatic}</span>}
                <time dateTime={m.createdAt}>{dateTime(m.createdAt)}</time>
              </div>
              {m.body && (
                <div className="msg-body">
                  {isNote ? (
                    <MentionedText text={m.body} candidates={mentionable(agents)} meId={meId} />
                  ) : (
                    <Linkified text={m.body} />
                  )}
                </div>
              )}
              {m.attachments && m.attachments.length > 0 && (
                <MessageAttachments
                  attachments={m.attachments}
                  generation={urlGeneration}
                  onOpen={setOpenImageId}
                  onImageError={onImageError}
                />
              )}
              {/* Below the message rather than in its head, which a continued block hides. */}
              {m.emailAuth && <EmailAuthBadge auth={m.emailAuth} />}
            </li>
          );
        })}
      </ol>
      {openImageId && (
        <Suspense fallback={null}>
          <Lightbox
            images={imagesOf(messages, (a) => isPreviewable(a.contentType))}
            startId={openImageId}
            onClose={() => setOpenImageId(null)}
            onImageError={onImageError}
          />
        </Suspense>
      )}
    </>
  );
}
