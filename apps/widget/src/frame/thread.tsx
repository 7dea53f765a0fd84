import type { TAttachment, TMessage } from '@oceras/protocol';
import { formatBytes, isPreviewable } from '@oceras/protocol/files';
import { useEffect, useRef, useState } from 'preact/hooks';
import { format, type Strings } from './i18n.js';
import { lazyComponent } from './lazy.js';
import { linkify } from './linkify.js';
import { LOST } from './outbox.js';
import type { ChatState } from './reducer.js';
import type { ChatModel } from './store.js';
import { formatTime } from './time.js';

/** The satisfaction survey, shown under resolved conversations only: a chunk of its own. */
const RatingCard = lazyComponent(() => import('./rating.js').then((m) => m.RatingCard));

interface Props {
  state: ChatState;
  store: ChatModel;
  t: Strings;
  view: string;
}

/** Message text: plain text nodes, with http(s) links as real anchors. Never HTML. */
export function Body({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((s, i) =>
        s.kind === 'link' ? (
          <a key={i} href={s.href} target="_blank" rel="noopener noreferrer nofollow">
            {s.text}
          </a>
        ) : (
          s.text
        ),
      )}
    </>
  );
}

/**
 * An avatar only if Oceras serves it (the frame's own origin): the visitor's browser contacts no third party (§5),
 * which the frame's CSP (`img-src 'self' data:`) enforces too. Anything else shows the initial.
 */
export function ownImageUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url, location.href);
    return parsed.origin === location.origin && /^https?:$/.test(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}

function Avatar({ name, url }: { name: string | null; url?: string | null }) {
  const src = ownImageUrl(url);
  if (src) return <img class="avatar" src={src} alt="" referrerpolicy="no-referrer" />;
  return (
    <span class="avatar" aria-hidden="true">
      {(name ?? '?').trim().charAt(0).toUpperCase() || '?'}
    </span>
  );
}

/** A file as a card: its name and size, a link that downloads it once sent. */
function FileCard({ name, size, href, children }: { name: string; size: number; href?: string; children?: unknown }) {
  const Tag = href ? 'a' : 'span';
  return (
    <Tag class="file" href={href} download={href && name}>
      <b>{name}</b> <small>{formatBytes(size, document.documentElement.lang)}</small>
      {children}
    </Tag>
  );
}

/**
 * A message's file: an image as its preview (the thumbnail once made), its box sized before it loads, that opens the
 * full image in a new tab; anything else as a card. Signed URLs expire: an image that does not load shows as a card
 * and its message is fetched again once (`onStale`); a new URL shows the image again.
 */
function Attachment({ a, onStale }: { a: TAttachment; onStale: () => void }) {
  const src = a.thumbnailUrl ?? a.url;
  const [broken, setBroken] = useState('');
  if (!isPreviewable(a.contentType) || src === broken) return <FileCard name={a.fileName} size={a.size} href={a.url} />;
  const k = a.width && a.height ? Math.min(1, 220 / a.width, 240 / a.height) : 0;
  return (
    <a class="shot" href={a.url} target="_blank" rel="noopener noreferrer">
      <img
        src={src}
        alt={a.fileName}
        width={k ? Math.round(a.width! * k) : 200}
        height={k ? Math.round(a.height! * k) : 150}
        onError={() => {
          setBroken(src);
          onStale();
        }}
      />
    </a>
  );
}

export function Thread({ state, store, t, view }: Props) {
  // An automatic reply (author `system`) signs as the team, as the header and the greeting line above do.
  const authorName = (m: TMessage) =>
    (m.author.type === 'system' && (state.settings?.teamName || state.orgName)) || m.author.name || t.agent;
  const id = store.resolve(view);
  const messages = (id && state.messages[id]) || [];
  const conversation = id ? state.conversations.find((c) => c.id === id) : undefined;
  const sentIds = new Set(messages.map((m) => m.clientId));
  const pending = state.outbox.filter(
    (i) =>
      (i.conversation === view || (id && (i.conversation === id || state.started[i.conversation] === id))) &&
      !sentIds.has(i.clientId),
  );
  const seenSeq = conversation?.agentLastReadSeq ?? 0;
  const lastSeen = [...messages].reverse().find((m) => m.author.type === 'visitor' && m.seq <= seenSeq);
  const typing = id ? state.typing[id] : null;
  const list = useRef<HTMLOListElement>(null);
  const [isDragging, setDragging] = useState(false);
  const attach = (files?: FileList | null) => {
    if (files?.length) store.attach(view, [...files]);
  };

  useEffect(() => {
    const el = list.current?.closest('.scroll');
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages.length, pending.length, typing]);

  return (
    // Files dropped on the chat or pasted into it are sent; a drop zone shows while files are dragged over it.
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the mouse; the attach button is the keyboard's way
    <div
      class="thread"
      onDragOver={(e) => {
        if (!e.dataTransfer?.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => !e.currentTarget.contains(e.relatedTarget as Node) && setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        attach(e.dataTransfer?.files);
      }}
      onPaste={(e) => {
        // Text copied from an office program comes with a picture of itself: it is pasted as text.
        const data = e.clipboardData;
        const types = data?.types ?? [];
        if (!data?.files.length || (types.includes('text/plain') && types.some((t) => /html|rtf/.test(t)))) return;
        e.preventDefault();
        attach(data.files);
      }}
    >
      {isDragging && (
        <p class="drop" aria-hidden="true">
          {t.dropFiles}
        </p>
      )}
      <div class="scroll">
        {state.settings?.greeting && (
          // The team's greeting sits where an agent's message would: left, under the team's initial.
          <div class="message theirs greeting-message">
            <Avatar name={state.settings.teamName || state.orgName || t.agent} />
            <div class="content">
              <p class="bubble">{state.settings.greeting}</p>
            </div>
          </div>
        )}
        <div role="log" aria-label={t.history}>
          <ol class="messages" ref={list}>
            {messages.map((m) =>
              m.type === 'system' ? (
                <li key={m.id} class="system">
                  <Body text={m.body} />
                </li>
              ) : (
                <li key={m.id} class={`message ${m.author.type === 'visitor' ? 'mine' : 'theirs'}`}>
                  {m.author.type !== 'visitor' && <Avatar name={authorName(m)} url={m.author.avatarUrl} />}
                  <div class="content">
                    {m.author.type !== 'visitor' && <span class="author">{authorName(m)}</span>}
                    {m.body && (
                      <p class="bubble">
                        <Body text={m.body} />
                      </p>
                    )}
                    {m.attachments?.map((a) => (
                      <Attachment key={a.id} a={a} onStale={() => store.refresh(m)} />
                    ))}
                    <span class="meta">
                      <time dateTime={m.createdAt}>{formatTime(m.createdAt)}</time>
                      {m === lastSeen && ` · ${t.seen}`}
                    </span>
                  </div>
                </li>
              ),
            )}
            {pending.map((i) => {
              const up = i.failed ? undefined : state.uploads[i.clientId];
              const discard = () => store.discard(i.clientId);
              return (
                <li key={i.clientId} class="message mine pending">
                  <div class="content">
                    {i.body && (
                      <p class="bubble">
                        <Body text={i.body} />
                      </p>
                    )}
                    {i.files?.map((f, n) => (
                      <FileCard key={n} name={f.name} size={f.size}>
                        {up && <progress max={f.size} value={f.id ? f.size : (up.sent[n] ?? 0)} aria-label={f.name} />}
                      </FileCard>
                    ))}
                    <span class="meta">
                      {i.failed
                        ? i.failed === LOST
                          ? t.fileLost
                          : i.files
                            ? format(t.notSent, { reason: i.failed })
                            : t.failed
                        : up?.isStalled
                          ? t.fileStalled
                          : t.sending}{' '}
                      {up?.isStalled && (
                        <button type="button" class="link" onClick={store.retry}>
                          {t.retry}
                        </button>
                      )}
                      {(i.failed || i.files) && (
                        <button type="button" class="link" aria-label={t.cancel} onClick={discard}>
                          ×
                        </button>
                      )}
                    </span>
                  </div>
                </li>
              );
            })}
          </ol>
        </div>
        {typing !== null && typing !== undefined && (
          <p class="typing">
            <span class="dots" aria-hidden="true">
              <i />
              <i />
              <i />
            </span>
            {format(t.typing, { name: typing || t.someone })}
          </p>
        )}
      </div>
      {conversation && conversation.status !== 'resolved' && state.hasEmailFollowUp && state.visitor?.email && (
        <label class="transcript">
          <input
            type="checkbox"
            checked={conversation.emailTranscript}
            onChange={(e) => void store.setTranscript(conversation.id, e.currentTarget.checked).catch(() => {})}
          />
          {t.emailTranscript}
        </label>
      )}
      {conversation?.status === 'resolved' && state.settings && state.settings.satisfactionSurvey !== 'off' && (
        <RatingCard conversation={conversation} survey={state.settings.satisfactionSurvey} store={store} t={t} />
      )}
      <Composer store={store} t={t} view={view} onFiles={attach} />
    </div>
  );
}

interface ComposerProps {
  store: ChatModel;
  t: Strings;
  view: string;
  onFiles: (files: FileList | null) => void;
}

function Composer({ store, t, view, onFiles }: ComposerProps) {
  const [text, setText] = useState('');
  const area = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const isTyping = useRef(false);

  const stopTyping = () => {
    if (typingTimer.current) clearTimeout(typingTimer.current);
    if (isTyping.current) store.setTyping(view, false);
    isTyping.current = false;
  };
  useEffect(() => {
    // A new conversation opened by Oceras.showNewConversation(prefill) starts with that text.
    const prefill = view.startsWith('new:') ? store.takePrefill?.() : null;
    if (prefill) setText(prefill);
    area.current?.focus();
    return stopTyping;
  }, [view]);

  const send = () => {
    if (!text.trim()) return;
    store.send(view, text);
    setText('');
    stopTyping();
    area.current?.focus();
  };
  const handleInput = (e: Event) => {
    const value = (e.target as HTMLTextAreaElement).value;
    setText(value);
    if (!isTyping.current && value.trim()) {
      isTyping.current = true;
      store.setTyping(view, true);
    }
    if (typingTimer.current) clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(stopTyping, 3000);
  };
  const handleKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send();
    }
  };

  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <input
        type="file"
        multiple
        hidden
        ref={picker}
        onChange={(e) => {
          onFiles(e.currentTarget.files);
          e.currentTarget.value = '';
        }}
      />
      <button
        type="button"
        class="attach"
        aria-label={t.attach}
        title={t.attach}
        onClick={() => picker.current?.click()}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6z" />
        </svg>
      </button>
      <label for="composer-input" class="sr-only">
        {t.message}
      </label>
      <textarea
        id="composer-input"
        ref={area}
        rows={1}
        maxLength={10_000}
        placeholder={t.placeholder}
        value={text}
        onInput={handleInput}
        onKeyDown={handleKeyDown}
      />
      <button type="submit" class="send" aria-label={t.send} disabled={!text.trim()}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" />
        </svg>
      </button>
    </form>
  );
}
