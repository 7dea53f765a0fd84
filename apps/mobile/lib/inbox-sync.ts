import {
  type AgentClientToServerEvents,
  type AgentServerToClientEvents,
  PROTOCOL_VERSION,
  type TConversation,
  type TConversationBase,
  type TConversationCounts,
  type TMessage,
  type TUpdateConversationRequest,
  type TypingPayload,
} from '@oceras/protocol';
import { applyConversation, applyMessage, applyRead, type ListFilter, type ListState } from '@oceras/protocol/inbox';
import { io, type Socket } from 'socket.io-client';
import type { Outbox } from './outbox';
import type { Session } from './session';
import { type KeyValueStore, readJson } from './storage';
import { createStore } from './store';

export type AgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;
export type InboxView = 'mine' | 'unassigned' | 'all';
export const INBOX_VIEWS: { id: InboxView; label: string }[] = [
  { id: 'mine', label: 'Mine' },
  { id: 'unassigned', label: 'Unassigned' },
  { id: 'all', label: 'All' },
];
/**
 * Where the inbox opens: the agent's own work first, else what waits for an owner, else Mine (empty). The same rule
 * as the dashboard's `landingView` (apps/dashboard/src/lib/views.ts).
 */
export function landingView(c: Pick<TConversationCounts, 'mine' | 'unassigned'>): InboxView {
  if (c.mine > 0) return 'mine';
  if (c.unassigned > 0) return 'unassigned';
  return 'mine';
}
/** Mine, Unassigned and All hold what is not resolved, as the counts count. */
export const viewFilter = (view: InboxView): ListFilter => ({ view, status: 'unresolved' });

export interface Thread {
  messages: TMessage[];
  hasMore: boolean;
}

export interface InboxData {
  lists: Record<InboxView, ListState | null>;
  counts: TConversationCounts | null;
  conversations: Record<string, TConversation>;
  threads: Record<string, Thread>;
  /** conversationId -> who is typing there (agents by id, the visitor as 'visitor'). */
  typing: Record<string, Record<string, TypingPayload>>;
  /** 'connecting' until the first session.ready; 'offline' after losing it. */
  connection: 'connecting' | 'online' | 'offline';
  isRefreshing: boolean;
  /** The last refresh failed: what is on screen comes from the cache. */
  isStale: boolean;
}

export const CACHE_KEY = 'oceras.cache.v1';
const CACHED_THREADS = 20;
const CACHED_MESSAGES = 50;

const empty = (): InboxData => ({
  lists: { mine: null, unassigned: null, all: null },
  counts: null,
  conversations: {},
  threads: {},
  typing: {},
  connection: 'connecting',
  isRefreshing: false,
  isStale: false,
});

export interface InboxSyncDeps {
  session: Pick<
    Session,
    | 'client'
    | 'serverUrl'
    | 'accessToken'
    | 'refreshNow'
    | 'state'
    | 'tokenVersion'
    | 'currentAccessToken'
    | 'updateAgent'
  >;
  cache: KeyValueStore;
  outbox: Outbox;
  connect?: (url: string, opts: Parameters<typeof io>[1]) => AgentSocket;
}

/**
 * The inbox as this device knows it: lists, counts, open threads, typing. Filled from the cache at launch, over REST
 * on (re)connect, and kept current by the /agent socket (envelopes applied once, by seq; replay after a reconnect).
 */
export class InboxSync {
  readonly data = createStore<InboxData>(empty());
  private socket: AgentSocket | null = null;
  private lastSeq: number | undefined;
  private viewing: string | null = null;
  private typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private countsTimer: ReturnType<typeof setTimeout> | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private unsubscribeToken: (() => void) | null = null;
  private loadingMore = new Set<InboxView>();

  constructor(private deps: InboxSyncDeps) {}

  private get client() {
    return this.deps.session.client;
  }
  private get meId() {
    return this.deps.session.state.get().agent?.id ?? '';
  }

  /** What the last run saw: lists and threads stay on screen without a connection. */
  async loadCache() {
    const cached = await readJson<Pick<InboxData, 'lists' | 'counts' | 'conversations' | 'threads'>>(
      this.deps.cache,
      CACHE_KEY,
    );
    // Only into an empty inbox: a refresh that finished first is newer than the cache.
    if (cached) this.data.set((d) => (d.counts || d.lists.all ? d : { ...d, ...cached, isStale: true }));
  }

  /** Counts and the three lists over REST (pull to refresh, first connect, sync.required). */
  async refresh() {
    this.data.set((d) => ({ ...d, isRefreshing: true }));
    try {
      const [counts, ...pages] = await Promise.all([
        this.client.call('countConversations'),
        ...(['mine', 'unassigned', 'all'] as const).map((view) =>
          this.client.call('listConversations', { query: { view, status: 'unresolved', limit: 50 } }),
        ),
      ]);
      this.data.set((d) => {
        const conversations = { ...d.conversations };
        for (const p of pages) for (const c of p.conversations) conversations[c.id] = c;
        return {
          ...d,
          counts,
          conversations,
          lists: {
            mine: { items: pages[0]!.conversations, nextCursor: pages[0]!.nextCursor },
            unassigned: { items: pages[1]!.conversations, nextCursor: pages[1]!.nextCursor },
            all: { items: pages[2]!.conversations, nextCursor: pages[2]!.nextCursor },
          },
          isRefreshing: false,
          isStale: false,
        };
      });
      this.scheduleSave();
    } catch (err) {
      this.data.set((d) => ({ ...d, isRefreshing: false, isStale: true }));
      throw err;
    }
  }

  /** The next page of a list (scrolling down), after the last row held (keyset cursor). */
  async loadMore(view: InboxView) {
    const list = this.data.get().lists[view];
    if (!list?.nextCursor || this.loadingMore.has(view)) return;
    this.loadingMore.add(view);
    try {
      const page = await this.client.call('listConversations', {
        query: { view, status: 'unresolved', limit: 50, cursor: list.nextCursor },
      });
      this.data.set((d) => {
        const held = d.lists[view];
        if (!held || held.nextCursor !== list.nextCursor) return d; // refreshed meanwhile
        const ids = new Set(held.items.map((c) => c.id));
        const items = [...held.items, ...page.conversations.filter((c) => !ids.has(c.id))];
        return { ...d, lists: { ...d.lists, [view]: { items, nextCursor: page.nextCursor } } };
      });
    } finally {
      this.loadingMore.delete(view);
    }
  }

  /** One conversation and its latest messages. */
  async loadThread(id: string) {
    const [conversation, page] = await Promise.all([
      this.client.call('getConversation', { params: { id } }),
      this.client.call('listMessages', { params: { id }, query: { limit: 50 } }),
    ]);
    this.data.set((d) => ({
      ...d,
      conversations: { ...d.conversations, [id]: conversation },
      threads: { ...d.threads, [id]: { messages: page.messages, hasMore: page.hasMore } },
    }));
    this.scheduleSave();
    if (this.viewing === id) this.markRead(id);
  }

  /** The page of messages before the oldest one held (history, scrolling up). */
  async loadOlder(id: string) {
    const first = this.data.get().threads[id]?.messages[0];
    if (!first) return;
    const page = await this.client.call('listMessages', { params: { id }, query: { before: first.seq, limit: 50 } });
    this.data.set((d) => {
      const thread = d.threads[id];
      if (!thread) return d;
      const held = new Set(thread.messages.map((m) => m.id));
      const messages = [...page.messages.filter((m) => !held.has(m.id)), ...thread.messages];
      return { ...d, threads: { ...d.threads, [id]: { messages, hasMore: page.hasMore } } };
    });
  }

  async updateConversation(id: string, body: TUpdateConversationRequest) {
    const conversation = await this.client.call('updateConversation', { params: { id }, body });
    this.upsert(conversation);
    this.scheduleCounts();
    return conversation;
  }

  /** Queues a reply or note; it is sent now if connected, else when the connection is back. */
  async reply(conversationId: string, body: string, type: 'message' | 'note') {
    const item = await this.deps.outbox.enqueue({ conversationId, body, type });
    if (this.data.get().connection === 'online') void this.deps.outbox.flush();
    return item;
  }

  /** A message the server stored (our own send answer or an event): into its thread, once. */
  addMessage(msg: TMessage) {
    this.data.set((d) => {
      const thread = d.threads[msg.conversationId];
      if (!thread || thread.messages.some((m) => m.id === msg.id)) return d;
      const messages = [...thread.messages, msg].sort((a, b) => a.seq - b.seq);
      return { ...d, threads: { ...d.threads, [msg.conversationId]: { ...thread, messages } } };
    });
    this.scheduleSave();
  }

  /** The conversation on screen (null: none): colleagues see viewers; its unread count does not grow. */
  setViewing(id: string | null) {
    this.viewing = id;
    this.socket?.emit('conversation.view', { conversationId: id }, () => {});
    if (id) this.markRead(id);
  }

  isViewing(conversationId: string) {
    return this.viewing === conversationId;
  }

  sendTyping(conversationId: string, isTyping: boolean, isNote: boolean) {
    this.socket?.emit('typing.update', { conversationId, isTyping, isNote }, () => {});
  }

  start() {
    this.stop();
    const serverUrl = this.deps.session.serverUrl;
    if (!serverUrl) return;
    this.lastSeq = undefined;
    const connect = this.deps.connect ?? ((url, opts) => io(url, opts) as AgentSocket);
    const s = connect(`${serverUrl}/agent`, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      auth: (cb) => {
        void this.deps.session.accessToken().then((token) =>
          cb({
            token: token ?? '',
            protocolVersion: PROTOCOL_VERSION,
            ...(this.lastSeq !== undefined ? { lastSeq: this.lastSeq } : {}),
          }),
        );
      },
    });
    this.socket = s;
    this.bind(s);
    this.unsubscribeToken = this.deps.session.tokenVersion.subscribe(() => {
      const token = this.deps.session.currentAccessToken;
      if (token && s.connected) s.emit('session.renew', { token }, () => {});
    });
  }

  /** The app came back to the foreground: reconnect if the OS dropped the socket, else bring the lists up to date. */
  resume() {
    if (!this.socket) return;
    if (!this.socket.connected) this.socket.connect();
    else void this.refresh().catch(() => {});
  }

  stop() {
    this.unsubscribeToken?.();
    this.unsubscribeToken = null;
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.data.set((d) => ({ ...d, connection: 'connecting', typing: {} }));
  }

  /** Sign-out: nothing of this agent's inbox stays on the phone. */
  async clear() {
    this.stop();
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.data.set(empty());
    await this.deps.cache.removeItem(CACHE_KEY);
  }

  private bind(s: AgentSocket) {
    let needsResync = true;
    const accept = (seq: number) => {
      if (this.lastSeq !== undefined && seq <= this.lastSeq) return false;
      this.lastSeq = seq;
      return true;
    };
    const resync = () => {
      void this.refresh().catch(() => {});
      if (this.viewing) void this.loadThread(this.viewing).catch(() => {});
    };

    s.on('session.ready', (p) => {
      if (this.lastSeq === undefined || p.seq > this.lastSeq) this.lastSeq = p.seq;
      if (needsResync) resync();
      needsResync = false;
      this.data.set((d) => ({ ...d, connection: 'online' }));
      if (this.viewing) s.emit('conversation.view', { conversationId: this.viewing }, () => {});
      // Replies written offline go out now, each once, with its clientId.
      void this.deps.outbox.flush();
    });
    s.on('sync.required', (p) => {
      // Replay is impossible: refetch over REST, then follow the stream from p.seq.
      this.lastSeq = p.seq;
      needsResync = true;
      if (s.connected && this.data.get().connection === 'online') {
        needsResync = false;
        resync();
      }
    });
    s.on('disconnect', (reason) => {
      this.data.set((d) => ({ ...d, connection: 'offline', typing: {} }));
      if (reason === 'io server disconnect') {
        void this.deps.session.refreshNow().then((o) => o === 'refreshed' && s.connect());
      }
    });
    let refusals = 0;
    s.on('connect', () => {
      refusals = 0;
    });
    s.on('connect_error', (err) => {
      const code = (err as { data?: { code?: string } }).data?.code;
      this.data.set((d) => ({ ...d, connection: 'offline' }));
      if (code === 'TOKEN_EXPIRED' || code === 'UNAUTHENTICATED' || code === 'SESSION_REVOKED') {
        // The refresh decides: a live session reconnects, an ended one signs out.
        void this.deps.session.refreshNow().then((o) => o === 'refreshed' && s.connect());
        return;
      }
      if (code === 'VALIDATION_FAILED') this.lastSeq = undefined;
      if (!s.active) {
        const delay = Math.min(10_000, 500 * 2 ** refusals++);
        setTimeout(() => {
          if (this.socket === s && !s.connected) s.connect();
        }, delay);
      }
    });

    s.on('message.created', (e) => {
      if (!accept(e.seq)) return;
      const msg = e.data;
      const isViewing = this.viewing === msg.conversationId;
      let isMissing = false;
      this.data.set((d) => {
        const lists = { ...d.lists };
        for (const v of ['mine', 'unassigned', 'all'] as const) {
          const state = lists[v];
          if (!state) continue;
          const r = applyMessage(state, msg, e.seq, this.meId, isViewing);
          lists[v] = r.state;
          // Not in the All list yet: its conversation.created was before this list was loaded.
          if (v === 'all') isMissing = r.isMissing;
        }
        return { ...d, lists };
      });
      this.addMessage(msg);
      if (isViewing && msg.type !== 'note') this.markRead(msg.conversationId);
      if (isMissing) void this.fetchConversation(msg.conversationId);
      this.scheduleCounts();
    });
    s.on('conversation.created', (e) => {
      if (!accept(e.seq)) return;
      this.upsert(e.data);
      this.scheduleCounts();
    });
    s.on('conversation.updated', (e) => {
      if (!accept(e.seq)) return;
      this.upsert(e.data.conversation);
      this.scheduleCounts();
    });
    s.on('agent.updated', (e) => {
      if (!accept(e.seq)) return;
      this.deps.session.updateAgent(e.data);
    });
    s.on('agent.removed', (e) => {
      if (!accept(e.seq)) return;
      if (e.data.unassignedConversationIds.length) resync();
    });
    s.on('organization.updated', (e) => {
      accept(e.seq);
    });
    s.on('conversation.read', (p) => {
      this.data.set((d) => {
        const lists = { ...d.lists };
        for (const v of ['mine', 'unassigned', 'all'] as const) {
          const state = lists[v];
          if (state) lists[v] = applyRead(state, p.conversationId, p.seq);
        }
        return { ...d, lists };
      });
      this.scheduleCounts();
    });
    s.on('typing.updated', (p) => this.applyTyping(p));
  }

  private applyTyping(p: TypingPayload) {
    const who = p.actor.type === 'visitor' ? 'visitor' : (p.actor.id ?? 'agent');
    if (who === this.meId) return;
    const key = `${p.conversationId}:${who}`;
    clearTimeout(this.typingTimers.get(key));
    const set = (on: boolean) =>
      this.data.set((d) => {
        const here = { ...(d.typing[p.conversationId] ?? {}) };
        if (on) here[who] = p;
        else delete here[who];
        return { ...d, typing: { ...d.typing, [p.conversationId]: here } };
      });
    set(p.isTyping);
    // A typist who vanishes without saying "stopped" is forgotten after a while.
    if (p.isTyping)
      this.typingTimers.set(
        key,
        setTimeout(() => set(false), 8_000),
      );
  }

  private upsert(conv: TConversationBase | TConversation) {
    this.data.set((d) => {
      const lists = { ...d.lists };
      for (const v of ['mine', 'unassigned', 'all'] as const) {
        const state = lists[v];
        if (state) lists[v] = applyConversation(state, conv, viewFilter(v), this.meId);
      }
      const held = d.conversations[conv.id];
      const next =
        held && held.version >= conv.version
          ? held
          : {
              ...conv,
              unreadCount: 'unreadCount' in conv ? conv.unreadCount : (held?.unreadCount ?? 0),
              lastReadSeq: 'lastReadSeq' in conv ? conv.lastReadSeq : (held?.lastReadSeq ?? 0),
            };
      return { ...d, lists, conversations: { ...d.conversations, [conv.id]: next } };
    });
    this.scheduleSave();
  }

  private async fetchConversation(id: string) {
    try {
      this.upsert(await this.client.call('getConversation', { params: { id } }));
    } catch {
      // The next refresh brings it.
    }
  }

  private markRead(id: string) {
    const seq = this.data.get().threads[id]?.messages.at(-1)?.seq;
    if (seq === undefined) return;
    this.socket?.emit('conversation.read', { conversationId: id, seq }, () => {});
    this.data.set((d) => {
      const lists = { ...d.lists };
      for (const v of ['mine', 'unassigned', 'all'] as const) {
        const state = lists[v];
        if (state) lists[v] = applyRead(state, id, seq);
      }
      return { ...d, lists };
    });
    this.scheduleCounts();
  }

  private scheduleCounts() {
    if (this.countsTimer) return;
    this.countsTimer = setTimeout(() => {
      this.countsTimer = null;
      this.client
        .call('countConversations')
        .then((counts) => this.data.set((d) => ({ ...d, counts })))
        .catch(() => {});
    }, 300);
  }

  private scheduleSave() {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      void this.save();
    }, 500);
  }

  /** Lists, counts and the most recent threads (their last messages), for the next launch without a connection. */
  async save() {
    const d = this.data.get();
    const recent = Object.entries(d.threads)
      .sort(([a], [b]) =>
        (d.conversations[b]?.lastActivityAt ?? '').localeCompare(d.conversations[a]?.lastActivityAt ?? ''),
      )
      .slice(0, CACHED_THREADS);
    const threads = Object.fromEntries(
      recent.map(([id, t]) => [id, { messages: t.messages.slice(-CACHED_MESSAGES), hasMore: true }]),
    );
    await this.deps.cache.setItem(
      CACHE_KEY,
      JSON.stringify({ lists: d.lists, counts: d.counts, conversations: d.conversations, threads }),
    );
  }
}
