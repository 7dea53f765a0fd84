/**
 * The loader, /widget.js: reads data-oceras-key, asks the server whether this site may show the widget, draws the
 * launcher in a shadow root, and creates the chat iframe (Oceras origin) only when the visitor opens the chat
 * or already has a conversation on this site (to learn about unread messages). It keeps the frame's items (visitor
 * session, outbox, read marks) in this page's localStorage, which is first-party: browsers that refuse or partition
 * the frame's own storage keep these. Calls queued on `window.Oceras.q` before it loaded run once it has.
 */
import {
  type ChatEvent,
  type Identity,
  isOcerasMessage,
  type StoredItems,
  storagePrefix,
  type ToFrame,
  type ToLoader,
} from '../shared/frame-messages.js';
import { CLOSE_ICON, LAUNCHER_LABELS, launcherCss, OPEN_ICON } from './launcher-style.js';

type Listener = (value?: unknown) => void;
type EventName = 'ready' | 'open' | 'close' | 'unread' | ChatEvent;
interface Api {
  open(): void;
  close(): void;
  toggle(): void;
  /** Labels; with `userId` and `userHash` (signed by the site's backend), the verified user on every device. */
  identify(who: Identity): void;
  reset(): void;
  /** The chat's language: en, fr, de or es. */
  setLocale(lang: string): void;
  /** Custom attributes stored on the visitor (a null value removes one). */
  update(attributes: Record<string, unknown>): void;
  /** Opens the chat on a new conversation, its composer holding `prefill`. */
  showNewConversation(prefill?: string): void;
  on(event: EventName, fn: Listener): void;
  off(event: EventName, fn: Listener): void;
  q?: [string, unknown[]][];
  isLoaded?: true;
}

const w = window as unknown as { Oceras?: Partial<Api> };
const script = (document.currentScript ??
  document.querySelector('script[data-oceras-key]')) as HTMLScriptElement | null;
const key = script?.getAttribute('data-oceras-key') ?? '';
const previous = w.Oceras;

if (!previous?.isLoaded && script) start(script, previous?.q ?? []);

function start(tag: HTMLScriptElement, queue: [string, unknown[]][]) {
  const base = new URL(tag.src).origin;
  // `1` while this browser has a conversation here: the frame then loads with the page, for the unread badge.
  const flag = `oceras:${key}`;
  const lang = (navigator.language || 'en').slice(0, 2).toLowerCase();
  const [openLabel, closeLabel, unreadLabel] = LAUNCHER_LABELS[lang] ?? LAUNCHER_LABELS.en!;
  const listeners: Record<string, Listener[]> = {};
  const emit = (name: EventName, value?: unknown) => {
    for (const fn of listeners[name] ?? []) {
      try {
        fn(value);
      } catch (e) {
        console.error(e);
      }
    }
  };
  let isAllowed: boolean | null = null;
  let isOpen = false;
  let unread = 0;
  let frame: HTMLIFrameElement | null = null;
  let isFrameReady = false;
  const outbox: ToFrame[] = [];
  const pending: [string, unknown[]][] = [];
  // Gives back the socket lock this page holds for its frame (see shared/frame-messages.ts).
  let unlock: (() => void) | undefined;
  let button: HTMLButtonElement;
  let badge: HTMLElement;
  let root: ShadowRoot;
  let host: HTMLElement;
  const title = { base: document.title };
  // The last identify() call: the frame's first session carries it (one session call, not an anonymous one first).
  let who: Identity | undefined;

  const post = (msg: ToFrame) => {
    if (isFrameReady && frame?.contentWindow) frame.contentWindow.postMessage(msg, base);
    else outbox.push(msg);
  };
  // setLocale, update, showNewConversation: queued until the config answers, then posted under their own name
  // (`load`: the frame is needed now; a language waits for the frame to load when the chat opens).
  const send = (t: 'setLocale' | 'update' | 'showNewConversation', v: unknown, load?: 1) => {
    if (!isAllowed) return void pending.push([t, [v]]);
    if (load) ensureFrame();
    post({ oceras: 1, t, v } as ToFrame);
  };
  // This page may refuse storage too (the frame then keeps its own, or memory): every access is guarded.
  const remember = (active: boolean) => {
    try {
      if (active) localStorage.setItem(flag, '1');
      else localStorage.removeItem(flag);
    } catch {
      /* the frame then loads only when opened */
    }
  };
  const hasConversation = () => {
    try {
      return localStorage.getItem(flag) === '1';
    } catch {
      return false;
    }
  };
  // The frame's items, under the frame's own key names.
  const prefix = storagePrefix(key);
  const stored = (): StoredItems | null => {
    try {
      const items: StoredItems = {};
      for (let i = 0; i < localStorage.length; i++) {
        const k = localStorage.key(i)!;
        if (k.startsWith(prefix)) items[k] = localStorage.getItem(k)!;
      }
      return items;
    } catch {
      return null;
    }
  };
  const save = (items: Record<string, string | null>) => {
    try {
      for (const k in items) {
        const v = items[k];
        if (k.startsWith(prefix)) v == null ? localStorage.removeItem(k) : localStorage.setItem(k, v);
      }
    } catch {
      /* refused or full: the frame keeps its copy for this page view */
    }
  };

  const ensureFrame = () => {
    if (frame) return;
    frame = document.createElement('iframe');
    frame.title = 'Chat';
    frame.className = 'frame';
    frame.setAttribute('allow', 'autoplay');
    frame.src = `${base}/widget/frame.html?key=${encodeURIComponent(key)}#o=${encodeURIComponent(location.origin)}&s=1&l=1`;
    root.appendChild(frame);
  };

  const render = () => {
    host.setAttribute('data-open', String(isOpen));
    button.setAttribute('aria-expanded', String(isOpen));
    button.setAttribute(
      'aria-label',
      `${isOpen ? closeLabel : openLabel}${unread ? ` (${unread} ${unreadLabel})` : ''}`,
    );
    button.innerHTML = isOpen ? CLOSE_ICON : OPEN_ICON;
    badge.textContent = unread > 0 ? String(Math.min(unread, 99)) : '';
    badge.setAttribute('aria-hidden', 'true');
    badge.hidden = unread === 0;
    button.appendChild(badge);
    if (frame) frame.classList.toggle('open', isOpen);
    const current = document.title.replace(/^\(\d+\) /, '');
    if (current !== title.base) title.base = current;
    const wanted = unread > 0 ? `(${unread}) ${title.base}` : title.base;
    if (document.title !== wanted) document.title = wanted;
  };

  const api: Api = {
    open() {
      if (!isAllowed) return void pending.push(['open', []]);
      if (isOpen) return;
      ensureFrame();
      isOpen = true;
      post({ oceras: 1, t: 'open' });
      render();
      emit('open');
    },
    close() {
      if (!isAllowed || !isOpen) return;
      isOpen = false;
      post({ oceras: 1, t: 'close' });
      render();
      button.focus();
      emit('close');
    },
    toggle() {
      if (isOpen) api.close();
      else api.open();
    },
    identify(w) {
      if (!isAllowed) return void pending.push(['identify', [w]]);
      // As JSON: a function or the like in it could not be posted (the frame would never get its snapshot).
      who = JSON.parse(JSON.stringify(w ?? {}));
      ensureFrame();
      post({ oceras: 1, t: 'identify', who });
    },
    setLocale: (v) => send('setLocale', v),
    update: (v) => send('update', v, 1),
    showNewConversation(v) {
      send('showNewConversation', v, 1);
      api.open();
    },
    reset() {
      // Cleared here at once (a sign-out may navigate away next), then in the frame, which also starts afresh.
      const gone: Record<string, null> = {};
      for (const k in stored() ?? {}) gone[k] = null;
      save(gone);
      remember(false);
      if (!isAllowed) return void pending.push(['reset', []]);
      // Where this page cannot store, the items live in the frame's storage: load the frame (hidden) to forget them.
      ensureFrame();
      post({ oceras: 1, t: 'reset' });
      unread = 0;
      render();
      emit('unread', 0);
    },
    on(name, fn) {
      listeners[name] = [...(listeners[name] ?? []), fn];
    },
    off(name, fn) {
      listeners[name] = (listeners[name] ?? []).filter((f) => f !== fn);
    },
    isLoaded: true,
  };
  w.Oceras = api;

  const run = ([name, args]: [string, unknown[]]) => {
    const fn = (api as unknown as Record<string, unknown>)[name];
    if (typeof fn === 'function') fn.apply(api, args);
  };
  // on/off are safe before the config answer; the rest waits for it.
  for (const call of queue) if (call[0] === 'on' || call[0] === 'off') run(call);
  for (const call of queue) if (call[0] !== 'on' && call[0] !== 'off') pending.push(call);

  window.addEventListener('message', (event) => {
    if (!frame || event.source !== frame.contentWindow || event.origin !== base || !isOcerasMessage(event.data)) return;
    const msg = event.data as ToLoader;
    if (msg.t === 'ready') {
      isFrameReady = true;
      // The snapshot goes first: the frame starts its session only once it has it.
      post({ oceras: 1, t: 'snapshot', items: stored(), hasConversation: hasConversation(), who });
      for (const m of outbox.splice(0)) post(m);
    } else if (msg.t === 'unread') {
      if (msg.n !== unread) {
        unread = Math.max(0, Math.floor(Number(msg.n)) || 0);
        render();
        emit('unread', unread);
      }
    } else if (msg.t === 'session') remember(msg.active);
    else if (msg.t === 'store') save(msg.items);
    else if (msg.t === 'lock') {
      const lead = () => post({ oceras: 1, t: 'lead' });
      try {
        navigator.locks
          .request(
            `${prefix}socket`,
            () =>
              new Promise<void>((r) => {
                unlock = r;
                lead();
              }),
          )
          .catch(lead);
      } catch {
        lead(); // no Web Locks on this page (not a secure context): every tab leads
      }
    } else if (msg.t === 'unlock') unlock?.();
    else if (msg.t === 'close') api.close();
    else if (msg.t === 'event') emit(msg.n, msg.v);
  });
  // Other tabs' changes (a snapshot covers those made before the frame was ready). Values are read again, not taken
  // from the event, so the frame ends on what this page holds now.
  window.addEventListener('storage', (e) => {
    if (isFrameReady && e.storageArea === localStorage && (e.key === null || e.key.startsWith(prefix)))
      post({ oceras: 1, t: 'changed', k: e.key, v: e.key && localStorage.getItem(e.key) });
  });

  fetch(`${base}/api/v1/widget/config?widgetKey=${encodeURIComponent(key)}`)
    .then(async (res) => {
      const body = await res.json().catch(() => null);
      if (!res.ok) {
        const code = body?.error?.code;
        console.warn(
          code === 'DOMAIN_NOT_ALLOWED'
            ? `Oceras: ${location.hostname} is not on this widget's allowed domains, so no chat is shown.`
            : `Oceras: the chat widget could not start (${code ?? res.status}).`,
        );
        isAllowed = false;
        return;
      }
      const settings = body.organization.widgetSettings as { color: string; position: 'left' | 'right' };
      host = document.createElement('div');
      host.setAttribute('data-oceras', '');
      host.style.cssText =
        'all:initial!important;position:fixed!important;z-index:2147483647!important;bottom:0!important;' +
        `${settings.position === 'left' ? 'left' : 'right'}:0!important;width:0!important;height:0!important;` +
        'display:block!important;overflow:visible!important;visibility:visible!important;opacity:1!important';
      root = host.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = launcherCss(settings.position, settings.color);
      button = document.createElement('button');
      button.type = 'button';
      button.className = 'launcher';
      button.onclick = () => api.toggle();
      badge = document.createElement('span');
      badge.className = 'badge';
      root.append(style, button);
      (document.body ?? document.documentElement).appendChild(host);
      isAllowed = true;
      render();
      if (hasConversation()) ensureFrame();
      emit('ready');
      for (const call of pending.splice(0)) run(call);
    })
    .catch(() => {
      console.warn('Oceras: the chat widget could not start (network).');
    });
}
