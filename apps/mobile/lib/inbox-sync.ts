import type {
  AgentClientToServerEvents,
  AgentServerToClientEvents,
  AttachmentReady,
  TBulkConversationChange,
  TConversation,
  TConversationBase,
  TConversationCounts,
  TMessage,
  TSavedView,
  TUpdateConversationRequest,
} from '@oceras/protocol';
import { applyConversation, applyMessage, applyRead, type ListFilter, type ListState } from '@oceras/protocol/inbox';
import {
  activityPinger,
  type ConnectionState,
  createRealtimeClient,
  type MinimalSocket,
  type RealtimeClient,
  type TypingState,
  typistOf,
} from '@oceras/protocol/realtime';
import { io } from 'socket.io-client';
import { Directory } from './directory';
import type { Outbox, OutboxFile } from './outbox';
import type { Session } from './session';
import { type KeyValueStore, readJson } from './storage';
import { createStore } from './store';

type AgentLive = RealtimeClient<AgentServerToClientEvents, AgentClientToServerEvents>;
export type InboxView = 'mine' | 'unassigned' | 'all';
/** The three tabs, in order (their names are the catalogs': `inbox.views`). */
export const INBOX_VIEWS: readonly InboxView[] = ['mine', 'unassigned', 'all'];
/**
 * Where the inbox opens: the agent's own work first, else what waits for an owner, else Mine (empty). The same rule
 * as the dashboard's `landingView` (apps/dashboard/src/lib/views.ts).
 */
export function landingView(c: Pick<TConversationCounts, 'mine' | 'unassigned'>): InboxView {
  if (c.mine > 0) return 'mine';
  if (c.unassigned > 0) return 'unassigned';
  return 'mine';
}
/** A list filter as listConversations' query (the same fields; custom field filters are not used here). */
const listQuery = ({ fields: _fields, ...filter }: ListFilter) => filter;

/** A saved view's filters as the list's (a view without `view` lists everyone's). */
export const savedViewFilter = (v: TSavedView): ListFilter => ({ ...v.filters, view: v.filters.view ?? 'all' });

/** Mine, Unassigned and All hold what is not resolved, as the counts count. */
export const viewFilter = (view: InboxView): ListFilter => ({ view, status: 'unresolved' });

/**
 * The list the agent filtered (status, assignee, team, tag) or a saved view's: one at a time, beside the three
 * tabs, loaded over REST and kept true to its filter by the same events and rules (`@oceras/protocol/inbox`).
 */
export interface FilteredList {
  filter: ListFilter;
  /** The saved view it comes from, if any (its name is the list's title). */
  savedViewId: string | null;
  list: ListState | null;
}

export interface Thread {
  messages: TMessage[];
  hasMore: boolean;
}

export interface InboxData {
  lists: Record<InboxView, ListState | null>;
  filtered: FilteredList | null;
  counts: TConversationCounts | null;
  conversations: Record<string, TConversation>;
  threads: Record<string, Thread>;
  /** conversationId -> who is typing there (agents by id, the visitor as 'visitor'). */
  typing: TypingState;
  /** conversationId -> the agents who have it open (viewers.updated; forgotten when the socket drops). */
  viewers: Record<string, string[]>;
  /**
   * 'connecting' until the first session.ready; 'offline' after losing it; 'incompatible' when the server speaks
   * another protocol (PROTOCOL_MISMATCH): only an update of the app helps, so it never retries.
   */
  connection: Exclude<ConnectionState, 'signed-out'>;
  isRefreshing: boolean;
  /** The last refresh failed: what is on screen comes from the cache. */
  isStale: boolean;
}

export const CACHE_KEY = 'oceras.cache.v1';
const CACHED_THREADS = 20;
const CACHED_MESSAGES = 50;

/** Each loaded list, the three tabs and the filtered one, passed through `fn` with its filter. */
function mapLists(
  d: InboxData,
  fn: (state: ListState, filter: ListFilter) => ListState,
): Pick<InboxData, 'lists' | 'filtered'> {
  const lists = { ...d.lists };
  for (const v of ['mine', 'unassigned', 'all'] as const) {
    const state = lists[v];
    if (state) lists[v] = fn(state, viewFilter(v));
  }
  const f = d.filtered;
  return { lists, filtered: f?.list ? { ...f, list: fn(f.list, f.filter) } : f };
}

const empty = (): InboxData => ({
  lists: { mine: null, unassigned: null, all: null },
  filtered: null,
  counts: null,
  conversations: {},
  threads: {},
  typing: {},
  viewers: {},
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
    | 'end'
    | 'state'
    | 'tokenVersion'
    | 'currentAccessToken'
    | 'updateAgent'
  >;
  cache: KeyValueStore;
  outbox: Outbox;
  /** Opens the /agent socket at this address, not connected yet (tests pass a stand-in). */
  openSocket?: (url: string) => MinimalSocket;
}

// The shared client reconnects itself, with its backoff (SPEC R12).
const openAgentSocket = (url: string): MinimalSocket =>
  io(url, { path: '/socket.io', transports: ['websocket'], autoConnect: false, reconnection: false });

/**
 * The inbox as this device knows it: lists, counts, open threads, typing. Filled from the cache at launch, over REST
 * on (re)connect, and kept current by the /agent socket through the shared realtime client (envelopes applied once,
 * by seq; replay after a reconnect; refusals, backoff and typing expiry as the SPEC's client rules say).
 */
export class InboxSync {
  readonly data = createStore<InboxData>(empty());
  /** Saved views and their counts, mentions, teams and agents: kept current with the inbox. */
  readonly directory = new Directory(() => this.client);
  private live: AgentLive | null = null;
  private viewing: string | null = null;
  private countsTimer: ReturnType<typeof setTimeout> | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private unsubscribeToken: (() => void) | null = null;
  private loadingMore = new Set<InboxView | 'filtered'>();

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
    const filtered = this.data.get().filtered;
    if (filtered) await this.loadFiltered(filtered.filter, filtered.savedViewId);
  }

  /**
   * Shows the conversations matching a filter (or a saved view's), first page over REST; null goes back to the
   * tabs. An answer for a filter replaced meanwhile is dropped.
   */
  async setFilter(filter: ListFilter | null, savedViewId: string | null = null) {
    if (!filter) return this.data.set((d) => ({ ...d, filtered: null }));
    this.data.set((d) => ({ ...d, filtered: { filter, savedViewId, list: null } }));
    await this.loadFiltered(filter, savedViewId);
  }

  private async loadFiltered(filter: ListFilter, savedViewId: string | null) {
    const page = await this.client.call('listConversations', { query: { ...listQuery(filter), limit: 50 } });
    this.data.set((d) => {
      if (d.filtered?.filter !== filter) return d;
      const conversations = { ...d.conversations };
      for (const c of page.conversations) conversations[c.id] = c;
      const list = { items: page.conversations, nextCursor: page.nextCursor };
      return { ...d, conversations, filtered: { filter, savedViewId, list } };
    });
  }

  /** The next page of a list (scrolling down), after the last row held (keyset cursor). */
  async loadMore(view: InboxView | 'filtered') {
    const d0 = this.data.get();
    const list = view === 'filtered' ? d0.filtered?.list : d0.lists[view];
    const filter = view === 'filtered' ? d0.filtered?.filter : viewFilter(view);
    if (!list?.nextCursor || !filter || this.loadingMore.has(view)) return;
    this.loadingMore.add(view);
    try {
      const page = await this.client.call('listConversations', {
        query: { ...listQuery(filter), limit: 50, cursor: list.nextCursor },
      });
      this.data.set((d) => {
        const held = view === 'filtered' ? d.filtered?.list : d.lists[view];
        if (!held || held.nextCursor !== list.nextCursor) return d; // refreshed meanwhile
        const ids = new Set(held.items.map((c) => c.id));
        const next = {
          items: [...held.items, ...page.conversations.filter((c) => !ids.has(c.id))],
          nextCursor: page.nextCursor,
        };
        if (view !== 'filtered') return { ...d, lists: { ...d.lists, [view]: next } };
        return d.filtered ? { ...d, filtered: { ...d.filtered, list: next } } : d;
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

  /**
   * One change to several conversations (bulkUpdateConversations): those changed take their place in the lists
   * at once, as a single update's answer does; the refused ones are returned with the server's reason.
   */
  async bulkUpdate(ids: string[], change: TBulkConversationChange) {
    const { results } = await this.client.call('bulkUpdateConversations', { body: { ids, change } });
    for (const r of results) if (r.ok) this.upsert(r.conversation);
    this.scheduleCounts();
    return results;
  }

  /** Queues a reply or note (with files); it is sent now if connected, else when the connection is back. */
  async reply(conversationId: string, body: string, type: 'message' | 'note', files: OutboxFile[] = []) {
    const item = await this.deps.outbox.enqueue({ conversationId, body, type, files });
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

  /** An image's dimensions and thumbnail, computed after its message was sent: into that message, in place. */
  completeAttachment({ conversationId, messageId, attachment }: AttachmentReady) {
    this.data.set((d) => {
      const thread = d.threads[conversationId];
      if (!thread?.messages.some((m) => m.id === messageId)) return d;
      const messages = thread.messages.map((m) =>
        m.id === messageId
          ? { ...m, attachments: (m.attachments ?? []).map((a) => (a.id === attachment.id ? attachment : a)) }
          : m,
      );
      return { ...d, threads: { ...d.threads, [conversationId]: { ...thread, messages } } };
    });
    this.scheduleSave();
  }

  /** The conversation on screen (null: none): colleagues see viewers; its unread count does not grow. */
  setViewing(id: string | null) {
    this.viewing = id;
    if (id) this.noteActive();
    this.live?.emit('conversation.view', { conversationId: id }, () => {});
    if (id) {
      this.markRead(id);
      void this.directory.markMentionsRead(id).catch(() => {});
    }
  }

  isViewing(conversationId: string) {
    return this.viewing === conversationId;
  }

  sendTyping(conversationId: string, isTyping: boolean, isNote: boolean) {
    this.live?.emit('typing.update', { conversationId, isTyping, isNote }, () => {});
  }

  /** The person is using the app (it came to the front, a conversation opened): away after inactivity resets. */
  readonly noteActive = activityPinger(() => {
    if (!this.live?.isOnline) return false;
    this.live.emit('agent.active', {}, () => {});
    return true;
  });

  start() {
    this.stop();
    const { session } = this.deps;
    const serverUrl = session.serverUrl;
    if (!serverUrl) return;
    const live: AgentLive = createRealtimeClient({
      openSocket: () => (this.deps.openSocket ?? openAgentSocket)(`${serverUrl}/agent`),
      credentials: async () => ({ token: (await session.accessToken()) ?? '' }),
      // A refresh that finds the session over ends it itself (the sign-in screen says so).
      refreshToken: () => session.refreshNow(),
      onSignedOut: () => void session.end(),
      onResync: () => this.resync(),
      // Viewers are only known while connected: a dropped socket misses their changes.
      onState: (state) =>
        this.data.set((d) => ({
          ...d,
          connection: state === 'signed-out' ? 'offline' : state,
          viewers: state === 'online' ? d.viewers : {},
        })),
      onTyping: (typing) => this.data.set((d) => ({ ...d, typing })),
      // The agent's own typing, from another of their devices, is not news to them.
      ignoreTyping: (p) => typistOf(p) === this.meId,
    });
    this.live = live;
    this.listen(live);
    live.start();
    this.unsubscribeToken = session.tokenVersion.subscribe(() => {
      const token = session.currentAccessToken;
      if (token && live.isOnline) live.emit('session.renew', { token }, () => {});
    });
  }

  /** The app came back to the foreground: reconnect now if the OS dropped the socket, else bring the lists up to date. */
  resume() {
    if (!this.live) return;
    this.noteActive();
    if (this.live.isOnline) void this.refresh().catch(() => {});
    else this.live.reconnectNow();
  }

  stop() {
    this.unsubscribeToken?.();
    this.unsubscribeToken = null;
    this.live?.stop();
    this.live = null;
    this.data.set((d) => ({ ...d, connection: 'connecting', typing: {}, viewers: {} }));
  }

  /** Sign-out: nothing of this agent's inbox stays on the phone. */
  async clear() {
    this.stop();
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.data.set(empty());
    this.directory.clear();
    await this.deps.cache.removeItem(CACHE_KEY);
  }

  /** Everything over REST: the counts, the three lists and the open thread (first connect, sync.required). */
  private resync() {
    void this.refresh().catch(() => {});
    void this.directory.refresh().catch(() => {});
    if (this.viewing) void this.loadThread(this.viewing).catch(() => {});
  }

  /** What the inbox does with each event; the client has dropped those already applied. */
  private listen(live: AgentLive) {
    let hasBeenReady = false;
    live.on('session.ready', () => {
      // Lists held whole are signalled, not numbered (list.changed, mention.created): one missed while disconnected
      // is healed by loading them again on each reconnect (the first connect's resync loads them already).
      if (hasBeenReady) void this.directory.refresh().catch(() => {});
      hasBeenReady = true;
      if (this.viewing) live.emit('conversation.view', { conversationId: this.viewing }, () => {});
      // Replies written offline go out now, each once, with its clientId.
      void this.deps.outbox.flush();
    });
    live.on('message.created', (e) => {
      const msg = e.data;
      const isViewing = this.viewing === msg.conversationId;
      const all = this.data.get().lists.all;
      // Not in the All list yet: its conversation.created was before this list was loaded.
      const isMissing = !!all && !all.items.some((c) => c.id === msg.conversationId);
      this.data.set((d) => ({
        ...d,
        ...mapLists(d, (state) => applyMessage(state, msg, e.seq, this.meId, isViewing).state),
      }));
      this.addMessage(msg);
      if (isViewing && msg.type !== 'note') this.markRead(msg.conversationId);
      if (isMissing) void this.fetchConversation(msg.conversationId);
      this.scheduleCounts();
    });
    live.on('attachment.ready', (e) => this.completeAttachment(e.data));
    live.on('conversation.created', (e) => {
      this.upsert(e.data);
      this.scheduleCounts();
    });
    live.on('conversation.updated', (e) => {
      this.upsert(e.data.conversation);
      this.scheduleCounts();
      // A rating may be a low one the agent is told of: the Mentions list, once loaded, loads again.
      if (e.data.changes.includes('rating') && this.directory.data.get().mentions)
        void this.directory.loadMentions().catch(() => {});
    });
    live.on('agent.updated', (e) => this.deps.session.updateAgent(e.data));
    live.on('agent.removed', (e) => {
      if (e.data.unassignedConversationIds.length) this.resync();
    });
    live.on('conversation.read', (p) => {
      this.data.set((d) => ({ ...d, ...mapLists(d, (state) => applyRead(state, p.conversationId, p.seq)) }));
      this.scheduleCounts();
    });
    live.on('mention.created', (m) => this.directory.addMention(m));
    // A list held whole changed (a team, a saved view, shared or the agent's own from another device): loaded again,
    // as the dashboard does. Canned responses are loaded each time their picker opens.
    live.on('list.changed', (p) => {
      if (p.list === 'savedViews') void this.savedViewsChanged().catch(() => {});
      if (p.list === 'teams') void this.directory.loadTeamsAndAgents().catch(() => {});
    });
    live.on('viewers.updated', (p) =>
      this.data.set((d) => ({ ...d, viewers: { ...d.viewers, [p.conversationId]: p.agentIds } })),
    );
  }

  /**
   * The saved views again (with their counts); the list showing one follows it: its new filters if they changed,
   * the same filters untitled if it was deleted.
   */
  async savedViewsChanged() {
    await this.directory.loadSavedViews();
    const filtered = this.data.get().filtered;
    if (!filtered?.savedViewId) return;
    const view = this.directory.data.get().savedViews?.find((v) => v.id === filtered.savedViewId);
    if (!view) return this.data.set((d) => (d.filtered ? { ...d, filtered: { ...d.filtered, savedViewId: null } } : d));
    const next = savedViewFilter(view);
    if (JSON.stringify(next) !== JSON.stringify(filtered.filter)) await this.setFilter(next, view.id);
  }

  private upsert(conv: TConversationBase | TConversation) {
    this.data.set((d) => {
      const lists = mapLists(d, (state, filter) => applyConversation(state, conv, filter, this.meId));
      const held = d.conversations[conv.id];
      const next =
        held && held.version >= conv.version
          ? held
          : {
              ...conv,
              unreadCount: 'unreadCount' in conv ? conv.unreadCount : (held?.unreadCount ?? 0),
              lastReadSeq: 'lastReadSeq' in conv ? conv.lastReadSeq : (held?.lastReadSeq ?? 0),
            };
      return { ...d, ...lists, conversations: { ...d.conversations, [conv.id]: next } };
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
    this.live?.emit('conversation.read', { conversationId: id, seq }, () => {});
    this.data.set((d) => ({ ...d, ...mapLists(d, (state) => applyRead(state, id, seq)) }));
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
      void this.directory.refreshCounts().catch(() => {});
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
