import type { TMessage, TVisitor, TVisitorConversation, TWidgetConfig } from '@oceras/protocol';
import type { OutboxItem } from './outbox.js';

export type Settings = TWidgetConfig['organization']['widgetSettings'];
export interface ChatState {
  phase: 'loading' | 'ready' | 'error';
  settings: Settings | null;
  orgName: string;
  isAgentOnline: boolean;
  visitor: TVisitor | null;
  conversations: TVisitorConversation[];
  messages: Record<string, TMessage[]>;
  /** Name of the agent typing, per conversation. */
  typing: Record<string, string | null>;
  isConnected: boolean;
  hasConnected: boolean;
  outbox: OutboxItem[];
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
}

/** What this browser keeps for the widget (outbox, started conversations, read marks, sound), as last read. */
export type Stored = Pick<ChatState, 'outbox' | 'started' | 'readSeq' | 'isSoundOn' | 'isRemembered'>;

export type Action =
  | { type: 'session-started'; settings: Settings; orgName: string; isAgentOnline: boolean; visitor: TVisitor }
  | { type: 'phase'; phase: ChatState['phase'] }
  | { type: 'conversations'; conversations: TVisitorConversation[] }
  | { type: 'conversation'; conversation: TVisitorConversation }
  | { type: 'messages'; conversationId: string; messages: TMessage[] }
  | { type: 'message-arrived'; message: TMessage }
  | { type: 'typing'; typing: ChatState['typing'] }
  | { type: 'connection'; isConnected: boolean; hasConnected?: boolean }
  | { type: 'stored'; stored: Stored }
  | { type: 'read'; conversationId: string; seq: number }
  | { type: 'open'; isOpen: boolean }
  | { type: 'view'; view: string }
  | { type: 'visitor'; visitor: TVisitor }
  | { type: 'agent-online'; isAgentOnline: boolean }
  | { type: 'reset'; stored: Pick<Stored, 'outbox' | 'started'> };

export function initialState(stored: Stored): ChatState {
  return {
    phase: 'loading',
    settings: null,
    orgName: '',
    isAgentOnline: true,
    visitor: null,
    conversations: [],
    messages: {},
    typing: {},
    isConnected: false,
    hasConnected: false,
    isOpen: false,
    view: 'home',
    lastIncoming: null,
    ...stored,
  };
}

/** The chat's state after one thing happened: no I/O, no timers, no storage (the store does those). */
export function reduce(state: ChatState, action: Action): ChatState {
  switch (action.type) {
    case 'session-started': {
      const { type: _, ...session } = action;
      return { ...state, ...session };
    }
    case 'phase':
      return { ...state, phase: action.phase };
    case 'conversations':
      return { ...state, conversations: action.conversations };
    case 'conversation': {
      const rest = state.conversations.filter((c) => c.id !== action.conversation.id);
      const conversations = [action.conversation, ...rest].sort((a, b) =>
        b.lastActivityAt.localeCompare(a.lastActivityAt),
      );
      return { ...state, conversations };
    }
    case 'messages':
      return withMessages(state, action.conversationId, action.messages);
    case 'message-arrived': {
      // An open chat reads the agent's answer out (the live region). Their typing ends with it (the store's tracker).
      const m = action.message;
      const next = withMessages(state, m.conversationId, [m]);
      return m.author.type === 'agent' && state.isOpen ? { ...next, lastIncoming: m } : next;
    }
    case 'typing':
      return { ...state, typing: action.typing };
    case 'connection':
      return {
        ...state,
        isConnected: action.isConnected,
        hasConnected: state.hasConnected || action.isConnected || action.hasConnected === true,
      };
    case 'stored':
      return { ...state, ...action.stored, readSeq: { ...state.readSeq, ...action.stored.readSeq } };
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
    case 'reset':
      return {
        ...state,
        ...action.stored,
        phase: 'loading',
        visitor: null,
        conversations: [],
        messages: {},
        typing: {},
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
  for (const m of incoming) byId.set(m.id, m);
  const list = [...byId.values()].sort((a, b) => a.seq - b.seq);
  return { ...state, messages: { ...state.messages, [conversationId]: list } };
}

/** The conversation id behind a view (`new:` views once started; the home and pre-chat views have none). */
export function resolveView(state: ChatState, view: string): string | null {
  if (view === 'home' || view === 'prechat') return null;
  if (!view.startsWith('new:')) return view;
  return state.started[view] ?? null;
}

/** Agent messages after the visitor's read mark, in one conversation. */
export function unreadIn(state: ChatState, conversationId: string): number {
  const read = state.readSeq[conversationId] ?? 0;
  return (state.messages[conversationId] ?? []).filter((m) => m.author.type === 'agent' && m.seq > read).length;
}

export function unreadCount(state: ChatState): number {
  return Object.keys(state.messages).reduce((n, id) => n + unreadIn(state, id), 0);
}
