/**
 * The loader, /widget.js: reads data-oceras-key, asks the server whether this site may show the widget, draws the
 * launcher in a shadow root, and creates the chat iframe (Oceras origin) only when the visitor opens the chat
 * or already has a session on this site (to learn about unread messages). Calls queued on `window.Oceras.q` before
 * it loaded run once it has.
 */
import { isOcerasMessage, type ToFrame, type ToLoader } from '../shared/frame-messages.js';
import { CLOSE_ICON, LAUNCHER_CSS, OPEN_ICON } from './launcher-style.js';

type Listener = (value?: unknown) => void;
type EventName = 'ready' | 'open' | 'close' | 'unread';
interface Api {
  open(): void;
  close(): void;
  toggle(): void;
  identify(who: { name?: string; email?: string }): void;
  reset(): void;
  on(event: EventName, fn: Listener): void;
  off(event: EventName, fn: Listener): void;
  q?: [string, unknown[]][];
  isLoaded?: true;
}

const LABELS: Record<string, [string, string, string]> = {
  en: ['Open chat', 'Close chat', 'unread'],
  fr: ['Ouvrir la discussion', 'Fermer la discussion', 'non lus'],
  de: ['Chat öffnen', 'Chat schließen', 'ungelesen'],
  es: ['Abrir el chat', 'Cerrar el chat', 'sin leer'],
};

const w = window as unknown as { Oceras?: Partial<Api> };
const script = (document.currentScript ??
  document.querySelector('script[data-oceras-key]')) as HTMLScriptElement | null;
const key = script?.getAttribute('data-oceras-key') ?? '';
const previous = w.Oceras;

if (!previous?.isLoaded && script) start(script, previous?.q ?? []);

function start(tag: HTMLScriptElement, queue: [string, unknown[]][]) {
  const base = new URL(tag.src).origin;
  const flag = `oceras:${key}`;
  const lang = (navigator.language || 'en').slice(0, 2).toLowerCase();
  const [openLabel, closeLabel, unreadLabel] = LABELS[lang] ?? LABELS.en!;
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
  let button: HTMLButtonElement;
  let badge: HTMLElement;
  let root: ShadowRoot;
  let host: HTMLElement;
  const title = { base: document.title };

  const post = (msg: ToFrame) => {
    if (isFrameReady && frame?.contentWindow) frame.contentWindow.postMessage(msg, base);
    else outbox.push(msg);
  };
  const remember = (active: boolean) => {
    try {
      if (active) localStorage.setItem(flag, '1');
      else localStorage.removeItem(flag);
    } catch {
      /* storage may be blocked: the frame then loads only when opened */
    }
  };
  const hasSession = () => {
    try {
      return localStorage.getItem(flag) === '1';
    } catch {
      return false;
    }
  };

  const ensureFrame = () => {
    if (frame) return;
    frame = document.createElement('iframe');
    frame.title = 'Chat';
    frame.className = 'frame';
    frame.setAttribute('allow', 'autoplay');
    frame.src = `${base}/widget/frame.html?key=${encodeURIComponent(key)}#o=${encodeURIComponent(location.origin)}`;
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
    identify(who) {
      if (!isAllowed) return void pending.push(['identify', [who]]);
      ensureFrame();
      post({ oceras: 1, t: 'identify', name: who?.name, email: who?.email });
    },
    reset() {
      remember(false);
      if (!isAllowed) return void pending.push(['reset', []]);
      // The visitor's token lives in the frame's storage: load the frame (hidden) if needed to forget it.
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
      for (const m of outbox.splice(0)) post(m);
    } else if (msg.t === 'unread') {
      if (msg.n !== unread) {
        unread = Math.max(0, Math.floor(Number(msg.n)) || 0);
        render();
        emit('unread', unread);
      }
    } else if (msg.t === 'session') remember(msg.active);
    else if (msg.t === 'close') api.close();
  });

  fetch(`${base}/api/v1/widget/config?key=${encodeURIComponent(key)}`)
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
      style.textContent = LAUNCHER_CSS.replace(/SIDE/g, settings.position === 'left' ? 'left' : 'right').replace(
        /COLOR/g,
        /^#[0-9a-f]{6}$/i.test(settings.color) ? settings.color : '#1f6feb',
      );
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
      if (hasSession()) ensureFrame();
      emit('ready');
      for (const call of pending.splice(0)) run(call);
    })
    .catch(() => {
      console.warn('Oceras: the chat widget could not reach its server.');
    });
}
