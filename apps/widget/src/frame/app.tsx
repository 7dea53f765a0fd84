import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { presenceLine } from './availability.js';
import { Home } from './home.js';
import { format, offlineNotice, type Strings } from './i18n.js';
import { lazyComponent } from './lazy.js';
import type { PrivacyPanelProps } from './privacy.js';
import type { ChatState } from './reducer.js';
import { unlockSound } from './sound.js';
import { type ChatModel, type ChatStore, newId } from './store.js';
import { Thread } from './thread.js';

/** The pre-chat form, only for organizations that ask for it, once per visitor: a chunk of its own. */
const PreChat = lazyComponent(() => import('./prechat.js').then((m) => m.PreChat));

export interface Props {
  store: ChatModel;
  t: Strings;
  onClose: () => void;
  isEmbedded: boolean;
}

function useStore(store: ChatModel): ChatState {
  const [state, setState] = useState(store.state);
  useEffect(() => {
    setState(store.state);
    return store.subscribe(() => setState(store.state));
  }, [store]);
  return state;
}

const FOCUSABLE = 'a[href], button:not([disabled]), textarea:not([disabled]), input:not([disabled]), [tabindex="0"]';

export function needsPreChat(state: ChatState, hasSkipped: boolean) {
  const mode = state.settings?.preChatForm ?? 'off';
  const v = state.visitor;
  if (mode === 'required') return !(v?.name && v?.email);
  if (mode === 'optional') return !(v?.name || v?.email) && !hasSkipped;
  return false;
}

/**
 * The header's line. With business hours, `availability.ts` (and the protocol's hours rule) is a chunk of its own,
 * loaded when the session says the organization has hours on: the chat of an organization without them does not
 * carry it. Until it has loaded, and without hours, the line is presence alone.
 */
function usePresenceLine(t: Strings, state: ChatState): string {
  const [line, setLine] = useState<{ fn: typeof presenceLine } | null>(null);
  const hasHours = !!state.hours?.businessHours?.enabled;
  useEffect(() => {
    if (hasHours && !line) void import('./availability.js').then((m) => setLine({ fn: m.presenceLine }));
  }, [hasHours, line]);
  if (hasHours && line) return line.fn(t, state.hours, state.isAgentOnline, new Date());
  return state.isAgentOnline ? t.online : t.away;
}

export function App({ store, t, onClose, isEmbedded }: Props) {
  const state = useStore(store);
  const root = useRef<HTMLDivElement>(null);
  // "Your data" is its own chunk, loaded on the first click: the chat's weight has no room for it (PERFORMANCE.md).
  const [Panel, setPanel] = useState<ComponentType<PrivacyPanelProps> | null>(null);
  const { settings, view, phase } = state;

  const startNew = () => {
    if (needsPreChat(store.state, store.hasSkippedPreChat())) store.setView('prechat');
    else store.setView(`new:${newId()}`);
  };

  // Oceras.showNewConversation(): a new conversation (through the pre-chat form when it is on), prefilled.
  useEffect(() => {
    if (phase === 'ready' && state.prefill !== null) startNew();
  }, [phase, state.prefill]);

  // A visitor with no conversation goes straight to writing (through the pre-chat form when it is on).
  useEffect(() => {
    if (phase === 'ready' && view === 'home' && state.conversations.length === 0 && state.outbox.length === 0)
      startNew();
  }, [phase, view, state.conversations.length]);

  useEffect(() => {
    if (settings?.color) document.documentElement.style.setProperty('--accent', settings.color);
  }, [settings?.color]);

  const handleKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && isEmbedded) {
      e.preventDefault();
      onClose();
      return;
    }
    if (e.key !== 'Tab' || !root.current) return;
    const items = [...root.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
    const first = items[0];
    const last = items.at(-1);
    if (!first || !last) return;
    if (e.shiftKey && (document.activeElement === first || !root.current.contains(document.activeElement))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  const title = settings?.teamName || state.orgName || t.chat;
  const isThread = view !== 'home' && view !== 'prechat';
  const canGoBack = view !== 'home' && (state.conversations.length > 0 || state.outbox.length > 0);
  const incoming = state.lastIncoming;

  return (
    <div
      class="chat"
      ref={root}
      role="dialog"
      aria-modal={isEmbedded ? 'true' : undefined}
      aria-labelledby="chat-title"
      onKeyDown={handleKeyDown}
    >
      <header class="bar">
        {canGoBack && !Panel && (
          <button type="button" class="icon" aria-label={t.back} onClick={() => store.setView('home')}>
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M15.4 7.4 14 6l-6 6 6 6 1.4-1.4L10.8 12z" />
            </svg>
          </button>
        )}
        <div class="who">
          <h1 id="chat-title">{title}</h1>
          <p class="presence">{usePresenceLine(t, state)}</p>
        </div>
        {/* A toggle: the icon shows the current state, the pressed look and aria-pressed say it too, the name says
            what it controls (constant, as toggles need), the tooltip what a click does. */}
        <button
          type="button"
          class="icon toggle"
          aria-label={t.sound}
          aria-pressed={state.isSoundOn ? 'true' : 'false'}
          title={state.isSoundOn ? t.soundTurnOff : t.soundTurnOn}
          onClick={() => {
            if (!state.isSoundOn) unlockSound();
            store.setSound(!state.isSoundOn);
          }}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true">
            {state.isSoundOn ? (
              <path d="M3 9v6h4l5 5V4L7 9H3zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4zM14 3.2v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6z" />
            ) : (
              <path d="M16.5 12A4.5 4.5 0 0 0 14 8v2.2l2.5 2.4V12zM19 12a7 7 0 0 1-.6 2.8l1.5 1.5A9 9 0 0 0 14 3.2v2.1a7 7 0 0 1 5 6.7zM4.3 3 3 4.3 7.7 9H3v6h4l5 5v-6.7l4.3 4.2a7 7 0 0 1-2.3 1.2v2.1a9 9 0 0 0 3.7-1.8l2 2 1.3-1.3-9-9L4.3 3zM12 4 9.9 6.1 12 8.2V4z" />
            )}
          </svg>
        </button>
        {/* "Your data": for a visitor's own chat, not the dashboard's preview (whose model has no token). */}
        {'token' in store && (
          <button
            type="button"
            class="icon"
            aria-label={t.data}
            aria-expanded={!!Panel}
            onClick={() => (Panel ? setPanel(null) : import('./privacy.js').then((m) => setPanel(() => m.Panel)))}
          >
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M12 8a2 2 0 1 0 0-4 2 2 0 0 0 0 4zm0 6a2 2 0 1 0 0-4 2 2 0 0 0 0 4zm0 6a2 2 0 1 0 0-4 2 2 0 0 0 0 4z" />
            </svg>
          </button>
        )}
        {isEmbedded && (
          <button type="button" class="icon" aria-label={t.close} onClick={onClose}>
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12z" />
            </svg>
          </button>
        )}
      </header>
      {state.hasConnected && !state.isConnected && (
        <p class="notice quiet" role="status">
          {t.reconnecting}
        </p>
      )}
      {!state.isAgentOnline && phase === 'ready' && (
        <p class="notice">
          {offlineNotice(t, {
            hasEmailFollowUp: state.hasEmailFollowUp,
            hasEmail: !!state.visitor?.email,
            isRemembered: state.isRemembered,
          })}
        </p>
      )}
      {/* The chat stays mounted under the panel (its draft, scroll and focus survive); privacy.css hides it. */}
      {Panel && <Panel store={store as ChatStore} onClose={() => setPanel(null)} />}
      <main class="body" hidden={!!Panel}>
        {phase === 'error' && <p class="notice">{t.loadError}</p>}
        {phase === 'signin' && <p class="notice">{t.signIn}</p>}
        {phase === 'loading' && <div class="loading" aria-busy="true" />}
        {phase === 'ready' && view === 'home' && <Home state={state} store={store} t={t} onNew={startNew} />}
        {phase === 'ready' && view === 'prechat' && (
          <PreChat
            state={state}
            t={t}
            onSubmit={async (who, consent) => {
              await store.identify(who, consent);
              store.setView(`new:${newId()}`);
            }}
            onSkip={() => {
              store.skipPreChat();
              store.setView(`new:${newId()}`);
            }}
          />
        )}
        {phase === 'ready' && isThread && <Thread state={state} store={store} t={t} view={view} />}
      </main>
      <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">
        {incoming
          ? format(t.newMessageFrom, {
              name: incoming.author.name || t.agent,
              body: incoming.body || (incoming.attachments ?? []).map((a) => a.fileName).join(', '),
            })
          : ''}
      </div>
    </div>
  );
}
