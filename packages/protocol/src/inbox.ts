// How a client keeps a loaded inbox list true to the server's filter as events arrive (SPEC.md, R10): shared by
// the dashboard and the mobile app, so both apply the same events in the same way.
import { fieldValueMatches, type TCustomFieldValue } from './custom-field-rules.js';
import type {
  TConversation,
  TConversationBase,
  TConversationStatus,
  TConversationView,
  TMessage,
  TPriority,
} from './index.js';

/** One inbox list as the server filters it (listConversations' query). */
export interface ListFilter {
  view: TConversationView;
  status?: TConversationStatus | 'unresolved';
  tag?: string;
  assigneeId?: string;
  teamId?: string;
  priority?: TPriority;
  q?: string;
  /** Custom field filters (`field.<key>`), each parsed with `parseFieldFilter`. */
  fields?: Record<string, TCustomFieldValue>;
}

/** A loaded list: the pages fetched so far, flattened, and where the next page starts (keyset cursor). */
export interface ListState {
  items: TConversation[];
  nextCursor: string | null;
}

/** Same rule as the server's `q` filter: a case-insensitive prefix of subject, visitor name or email, or "#number". */
export function matchesQuery(c: TConversationBase, q: string) {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  if (/^#?\d+$/.test(needle)) return String(c.number) === needle.replace('#', '');
  return [c.subject, c.visitor.name, c.visitor.email].some((s) => s?.toLowerCase().startsWith(needle));
}

export function matches(c: TConversationBase, f: ListFilter, meId: string) {
  if (f.view === 'mine' && c.assigneeId !== meId) return false;
  if (f.view === 'unassigned' && c.assigneeId !== null) return false;
  if (f.status === 'unresolved' ? c.status === 'resolved' : f.status && c.status !== f.status) return false;
  if (f.tag && !c.tags.includes(f.tag)) return false;
  if (f.assigneeId && c.assigneeId !== f.assigneeId) return false;
  // Events recorded before teams existed lack teamId: no team.
  if (f.teamId && (c.teamId ?? null) !== f.teamId) return false;
  if (f.priority && c.priority !== f.priority) return false;
  if (f.q && !matchesQuery(c, f.q)) return false;
  // Events recorded before custom fields existed lack customFields: no values.
  for (const [key, wanted] of Object.entries(f.fields ?? {}))
    if (!fieldValueMatches(c.customFields?.[key], wanted)) return false;
  return true;
}

/** Newest activity first, then id descending: the server's keyset order. */
export function compare(a: TConversationBase, b: TConversationBase) {
  if (a.lastActivityAt !== b.lastActivityAt) return a.lastActivityAt < b.lastActivityAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function place(state: ListState, conv: TConversation, f: ListFilter, meId: string): ListState {
  const items = state.items.filter((c) => c.id !== conv.id);
  if (!matches(conv, f, meId)) return items.length === state.items.length ? state : { ...state, items };
  const last = items.at(-1);
  // Past the last loaded row of an unfinished list: it belongs to a page not fetched yet.
  if (state.nextCursor !== null && last && compare(conv, last) > 0) return { ...state, items };
  let i = 0;
  while (i < items.length && compare(items[i]!, conv) < 0) i++;
  items.splice(i, 0, conv);
  return { ...state, items };
}

/**
 * A conversation created or changed (conversation.created / .updated, or a REST answer): kept only if newer than
 * the copy held (R10), moved to its place, or dropped when it no longer matches the list.
 */
export function applyConversation(
  state: ListState,
  conv: TConversationBase | TConversation,
  f: ListFilter,
  meId: string,
): ListState {
  const held = state.items.find((c) => c.id === conv.id);
  if (held && held.version >= conv.version) return state;
  const perAgent =
    'unreadCount' in conv
      ? { unreadCount: conv.unreadCount, lastReadSeq: conv.lastReadSeq }
      : { unreadCount: held?.unreadCount ?? 0, lastReadSeq: held?.lastReadSeq ?? 0 };
  return place(state, { ...conv, ...perAgent }, f, meId);
}

/** A conversation this list should hold but does not know yet (its first message arrived before it was loaded). */
export type MessageResult = { state: ListState; isMissing: boolean };

/**
 * A message.created envelope: preview, activity, unread count and version move as the server moved them
 * (append-message.ts); the row goes to the top. `isViewing` means the agent has this conversation open.
 */
export function applyMessage(
  state: ListState,
  msg: TMessage,
  envelopeSeq: number,
  meId: string,
  isViewing: boolean,
): MessageResult {
  const held = state.items.find((c) => c.id === msg.conversationId);
  if (!held) return { state, isMissing: true };
  if (held.lastMessageSeq >= msg.seq) return { state, isMissing: false };
  const isVisitor = msg.author.type === 'visitor';
  const isMine = msg.author.type === 'agent' && msg.author.id === meId;
  const next: TConversation = {
    ...held,
    lastMessageSeq: msg.seq,
    lastActivityAt: [msg.createdAt, held.lastActivityAt].sort().at(-1)!,
    lastMessagePreview: msg.type === 'system' ? held.lastMessagePreview : preview(msg.body),
    version: Math.max(held.version, envelopeSeq),
    unreadCount: isVisitor && !isViewing ? held.unreadCount + 1 : isMine ? 0 : held.unreadCount,
    lastReadSeq: isMine ? msg.seq : held.lastReadSeq,
    // An agent's reply answers; an automatic reply (author `system`) does not: the conversation still waits.
    waitingSince: isVisitor
      ? (held.waitingSince ?? msg.createdAt)
      : msg.type === 'message' && msg.author.type === 'agent'
        ? null
        : held.waitingSince,
  };
  const items = state.items.filter((c) => c.id !== held.id);
  let i = 0;
  while (i < items.length && compare(items[i]!, next) < 0) i++;
  items.splice(i, 0, next);
  return { state: { ...state, items }, isMissing: false };
}

/** The agent's read cursor moved (here or in another tab). */
export function applyRead(state: ListState, conversationId: string, seq: number): ListState {
  const held = state.items.find((c) => c.id === conversationId);
  if (!held || held.lastReadSeq >= seq) return state;
  const unreadCount = seq >= held.lastMessageSeq ? 0 : held.unreadCount;
  return {
    ...state,
    items: state.items.map((c) => (c.id === conversationId ? { ...c, lastReadSeq: seq, unreadCount } : c)),
  };
}

const preview = (body: string) => (body.length > 140 ? `${body.slice(0, 139)}…` : body);
