import type { Strings } from './i18n.js';
import type { ChatState } from './reducer.js';
import type { ChatModel } from './store.js';
import { formatTime } from './time.js';

interface Props {
  state: ChatState;
  store: ChatModel;
  t: Strings;
  onNew: () => void;
}

const draftPreview = (state: ChatState, draft: string) => {
  const first = state.outbox.find((i) => i.conversation === draft);
  return first?.body || first?.files?.[0]?.name;
};

/** The greeting, "new conversation", and the visitor's conversations (newest first), with unread counts. */
export function Home({ state, store, t, onNew }: Props) {
  const drafts = [...new Set(state.outbox.map((i) => i.conversation))].filter(
    (c) => c.startsWith('new:') && !state.started[c],
  );
  return (
    <div class="home">
      <p class="greeting">{state.settings?.greeting}</p>
      <button type="button" class="primary" onClick={onNew}>
        {t.newConversation}
      </button>
      {(state.conversations.length > 0 || drafts.length > 0) && (
        <section aria-labelledby="conv-title">
          <h2 id="conv-title">{t.conversations}</h2>
          <ul class="conversations">
            {drafts.map((d) => (
              <li key={d}>
                <button type="button" class="conversation" onClick={() => store.setView(d)}>
                  <span class="preview">{draftPreview(state, d)}</span>
                  <span class="when">{t.sending}</span>
                </button>
              </li>
            ))}
            {state.conversations.map((c) => {
              const unread = store.unreadIn(c.id);
              return (
                <li key={c.id}>
                  <button type="button" class="conversation" onClick={() => store.setView(c.id)}>
                    <span class="preview">{c.lastMessagePreview ?? t.noMessagesYet}</span>
                    <span class="when">
                      {c.assignee?.name ? `${c.assignee.name} · ` : ''}
                      {formatTime(c.lastActivityAt, 'dateTime')}
                    </span>
                    {unread > 0 && <span class="count">{unread}</span>}
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </div>
  );
}
