import { render } from 'preact';
import { isOcerasMessage, type ToFrame, type ToLoader } from '../shared/frame-messages.js';
import { App } from './app.js';
import { LOCALES, pickLocale } from './i18n.js';
import { safeStorage } from './safe-storage.js';
import { beep, unlockSound } from './sound.js';
import { ChatStore } from './store.js';

const key = new URLSearchParams(location.search).get('key') ?? '';
// The page that frames us: the browser's word where it gives one, else the loader's (it is only a postMessage target).
const parentOrigin =
  (location.ancestorOrigins?.[0] as string | undefined) ?? new URLSearchParams(location.hash.slice(1)).get('o');
const isEmbedded = window.parent !== window && !!parentOrigin;
const lang = pickLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
document.documentElement.lang = lang;
const t = LOCALES[lang]!;

const store = new ChatStore(key, safeStorage());
const toLoader = (msg: ToLoader) => {
  if (isEmbedded) window.parent.postMessage(msg, parentOrigin!);
};
const close = () => toLoader({ oceras: 1, t: 'close' });

let lastUnread = -1;
store.subscribe(() => {
  const n = store.unreadCount();
  if (n !== lastUnread) {
    lastUnread = n;
    toLoader({ oceras: 1, t: 'unread', n });
  }
});
store.onSession = (active) => toLoader({ oceras: 1, t: 'session', active });
store.onIncoming = () => {
  if (store.state.isSoundOn) beep();
};

window.addEventListener('message', (event) => {
  if (!isEmbedded || event.source !== window.parent || event.origin !== parentOrigin || !isOcerasMessage(event.data))
    return;
  const msg = event.data as ToFrame;
  if (msg.t === 'open') {
    store.setOpen(true);
    requestAnimationFrame(() => focusFirst());
  } else if (msg.t === 'close') store.setOpen(false);
  else if (msg.t === 'identify') void store.identify(msg).catch(() => {});
  else if (msg.t === 'reset') void store.reset();
});
window.addEventListener('storage', (e) => {
  if (e.key?.startsWith(`oceras.${key}.`)) store.syncLocal();
});
// Browsers start audio only after a gesture in this frame: a visitor who turned sound on earlier gets it back on their
// first click or key press.
for (const type of ['pointerdown', 'keydown'])
  document.addEventListener(type, () => store.state.isSoundOn && unlockSound(), { capture: true });
document.addEventListener('visibilitychange', () => store.setOpen(store.state.isOpen));

function focusFirst() {
  const target =
    document.querySelector<HTMLElement>('textarea, input') ?? document.querySelector<HTMLElement>('button');
  target?.focus();
}

if (!isEmbedded) store.setOpen(true);
render(
  <App store={store} t={t} lang={lang} onClose={close} isEmbedded={isEmbedded} />,
  document.getElementById('app')!,
);
toLoader({ oceras: 1, t: 'ready' });
void store.boot();
