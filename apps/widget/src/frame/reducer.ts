import type { AttachmentReady, TMessage, TVisitor, TVisitorConversation, TWidgetConfig } from '@oceras/protocol';
import type { Hours } from './availability.js';
import type { OutboxItem } from './outbox.js';

export type Settings = TWidgetConfig['organization']['widgetSettings'];
export interface ChatState {
  /** `signin`: the organization requires a verified identity and the page gave none (IDENTITY_REQUIRED). */
  phase: 'loading' | 'ready' | 'error' | 'signin';
  settings: Settings | null;
  orgName: string;
  /** Replies the visitor misses are emailed to them (the organization's follow-up, the server's SMTP). */
  hasEmailFollowUp: boolean;
  isAgentOnline: boolean;
  /** The organization's business hours and time zone (the header's "back on Monday at 9:00"); null: always open. */
  hours: Hours | null;
  visitor: TVisitor | null;
  conversations: TVisitorConversation[];
  messages: Record<string, TMessage[]>;
  /** Name of the agent typing, per conversation. */
  typing: Record<string, string | null>;
  isConnected: boolean;
  hasConnected: boolean;
  outbox: OutboxItem[];
  /** The files this tab is sending, by outbox item: bytes sent of each, and whether the last try failed. */
  uploads: Record<string, Upload>;
  started: Record<string, string>;
  readSeq: Record<string, number>;
  isOpen: boolean;
  /** `home`, `prechat`, a conversation id, or `new:<clientId>` for one not started yet. */
  view: string;
  isSoundOn: boolean;
  /** The storage outlives the page (the visitor finds the conversation when they come back), not memory only. */
  isRemembered: boolean;
  /** The last agent message that arrived while the chat was open (the screen-reader live region says it). */
  lastIncoming: TMessage | null;
  /** Oceras.showNewConversation(prefill): the text the next new conversation's composer starts with. */
  prefill: string | null;
}

export interface Upload {
  sent: number[];
  /** The last try failed in a way worth another (the network, an expired link): it is tried again. */
  isStalled?: boolean;
}

/** What this browser keeps for the widget (outbox, started conversations, read marks, sound), as last read. */
export type Stored = Pick<ChatState, 'outbox' | 'started' | 'readSeq' | 'isSoundOn' | 'isRemembered'>;

export type Action =
  | {
      type: 'session-started';
      settings: Settings;
      orgName: string;
      hasEmailFollowUp: boolean;
      isAgentOnline: boolean;
      hours: Hours | null;
      visitor: TVisitor;
    }
  | { type: 'phase'; phase: ChatState['phase'] }
  | { type: 'conversations'; conversations: TVisitorConversation[] }
  | { type: 'conversation'; conversation: TVisitorConversation }
  | { type: 'messages'; conversationId: string; messages: TMessage[] }
  | { type: 'message-arrived'; message: TMessage }
  | ({ type: 'attachment' } & AttachmentReady)
  | { type: 'upload'; clientId: string; upload: Upload | null }
  | { type: 'typing'; typing: ChatState['typing'] }
  | { type: 'connection'; isConnected: boolean; hasConnected?: boolean }
  | { type: 'stored'; stored: Stored }
  | { type: 'read'; conversationId: string; seq: number }
  | { type: 'open'; isOpen: boolean }
  | { type: 'view'; view: string }
  | { type: 'visitor'; visitor: TVisitor }
  | { type: 'agent-online'; isAgentOnline: boolean }
  | { type: 'compose'; prefill: string | null }
  | { type: 'reset'; stored: Pick<Stored, 'outbox' | 'started'> };

export function initialState(stored: Stored): ChatState {
  return {
    phase: 'loading',
    settings: null,
    orgName: '',
    hasEmailFollowUp: false,
    isAgentOnline: true,
    hours: null,
    visitor: null,
    conversations: [],
    messages: {},
    typing: {},
    isConnected: false,
    hasConnected: false,
    isOpen: false,
    view: 'home',
    lastIncoming: null,
    prefill: null,
    uploads: {},
    ...stored,
  };
}

const byActivity = (list: TVisitorConversation[]) =>
  list.sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));

/** The chat's state after one thing happened: no I/O, no timers, no storage (the store does those). */
export function reduce(state: ChatState, action: Action): ChatState {
  switch (action.type) {
    case 'session-started': {
      const { type: _, ...session } = action;
      return { ...state, ...session };
    }
    case 'phase':
      return { ...state, phase: action.phase };
    case 'conversations': {
      // A list read may have left before a conversation began here or moved on: what is held and newer stays (a
      // visitor's conversations never go away but by a reset, which empties the list).
      const listed = new Set(action.conversations.map((c) => c.id));
      const held = new Map(state.conversations.map((c) => [c.id, c]));
      const newer = (c: TVisitorConversation) => {
        const mine = held.get(c.id);
        return mine && mine.lastActivityAt > c.lastActivityAt ? mine : c;
      };
      const kept = state.conversations.filter((c) => !listed.has(c.id));
      return { ...state, conversations: byActivity([...action.conversations.map(newer), ...kept]) };
    }
    case 'conversation': {
      const rest = state.conversations.filter((c) => c.id !== action.conversation.id);
      return { ...state, conversations: byActivity([action.conversation, ...rest]) };
    }
    case 'messages':
      return withMessages(state, action.conversationId, action.messages);
    case 'message-arrived': {
      // An open chat reads the agent's answer out (the live region). Their typing ends with it (the store's tracker).
      const m = action.message;
      const next = withMessages(state, m.conversationId, [m]);
      return m.author.type !== 'visitor' && state.isOpen ? { ...next, lastIncoming: m } : next;
    }
    case 'attachment': {
      // An image's dimensions and thumbnail, after its message (SPEC R15).
      const { conversationId: id, messageId, attachment: a } = action;
      const m = state.messages[id]?.find((x) => x.id === messageId);
      if (!m) return state;
      const attachments = m.attachments?.map((x) => (x.id === a.id ? a : x));
      return withMessages(state, id, [{ ...m, attachments }]);
    }
    case 'upload': {
      const { [action.clientId]: _, ...uploads } = state.uploads;
      if (action.upload) uploads[action.clientId] = action.upload;
      return { ...state, uploads };
    }
    case 'typing':
      return { ...state, typing: action.typing };
    case 'connection':
      return {
        ...state,
        isConnected: action.isConnected,
        hasConnected: state.hasConnected || action.isConnected || action.hasConnected === true,
      };
    case 'stored': {
      // Uploads of items no longer in the outbox (sent, discarded, reset) are over.
      const ids = new Set(action.stored.outbox.map((i) => i.clientId));
      const uploads = Object.fromEntries(Object.entries(state.uploads).filter(([id]) => ids.has(id)));
      return { ...state, ...action.stored, uploads, readSeq: { ...state.readSeq, ...action.stored.readSeq } };
    }
    case 'read':
      if (action.seq <= (state.readSeq[action.conversationId] ?? 0)) return state;
      return { ...state, readSeq: { ...state.readSeq, [action.conversationId]: action.seq } };
    case 'open':
      return { ...state, isOpen: action.isOpen };
    case 'view':
      return { ...state, view: action.view };
    case 'visitor':
      return { ...state, visitor: action.visitor };
    case 'agent-online':
      return { ...state, isAgentOnline: action.isAgentOnline };
    case 'compose':
      return { ...state, prefill: action.prefill };
    case 'reset':
      return {
        ...state,
        ...action.stored,
        phase: 'loading',
        visitor: null,
        conversations: [],
        messages: {},
        typing: {},
        uploads: {},
        readSeq: {},
        view: 'home',
        isConnected: false,
        hasConnected: false,
      };
  }
}

/** Messages by id (a message sent and then received as an event is one), in seq order. */
function withMessages(state: ChatState, conversationId: string, incoming: TMessage[]): ChatState {
  if (incoming.length === 0) return state;
  const byId = new Map((state.messages[conversationId] ?? []).map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, keepReady(byId.get(m.id), m));
  const list = [...byId.values()].sort((a, b) => a.seq - b.seq);
  return { ...state, messages: { ...state.messages, [conversationId]: list } };
}

/** An attachment whose image was measured (dimensions, thumbnail): `attachment.ready` came for it. */
const isReady = (a: NonNullable<TMessage['attachments']>[number]) => a.thumbnailUrl != null || a.width != null;

/**
 * A message again, from an answer that left before its images were ready (the send's own REST answer, slower than
 * the socket's `attachment.ready` on a busy server): the held copy's ready attachments stay, or the thumbnail
 * would go back to the original until a reload.
 */
function keepReady(held: TMessage | undefined, m: TMessage): TMessage {
  const ready = new Map((held?.attachments ?? []).filter(isReady).map((a) => [a.id, a]));
  if (ready.size === 0 || !m.attachments) return m;
  return { ...m, attachments: m.attachments.map((a) => (isReady(a) ? a : (ready.get(a.id) ?? a))) };
}

/** The conversation id behind a view (`new:` views once started; the home and pre-chat views have none). */
export function resolveView(state: ChatState, view: string): string | null {
  if (view === 'home' || view === 'prechat') return null;
  if (!view.startsWith('new:')) return view;
  return state.started[view] ?? null;
}

/** Agents' and automatic replies after the visitor's read mark, in one conversation. */
export function unreadIn(state: ChatState, conversationId: string): number {
  const read = state.readSeq[conversationId] ?? 0;
  return (state.messages[conversationId] ?? []).filter((m) => m.author.type !== 'visitor' && m.seq > read).length;
}

export function unreadCount(state: ChatState): number {
  return Object.keys(state.messages).reduce((n, id) => n + unreadIn(state, id), 0);
}
