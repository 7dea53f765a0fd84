import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef } from 'react';
import { AppState } from 'react-native';
import { applyLanguage } from './i18n/i18n';
import { InboxSync } from './inbox-sync';
import { Outbox } from './outbox';
import { Session } from './session';
import { cacheStorage, type KeyValueStore, secureStorage } from './storage';
import { useStore } from './store';
import { createUploader, type Uploader, type UploaderDeps } from './uploader';

/** Everything a screen needs: the session, the inbox, the outbox, the uploader. One per app run; tests build their own. */
export interface App {
  session: Session;
  inbox: InboxSync;
  outbox: Outbox;
  uploader: Uploader;
  cache: KeyValueStore;
}

export function createApp(
  deps: { secure?: KeyValueStore; cache?: KeyValueStore; fetch?: typeof fetch } & Partial<
    Pick<ConstructorParameters<typeof InboxSync>[0], 'openSocket'> & Pick<UploaderDeps, 'readFile' | 'XMLHttpRequest'>
  > = {},
): App {
  const cache = deps.cache ?? cacheStorage;
  const session = new Session({
    secure: deps.secure ?? secureStorage,
    cache,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const uploader = createUploader({
    client: () => session.client,
    ...(deps.readFile ? { readFile: deps.readFile } : {}),
    ...(deps.XMLHttpRequest ? { XMLHttpRequest: deps.XMLHttpRequest } : {}),
  });
  let inbox: InboxSync | null = null;
  const outbox = new Outbox({
    storage: cache,
    send: (item) =>
      session.client.call('sendMessage', {
        params: { id: item.conversationId },
        body: {
          clientId: item.clientId,
          body: item.body,
          type: item.type,
          ...(item.files?.length ? { attachmentIds: item.files.map((f) => f.attachmentId ?? '') } : {}),
        },
      }),
    upload: (file, onProgress) => uploader.upload(file, { onProgress }),
    onSent: (message) => inbox?.addMessage(message),
    retryWhile: () => inbox?.data.get().connection === 'online',
  });
  inbox = new InboxSync({ session, cache, outbox, ...(deps.openSocket ? { openSocket: deps.openSocket } : {}) });
  return { session, inbox, outbox, uploader, cache };
}

const AppContext = createContext<App | null>(null);

/** Restores the session at launch; connects the inbox while signed in; forgets it all at sign-out. */
export function AppProvider({ app, children }: { app: App; children: ReactNode }) {
  const status = useStore(app.session.state, (s) => s.status);
  // The agent's language, else the device's (signed out too): every screen follows a change.
  const language = useStore(app.session.state, (s) => s.language);
  useEffect(() => applyLanguage(language), [language]);
  useEffect(() => {
    if (app.session.state.get().status === 'loading') void app.session.restore();
  }, [app]);
  const wasSignedIn = useRef(false);
  useEffect(() => {
    // However the session ended (sign-out, expiry, revoked elsewhere), nothing of this agent's inbox stays.
    if (status === 'signedOut' && wasSignedIn.current) {
      void app.inbox.clear();
      void app.outbox.clear();
    }
    wasSignedIn.current = status === 'signedIn';
  }, [app, status]);
  useEffect(() => {
    if (status !== 'signedIn') return;
    void app.inbox.loadCache();
    void app.outbox.load();
    app.inbox.start();
    const foreground = AppState.addEventListener('change', (state) => state === 'active' && app.inbox.resume());
    return () => {
      foreground.remove();
      app.inbox.stop();
    };
  }, [app, status]);
  const value = useMemo(() => app, [app]);
  return <AppContext.Provider value={value}>{children}</AppContext.Provider>;
}

export function useApp() {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp outside AppProvider');
  return app;
}

/** Signs out everywhere it matters: the server session (and its devices), the tokens, the cache, the outbox. */
export async function signOut(app: App) {
  await app.session.signOut();
  await app.inbox.clear();
  await app.outbox.clear();
}
