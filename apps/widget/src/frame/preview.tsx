/**
 * The dashboard's preview of the widget settings (`frame.html?key=…&preview=1`, contract in
 * shared/frame-messages.ts): the real App, header, home, pre-chat form and thread, on a sample store, beside the
 * loader's real launcher (its CSS, icons and colour from loader/launcher-style.ts). No API call, no socket, no
 * storage: this module never creates a ChatStore. Loaded on its own (a lazy chunk), so visitors never download it.
 */
import type { TMessage, TVisitorConversation } from '@oceras/protocol';
import { render } from 'preact';
import { CLOSE_ICON, LAUNCHER_LABELS, launcherCss, OPEN_ICON } from '../loader/launcher-style.js';
import { type FromPreview, isOcerasMessage, type PreviewView, type ToPreview } from '../shared/frame-messages.js';
import { App } from './app.js';
import type { Strings } from './i18n.js';
import type { ChatState, Settings } from './reducer.js';
import type { ChatModel } from './store.js';

const SAMPLES: Record<string, { question: string; answer: string; thanks: string }> = {
  en: {
    question: 'Hi! Do you ship to Canada?',
    answer: 'We do: orders arrive in 3 to 5 working days.',
    thanks: 'Thanks, that solved it!',
  },
  fr: {
    question: 'Bonjour ! Livrez-vous au Canada ?',
    answer: 'Oui : les commandes arrivent en 3 à 5 jours ouvrés.',
    thanks: 'Merci, c’est réglé !',
  },
  de: {
    question: 'Hallo! Liefern Sie nach Kanada?',
    answer: 'Ja: Bestellungen kommen in 3 bis 5 Werktagen an.',
    thanks: 'Danke, das hat geholfen!',
  },
  es: {
    question: '¡Hola! ¿Hacéis envíos a Canadá?',
    answer: 'Sí: los pedidos llegan en 3 a 5 días laborables.',
    thanks: '¡Gracias, resuelto!',
  },
};
const SAMPLE_ID = 'sample';
const AGENT = 'Sam';

/** Draft settings from the dashboard, each field checked: it is our own page, but a bad draft must not break this. */
export function previewSettings(raw: unknown): Settings {
  const s = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof Settings, unknown>>;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    color: typeof s.color === 'string' && /^#[0-9a-f]{6}$/i.test(s.color) ? s.color : '#1f6feb',
    position: s.position === 'left' ? 'left' : 'right',
    greeting: text(s.greeting),
    teamName: text(s.teamName),
    preChatForm: s.preChatForm === 'optional' || s.preChatForm === 'required' ? s.preChatForm : 'off',
    privacyPolicyUrl: typeof s.privacyPolicyUrl === 'string' && s.privacyPolicyUrl ? s.privacyPolicyUrl : null,
    satisfactionSurvey:
      s.satisfactionSurvey === 'faces' || s.satisfactionSurvey === 'off' ? s.satisfactionSurvey : 'stars',
  };
}

/** The sample state for one view: one earlier conversation, its two messages, and nothing pending. */
export function previewState(settings: Settings, orgName: string, view: PreviewView, lang: string): ChatState {
  const sample = SAMPLES[lang] ?? SAMPLES.en!;
  const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
  const author = (type: 'visitor' | 'agent') => ({
    type,
    id: null,
    name: type === 'agent' ? AGENT : null,
    avatarUrl: null,
  });
  const message = (seq: number, type: 'visitor' | 'agent', body: string, at: string): TMessage => ({
    id: `${SAMPLE_ID}-${seq}`,
    conversationId: SAMPLE_ID,
    seq,
    clientId: null,
    type: 'message',
    author: author(type),
    body,
    system: null,
    createdAt: at,
  });
  const conversation: TVisitorConversation = {
    id: SAMPLE_ID,
    status: 'open',
    assignee: { name: AGENT, avatarUrl: null },
    rating: null,
    emailTranscript: false,
    lastMessagePreview: sample.answer,
    lastActivityAt: minutesAgo(2),
    createdAt: minutesAgo(5),
    agentLastReadSeq: 1,
  };
  // The pre-chat view with the form off shows what a visitor sees instead: a new conversation.
  const shown =
    view === 'thread'
      ? SAMPLE_ID
      : view === 'prechat'
        ? settings.preChatForm === 'off'
          ? 'new:preview'
          : 'prechat'
        : 'home';
  return {
    phase: 'ready',
    settings,
    orgName,
    hasEmailFollowUp: false,
    isAgentOnline: true,
    hours: null,
    visitor: null,
    conversations: [conversation],
    messages: {
      [SAMPLE_ID]: [
        message(1, 'visitor', sample.question, minutesAgo(5)),
        message(2, 'agent', sample.answer, minutesAgo(2)),
      ],
    },
    typing: {},
    isConnected: true,
    hasConnected: true,
    outbox: [],
    uploads: {},
    started: {},
    readSeq: { [SAMPLE_ID]: 2 },
    isOpen: true,
    view: shown,
    isSoundOn: false,
    isRemembered: true,
    lastIncoming: null,
    prefill: null,
  };
}

/** The UI's store, over sample data: clicks move between views and messages appear, in memory only. */
class PreviewModel implements ChatModel {
  private listeners = new Set<() => void>();
  constructor(public state: ChatState) {}

  show(state: ChatState) {
    this.state = state;
    for (const fn of this.listeners) fn();
  }

  private set(patch: Partial<ChatState>) {
    this.show({ ...this.state, ...patch });
  }

  subscribe(fn: () => void) {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }

  resolve(view: string) {
    return view === 'home' || view === 'prechat' ? null : view;
  }

  unreadIn() {
    return 0;
  }

  setView(view: string) {
    this.set({ view });
  }

  send(view: string, body: string) {
    const id = this.resolve(view);
    if (!id || !body.trim()) return;
    const list = this.state.messages[id] ?? [];
    const seq = (list.at(-1)?.seq ?? 0) + 1;
    const m: TMessage = {
      id: `${id}-${seq}`,
      conversationId: id,
      seq,
      clientId: null,
      type: 'message',
      author: { type: 'visitor', id: null, name: null, avatarUrl: null },
      body: body.trim(),
      system: null,
      createdAt: new Date().toISOString(),
    };
    this.set({ messages: { ...this.state.messages, [id]: [...list, m] } });
  }

  // No files in the preview: nothing is uploaded from the dashboard's sample.
  attach() {}
  retry() {}
  discard() {}
  refresh() {}
  setTyping() {}
  async rate() {}
  async setTranscript() {}

  setSound(on: boolean) {
    this.set({ isSoundOn: on });
  }

  async identify(who: { name?: string; email?: string }) {
    this.set({
      visitor: { id: 'preview', name: who.name?.trim() || null, email: who.email?.trim() || null, userId: null },
    });
  }

  skipPreChat() {}

  hasSkippedPreChat() {
    return false;
  }
}

/** Extra rules for the preview page only: a neutral page behind the chat, and the panel's corners clipped. */
const PAGE_CSS = 'body{background:#eef1f4}';
const PANEL_CSS = '.frame{overflow:hidden}';

export function startPreview(t: Strings, lang: string) {
  const app = document.getElementById('app')!;
  // The launcher and the panel as the loader draws them: a shadow root with its CSS, the chat slotted in the panel.
  const host = document.createElement('div');
  host.setAttribute('data-oceras-preview', '');
  const root = host.attachShadow({ mode: 'open' });
  const panel = document.createElement('div');
  panel.className = 'frame open';
  panel.append(document.createElement('slot'));
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'launcher';
  root.append(panel, button);
  app.replaceWith(host);
  host.append(app);
  // Constructed sheets: the frame's CSP allows no <style> element.
  const launcherSheet = new CSSStyleSheet();
  const panelSheet = new CSSStyleSheet();
  panelSheet.replaceSync(PANEL_CSS);
  root.adoptedStyleSheets = [launcherSheet, panelSheet];
  const pageSheet = new CSSStyleSheet();
  pageSheet.replaceSync(PAGE_CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageSheet];

  const [openLabel, closeLabel] = LAUNCHER_LABELS[lang] ?? LAUNCHER_LABELS.en!;
  let model: PreviewModel | null = null;
  let isOpen = true;
  const drawLauncher = (settings: Settings) => {
    launcherSheet.replaceSync(launcherCss(settings.position, settings.color));
    host.setAttribute('data-open', String(isOpen));
    panel.classList.toggle('open', isOpen);
    button.innerHTML = isOpen ? CLOSE_ICON : OPEN_ICON; // the loader's two constant icons
    button.setAttribute('aria-label', isOpen ? closeLabel : openLabel);
    button.setAttribute('aria-expanded', String(isOpen));
  };
  const toggle = (open: boolean) => {
    isOpen = open;
    if (model?.state.settings) drawLauncher(model.state.settings);
  };
  button.onclick = () => toggle(!isOpen);

  window.addEventListener('message', (event) => {
    if (event.origin !== location.origin || event.source !== window.parent || !isOcerasMessage(event.data)) return;
    const msg = event.data as ToPreview;
    if (msg.t !== 'preview') return;
    const settings = previewSettings(msg.settings);
    const view = msg.view === 'prechat' || msg.view === 'thread' ? msg.view : 'home';
    const state = previewState(settings, typeof msg.orgName === 'string' ? msg.orgName : '', view, lang);
    drawLauncher(settings);
    if (model) return model.show(state);
    model = new PreviewModel(state);
    render(<App store={model} t={t} onClose={() => toggle(false)} isEmbedded={true} />, app);
  });
  const ready: FromPreview = { oceras: 1, t: 'ready' };
  window.parent.postMessage(ready, location.origin);
}
