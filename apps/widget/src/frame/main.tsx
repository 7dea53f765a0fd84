import { render } from 'preact';
import { isOcerasMessage, storagePrefix, type ToFrame, type ToLoader } from '../shared/frame-messages.js';
import { App } from './app.js';
import { hostLocks } from './host-locks.js';
import { loadStrings, pickLocale, type Strings } from './i18n.js';
import { LoaderStorage } from './loader-storage.js';
import { unreadCount } from './reducer.js';
import { safeStorage } from './safe-storage.js';
import { browserTimeZone } from './session.js';
import { beep, unlockSound } from './sound.js';
import { createChatStore } from './store.js';

const params = new URLSearchParams(location.search);
const key = params.get('key') ?? '';
const lang = pickLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
document.documentElement.lang = lang;
// The visitor's language: English at once, another one's strings (a small chunk) while the session starts.
const strings = loadStrings(lang);

// The dashboard's preview of the widget settings: sample content, no session, no storage (its own chunk).
if (params.get('preview') === '1')
  void Promise.all([strings, import('./preview.js')]).then(([t, m]) => m.startPreview(t, lang));
else startChat();

function startChat() {
  const hash = new URLSearchParams(location.hash.slice(1));
  // The page that frames us: the browser's word where it gives one, else the loader's (it is only a postMessage
  // target).
  const parentOrigin = (location.ancestorOrigins?.[0] as string | undefined) ?? hash.get('o');
  const isEmbedded = window.parent !== window && !!parentOrigin;
  const toLoader = (msg: ToLoader) => {
    if (isEmbedded) window.parent.postMessage(msg, parentOrigin!);
  };
  const prefix = storagePrefix(key);
  const timeZone = browserTimeZone();
  // `s=1`: the loader keeps the items in the host page's storage and sends them first; no session before that.
  const loaderStorage =
    isEmbedded && hash.get('s') === '1'
      ? new LoaderStorage(prefix, (items) => toLoader({ oceras: 1, t: 'store', items }))
      : null;
  // `l=1`: the loader also holds the socket lock in the host page, whose tabs share that page's storage.
  const hostLock = loaderStorage && hash.get('l') === '1' ? hostLocks((t) => toLoader({ oceras: 1, t })) : null;
  const store = createChatStore(key, loaderStorage ?? safeStorage(), {
    ...(loaderStorage ? { scope: ` ${parentOrigin}`, locks: hostLock?.locks } : {}),
    onSession: (active) => toLoader({ oceras: 1, t: 'session', active }),
    // The host page's origin (all the frame knows of that page): the follow-up emails' link back to the chat.
    visitorContext: {
      locale: lang as 'en' | 'fr' | 'de' | 'es',
      ...(timeZone ? { timeZone } : {}),
      ...(isEmbedded && parentOrigin && /^https?:\/\/[^/]+$/.test(parentOrigin) ? { pageUrl: parentOrigin } : {}),
    },
    onIncoming: () => {
      if (store.state.isSoundOn) beep();
    },
    onEvent: (n, v) => toLoader({ oceras: 1, t: 'event', n, v }),
  });
  let markLoaded = () => {};
  const loaded = loaderStorage ? new Promise<void>((resolve) => (markLoaded = resolve)) : Promise.resolve();
  const close = () => toLoader({ oceras: 1, t: 'close' });

  let lastUnread = -1;
  store.subscribe(() => {
    const n = unreadCount(store.state);
    if (n !== lastUnread) {
      lastUnread = n;
      toLoader({ oceras: 1, t: 'unread', n });
    }
  });

  window.addEventListener('message', (event) => {
    if (!isEmbedded || event.source !== window.parent || event.origin !== parentOrigin || !isOcerasMessage(event.data))
      return;
    const msg = event.data as ToFrame;
    if (msg.t === 'snapshot') {
      // The page's identify() came before the frame: the first session carries it.
      if (msg.who && typeof msg.who === 'object')
        void store.identify({ userId: msg.who.userId, userHash: msg.who.userHash });
      const items = msg.items && typeof msg.items === 'object' ? msg.items : null;
      if (loaderStorage?.load(items, msg.hasConversation === true)) {
        store.syncLocal();
        markLoaded();
      }
    } else if (msg.t === 'changed') {
      if (loaderStorage?.applyRemote(msg.k, msg.v)) store.syncRemote();
    } else if (msg.t === 'lead') hostLock?.lead();
    else if (msg.t === 'open') {
      store.setOpen(true);
      requestAnimationFrame(() => focusFirst());
    } else if (msg.t === 'close') store.setOpen(false);
    else if (msg.t === 'identify') void store.identify(msg.who ?? {}).catch(() => {});
    else if (msg.t === 'reset') void loaded.then(() => store.reset());
    else if (msg.t === 'setLocale') showIn(pickLocale([String(msg.v)]));
    else if (msg.t === 'update') void store.update(msg.v).catch(() => {});
    else if (msg.t === 'showNewConversation') store.compose(msg.v ?? '');
  });
  // The frame's own storage, where it is the one in use (no loader storage, or the host page cannot store).
  window.addEventListener('storage', (e) => {
    if (e.key?.startsWith(prefix)) store.syncRemote();
  });
  // Browsers start audio only after a gesture in this frame: a visitor who turned sound on earlier gets it back on
  // their first click or key press.
  for (const type of ['pointerdown', 'keydown'])
    document.addEventListener(type, () => store.state.isSoundOn && unlockSound(), { capture: true });
  document.addEventListener('visibilitychange', () => store.setOpen(store.state.isOpen));
  // A file dropped outside a conversation's drop zone is not opened in place of the chat.
  for (const type of ['dragover', 'drop']) document.addEventListener(type, (e) => e.preventDefault());

  if (!isEmbedded) store.setOpen(true);
  toLoader({ oceras: 1, t: 'ready' });
  void loaded.then(() => store.boot());
  // Oceras.setLocale() draws the chat again in that language; the latest call wins over a slower earlier load.
  let drawn = 0;
  const draw = (pending: Promise<Strings>) => {
    const n = ++drawn;
    void pending.then((t) => {
      if (n !== drawn) return;
      render(<App store={store} t={t} onClose={close} isEmbedded={isEmbedded} />, document.getElementById('app')!);
    });
  };
  const showIn = (locale: string) => {
    document.documentElement.lang = locale;
    draw(loadStrings(locale));
  };
  draw(strings);
}

function focusFirst() {
  const target =
    document.querySelector<HTMLElement>('textarea, input') ?? document.querySelector<HTMLElement>('button');
  target?.focus();
}
