import type { TChangedList, TConversation, TConversationBase, TMessage } from '@oceras/protocol';
import { applyConversation, applyMessage, applyRead } from '@oceras/protocol/inbox';
import { hashKey, notifyManager, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { withAttachment } from './attachments-cache';
import { notifyMessage } from './notifications';
import { keys, loadedLists } from './queries';
import { Realtime, type SocketOpener } from './realtime';
import type { SessionManager } from './session';
import { createStore } from './store';

/** The queries each `list.changed` names (a view list's counts go with it: a new view has one). */
const LIST_KEYS: Record<TChangedList, () => QueryKey[]> = {
  teams: () => [keys.teams()],
  savedViews: () => [keys.savedViews(), keys.savedViewCounts()],
  cannedResponses: () => [keys.cannedResponses()],
};

export interface LiveSyncDeps {
  qc: QueryClient;
  meId: string;
  /** One conversation over REST: a message arrived for one that no loaded list holds. */
  fetchConversation: (id: string) => Promise<TConversation>;
  session: Pick<SessionManager, 'current' | 'accessToken' | 'refreshNow' | 'signOut' | 'subscribe'>;
  openSocket?: SocketOpener;
}

/**
 * The live inbox of one signed-in session: the /agent socket's events, once each and in order (the shared realtime
 * client drops what was applied), fed into the query cache. Everything it
 * remembers (seqs, conversations seen, the open one, events waiting for the next frame, the title's count) lives on
 * this object, made at sign-in (live-sync-provider.tsx) and stopped at sign-out, so whoever signs in next in this
 * tab starts clean.
 */
export class LiveSync {
  readonly realtime: Realtime;
  /** Messages that arrived while the tab was hidden: shown as "(3) Oceras" in the title. */
  readonly unseen = createStore(0);
  /** The latest copy of every conversation seen in an event: who to notify for a message of a list not loaded. */
  private known = new Map<string, TConversationBase>();
  /** Which conversation the agent has open (unread counts do not grow there). */
  private viewing: string | null = null;
  private countsTimer: ReturnType<typeof setTimeout> | null = null;
  private queue: (() => void)[] = [];
  private cancelFlush: (() => void) | null = null;
  private isStopped = true;
  private cleanups: (() => void)[] = [];

  constructor(private deps: LiveSyncDeps) {
    this.realtime = new Realtime({
      session: deps.session,
      openSocket: deps.openSocket,
      // Everything but who I am is refetched: the stream is followed from there.
      onResync: () => {
        const me = hashKey(keys.me());
        void deps.qc.invalidateQueries({ predicate: (q) => q.queryHash !== me });
      },
    });
    this.listen();
  }

  /** Connects the socket and feeds its events into the query cache. */
  start() {
    this.isStopped = false;
    this.realtime.open();
    this.cleanups.push(
      this.deps.session.subscribe((tokens, reason) => {
        if (reason === 'refresh' && tokens) this.realtime.renew(tokens.accessToken);
      }),
    );
    if (typeof document !== 'undefined') {
      const onVisibility = () => {
        if (!document.hidden) this.unseen.set(0);
      };
      document.addEventListener('visibilitychange', onVisibility);
      this.cleanups.push(() => document.removeEventListener('visibilitychange', onVisibility));
    }
  }

  /** Closes the socket and drops what waits: nothing of this session reaches the cache after it. */
  stop() {
    this.isStopped = true;
    this.realtime.close();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.cancelFlush?.();
    this.cancelFlush = null;
    this.queue = [];
    if (this.countsTimer !== null) clearTimeout(this.countsTimer);
    this.countsTimer = null;
    this.known.clear();
    this.viewing = null;
  }

  setViewing(id: string | null) {
    this.viewing = id;
  }

  /** Upserts a conversation into every loaded list and the detail cache, by version (R10). */
  upsertConversation(conv: TConversationBase | TConversation) {
    const { qc, meId } = this.deps;
    const held = this.known.get(conv.id);
    if (!held || held.version < conv.version) this.known.set(conv.id, conv);
    for (const { key, filter, state } of loadedLists(qc)) {
      if (state) qc.setQueryData(key, applyConversation(state, conv, filter, meId));
    }
    qc.setQueryData(keys.conversation(conv.id), (held) =>
      !held ? ('unreadCount' in conv ? conv : held) : held.version >= conv.version ? held : { ...held, ...conv },
    );
  }

  /** Adds a message to the open thread's cache, once (by id), replacing nothing. */
  addMessage(msg: TMessage) {
    this.deps.qc.setQueryData(keys.messages(msg.conversationId), (d) => {
      if (!d || d.messages.some((m) => m.id === msg.id)) return d;
      const messages = [...d.messages, msg].sort((a, b) => a.seq - b.seq);
      return { ...d, messages };
    });
  }

  private refreshCounts() {
    if (this.countsTimer !== null) return;
    this.countsTimer = setTimeout(() => {
      this.countsTimer = null;
      void this.deps.qc.invalidateQueries({ queryKey: keys.counts() });
    }, 300);
  }

  /**
   * Socket events are applied in batches, once per frame (every 100 ms in a hidden tab, where frames stop): a burst
   * of a hundred events costs one render, not a hundred. Order is kept; seq checks happen on arrival.
   */
  private enqueue(apply: () => void) {
    this.queue.push(apply);
    if (this.cancelFlush) return;
    if (typeof document !== 'undefined' && !document.hidden && typeof requestAnimationFrame === 'function') {
      const frame = requestAnimationFrame(() => this.flush());
      this.cancelFlush = () => cancelAnimationFrame(frame);
    } else {
      const timer = setTimeout(() => this.flush(), 100);
      this.cancelFlush = () => clearTimeout(timer);
    }
  }

  private flush() {
    this.cancelFlush = null;
    const batch = this.queue;
    this.queue = [];
    notifyManager.batch(() => {
      for (const apply of batch) apply();
    });
  }

  private notify(conv: TConversationBase, msg: TMessage) {
    if (notifyMessage(this.deps.meId, conv, msg)) this.unseen.set((n) => n + 1);
  }

  private listen() {
    const { qc, meId, fetchConversation } = this.deps;
    const live = this.realtime.client;
    // The client checks seqs on arrival (session.ready may follow before the flush); events are applied batched.
    const batched =
      <T>(fn: (e: T) => void) =>
      (e: T) =>
        this.enqueue(() => fn(e));
    // The organization now requires two-factor (the server closed the socket and refuses it): "who am I" again
    // leads to the setup (features/shell/signed-in.tsx).
    live.on('connect_error', (err) => {
      if (err?.data?.code === 'TWO_FACTOR_REQUIRED') void qc.invalidateQueries({ queryKey: keys.me() });
    });
    live.on(
      'conversation.created',
      batched((e) => {
        this.upsertConversation(e.data);
        this.refreshCounts();
        // No notification here: its first message follows and says more.
      }),
    );
    live.on(
      'conversation.updated',
      batched((e) => {
        this.upsertConversation(e.data.conversation);
        this.refreshCounts();
        if (e.data.changes.some((c) => c === 'status' || c === 'assigneeId'))
          void qc.invalidateQueries({ queryKey: keys.visitor(e.data.conversation.visitor.id) });
        // A rating may be a low one I am told of (the Mentions list): its count loads again.
        if (e.data.changes.includes('rating')) void qc.invalidateQueries({ queryKey: keys.mentions() });
      }),
    );
    live.on(
      'message.created',
      batched((e) => {
        const msg = e.data;
        this.addMessage(msg);
        let isMissing = false;
        for (const { key, state } of loadedLists(qc)) {
          if (!state) continue;
          const r = applyMessage(state, msg, e.seq, meId, this.viewing === msg.conversationId);
          isMissing ||= r.isMissing;
          qc.setQueryData(key, r.state);
        }
        qc.setQueryData(keys.conversation(msg.conversationId), (c) =>
          c && c.lastMessageSeq < msg.seq
            ? {
                ...c,
                lastMessageSeq: msg.seq,
                lastActivityAt: msg.createdAt,
                version: Math.max(c.version, e.seq),
                lastMessagePreview: msg.type === 'system' ? c.lastMessagePreview : msg.body,
              }
            : c,
        );
        const isVisitor = msg.author.type === 'visitor';
        if (isVisitor) this.refreshCounts();
        const conv = qc.getQueryData(keys.conversation(msg.conversationId)) ?? this.known.get(msg.conversationId);
        if (isVisitor && conv) this.notify(conv, msg);
        if (isMissing || !conv) {
          // It moved to the top of lists that had not loaded it: fetch it once and place it.
          void fetchConversation(msg.conversationId)
            .then((c) => {
              if (this.isStopped) return;
              this.upsertConversation(c);
              if (isVisitor && !conv) this.notify(c, msg);
            })
            .catch(() => {});
        }
      }),
    );
    // An image's dimensions and thumbnail, a moment after its message: patched into the thread held, if any.
    live.on(
      'attachment.ready',
      batched((e) => {
        const { conversationId, messageId, attachment } = e.data;
        qc.setQueryData(keys.messages(conversationId), (d) => d && withAttachment(d, messageId, attachment));
      }),
    );
    // A list held whole changed (a team, a shared view or canned response): fetched again. A signal, not numbered, so
    // one lost while disconnected is healed by refetching the three lists when the socket is ready again.
    live.on('list.changed', (p) => {
      for (const key of LIST_KEYS[p.list]()) void qc.invalidateQueries({ queryKey: key });
    });
    let hasBeenReady = false;
    live.on('session.ready', () => {
      if (hasBeenReady)
        for (const keysOf of Object.values(LIST_KEYS))
          for (const key of keysOf()) void qc.invalidateQueries({ queryKey: key });
      hasBeenReady = true;
    });
    // A colleague mentioned me: the Mentions list and its count load again.
    live.on('mention.created', () => void qc.invalidateQueries({ queryKey: keys.mentions() }));
    live.on('conversation.read', (p) =>
      this.enqueue(() => {
        for (const { key, state } of loadedLists(qc))
          if (state) qc.setQueryData(key, applyRead(state, p.conversationId, p.seq));
        qc.setQueryData(keys.conversation(p.conversationId), (c) =>
          c && c.lastReadSeq < p.seq ? { ...c, lastReadSeq: p.seq, unreadCount: 0 } : c,
        );
        this.refreshCounts();
      }),
    );
    live.on(
      'agent.updated',
      batched((e) => {
        qc.setQueryData(keys.agents(), (d) => {
          if (!d) return d;
          const has = d.agents.some((a) => a.id === e.data.id);
          return { agents: has ? d.agents.map((a) => (a.id === e.data.id ? e.data : a)) : [...d.agents, e.data] };
        });
        if (e.data.id === meId) qc.setQueryData(keys.me(), (m) => (m ? { ...m, agent: e.data } : m));
      }),
    );
    live.on(
      'agent.removed',
      batched((e) => {
        qc.setQueryData(keys.agents(), (d) => (d ? { agents: d.agents.filter((a) => a.id !== e.data.agentId) } : d));
      }),
    );
    live.on(
      'visitor.erased',
      batched((e) => {
        // Their messages are gone: the threads held refetch as the empty shells they are now.
        for (const id of e.data.conversationIds) void qc.invalidateQueries({ queryKey: keys.messages(id) });
        void qc.invalidateQueries({ queryKey: keys.visitor(e.data.visitorId) });
      }),
    );
    live.on(
      'organization.updated',
      batched((e) => {
        qc.setQueryData(keys.organization(), e.data);
        qc.setQueryData(keys.me(), (m) => (m ? { ...m, organization: e.data } : m));
      }),
    );
  }
}
