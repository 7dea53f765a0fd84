import { useEffect, useRef, useState } from 'preact/hooks';
import { format, type Strings } from './i18n.js';
import { linkify } from './linkify.js';
import type { ChatState } from './reducer.js';
import type { ChatModel } from './store.js';
import { formatTime } from './time.js';

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

export function Thread({ state, store, t, view }: Props) {
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

  useEffect(() => {
    const el = list.current?.closest('.scroll');
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages.length, pending.length, typing]);

  return (
    <div class="thread">
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
                  {m.author.type !== 'visitor' && <Avatar name={m.author.name} url={m.author.avatarUrl} />}
                  <div class="content">
                    {m.author.type !== 'visitor' && <span class="author">{m.author.name || t.agent}</span>}
                    <p class="bubble">
                      <Body text={m.body} />
                    </p>
                    <span class="meta">
                      <time dateTime={m.createdAt}>{formatTime(m.createdAt)}</time>
                      {m === lastSeen && ` · ${t.seen}`}
                    </span>
                  </div>
                </li>
              ),
            )}
            {pending.map((i) => (
              <li key={i.clientId} class="message mine pending">
                <div class="content">
                  <p class="bubble">
                    <Body text={i.body} />
                  </p>
                  <span class="meta">
                    {i.failed ? (
                      <>
                        {t.failed}{' '}
                        <button type="button" class="link" onClick={() => store.discard(i.clientId)}>
                          ×
                        </button>
                      </>
                    ) : (
                      t.sending
                    )}
                  </span>
                </div>
              </li>
            ))}
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
      <Composer store={store} t={t} view={view} />
    </div>
  );
}

function Composer({ store, t, view }: { store: ChatModel; t: Strings; view: string }) {
  const [text, setText] = useState('');
  const area = useRef<HTMLTextAreaElement>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const isTyping = useRef(false);

  const stopTyping = () => {
    if (typingTimer.current) clearTimeout(typingTimer.current);
    if (isTyping.current) store.setTyping(view, false);
    isTyping.current = false;
  };
  useEffect(() => {
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
