import type {
  ConversationUpdate,
  Envelope,
  PROTOCOL_VERSION,
  SessionReady,
  SyncRequired,
  TConsent,
  TMessage,
  TVisitor,
  TVisitorConversation,
  TWidgetConfig,
  TypingPayload,
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
} from '@oceras/protocol';
import { io, type Socket } from 'socket.io-client';
import { call, HttpError, isRetryable } from './api.js';
import { type KeyValueStore, Outbox, type OutboxItem } from './outbox.js';
import { type Channel, electLeader, type LockManagerLike, openChannel } from './tab-leader.js';

/** Checked against the protocol at type level: a protocol bump fails the widget's typecheck until it follows. */
const PROTOCOL: typeof PROTOCOL_VERSION = 1;

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

type Relay =
  | { k: 'event'; name: keyof VisitorServerToClientEvents; payload: unknown }
  | { k: 'status'; connected: boolean }
  | { k: 'hello' }
  | { k: 'typing'; conversationId: string; isTyping: boolean }
  | { k: 'reset' };

type VisitorSocket = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;

/** What the UI uses of a store: ChatStore for visitors, the preview's sample store (preview.tsx) for the dashboard. */
export interface ChatModel {
  readonly state: ChatState;
  subscribe(fn: () => void): () => void;
  resolve(view: string): string | null;
  unreadIn(conversationId: string): number;
  setView(view: string): void;
  send(view: string, body: string): void;
  discard(clientId: string): void;
  setTyping(view: string, isTyping: boolean): void;
  setSound(on: boolean): void;
  identify(who: { name?: string; email?: string }, consent?: TConsent): Promise<void>;
  skipPreChat(): void;
  hasSkippedPreChat(): boolean;
}

export const newId = () =>
  (crypto.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`).replace(/[^\w-]/g, '');

export class ChatStore implements ChatModel {
  state: ChatState;
  private listeners = new Set<() => void>();
  private token: string | null = null;
  private lastSeq: number | undefined;
  private socket: VisitorSocket | null = null;
  private channel: Channel<Relay> | null = null;
  private leader: { release: () => void } | null = null;
  private isLeader = false;
  private outbox: Outbox;
  private typingTimers: Record<string, ReturnType<typeof setTimeout>> = {};
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private readTimer: ReturnType<typeof setTimeout> | null = null;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  /** The boot in flight, and which generation it serves: reset() starts a new generation. */
  private booting: Promise<void> | null = null;
  private generation = 0;
  private bootedGeneration = -1;
  private markBooted: () => void = () => {};
  /** Resolves once the visitor session exists (identify calls made earlier wait for it). */
  private booted = new Promise<void>((r) => {
    this.markBooted = r;
  });
  /** Called for a new agent message while the chat is closed (sound). */
  onIncoming: (m: TMessage) => void = () => {};

  constructor(
    private readonly widgetKey: string,
    private readonly storage: KeyValueStore,
    /**
     * The tabs that share this storage: `scope` ends the relay channel's and the socket lock's names (the host page's
     * origin when that page keeps the items: the frame's channel spans every origin of the host's site, whose visitors
     * differ), and `locks` holds the socket lock (the loader's, host-locks.ts; the frame's own Web Locks by default).
     */
    private readonly tabs: { scope?: string; locks?: LockManagerLike } = {},
  ) {
    this.outbox = new Outbox(
      storage,
      this.k('outbox'),
      (item, id) => this.sendItem(item, id),
      () => this.syncLocal(),
    );
    this.state = {
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
      outbox: this.outbox.items(),
      started: this.outbox.started(),
      readSeq: this.readJson('read', {}),
      isOpen: false,
      view: 'home',
      isSoundOn: this.storage.getItem(this.k('sound')) === 'on',
      isRemembered: this.storage.isPersistent === true,
      lastIncoming: null,
    };
  }

  subscribe(fn: () => void) {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }

  private set(patch: Partial<ChatState>) {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn();
    this.markReadSoon();
  }

  private k(name: string) {
    return `oceras.${this.widgetKey}.${name}`;
  }

  private readJson<T>(name: string, fallback: T): T {
    try {
      return (JSON.parse(this.storage.getItem(this.k(name)) ?? 'null') as T) ?? fallback;
    } catch {
      return fallback;
    }
  }

  /**
   * Another tab changed the stored items. A stored session gone while this tab holds one was reset there (or the
   * site cleared its storage): follow, even if that tab's reset broadcast came before this tab listened.
   */
  syncRemote() {
    if (this.token && !this.readJson<object | null>('session', null)) void this.reset(false);
    else this.syncLocal();
  }

  /** The stored outbox, read marks and sound changed (here or in another tab): take them over. */
  syncLocal() {
    this.set({
      outbox: this.outbox.items(),
      started: this.outbox.started(),
      readSeq: { ...this.state.readSeq, ...this.readJson('read', {}) },
      isSoundOn: this.storage.getItem(this.k('sound')) === 'on',
      isRemembered: this.storage.isPersistent === true,
    });
  }

  /** Starts or resumes the visitor session, then follows the stream (leader) or the leader's relay. */
  async boot(): Promise<void> {
    const generation = this.generation;
    // One boot at a time. A boot still running for an older generation (a reset came during it) abandons at its
    // next step; this one then starts afresh instead of returning as if the visitor had a session.
    while (this.booting) {
      await this.booting;
      if (this.bootedGeneration === generation) return;
    }
    const run = this.startSession(generation);
    this.booting = run;
    try {
      await run;
    } finally {
      if (this.booting === run) this.booting = null;
    }
  }

  private async startSession(generation: number): Promise<void> {
    const stale = () => generation !== this.generation;
    const storedToken = () => this.readJson<{ sessionToken?: string } | null>('session', null)?.sessionToken;
    let saved = storedToken();
    for (let attempt = 0; ; attempt++) {
      try {
        const session = await call('createWidgetSession', {
          body: { widgetKey: this.widgetKey, ...(saved ? { sessionToken: saved } : {}) },
        });
        if (stale()) return;
        // Another tab stored a session meanwhile (its own boot, or a new visitor after its reset): writing this one
        // would undo that, or bring a reset visitor back. Resume the stored one instead.
        if (storedToken() !== saved) {
          saved = storedToken();
          attempt = -1;
          continue;
        }
        this.token = session.sessionToken;
        this.storage.setItem(
          this.k('session'),
          JSON.stringify({ visitorId: session.visitorId, sessionToken: session.sessionToken }),
        );
        const { allowedDomains: _, ...settings } = session.organization.widgetSettings;
        this.set({
          settings,
          orgName: session.organization.name,
          isAgentOnline: session.isAgentOnline,
          visitor: session.visitor,
        });
        this.markBooted();
        break;
      } catch (e) {
        if (stale()) return;
        if (!isRetryable(e)) {
          this.set({ phase: 'error' });
          return;
        }
        this.set({ phase: attempt > 1 ? 'error' : 'loading' });
        await new Promise((r) => setTimeout(r, Math.min(1000 * 2 ** attempt, 15_000)));
        if (stale()) return;
      }
    }
    const scope = this.tabs.scope ?? '';
    this.channel = openChannel<Relay>(`oceras.${this.widgetKey}${scope}`, (m) => this.onRelay(m));
    this.channel.post({ k: 'hello' });
    this.leader = electLeader(`oceras.${this.widgetKey}.socket${scope}`, () => this.lead(), this.tabs.locks);
    await this.refetch();
    if (stale()) return;
    this.bootedGeneration = generation;
    this.set({ phase: 'ready' });
    void this.outbox.flush();
  }

  /** This tab holds the socket: connect with the last seq seen, relay everything to the other tabs. */
  private lead() {
    this.isLeader = true;
    let isBlind = true;
    const socket: VisitorSocket = io('/visitor', {
      path: '/socket.io',
      auth: (cb) => {
        // Without a position the server cannot replay: whatever happened before this connection comes over REST.
        isBlind = this.lastSeq === undefined;
        cb({ sessionToken: this.token, lastSeq: this.lastSeq, protocolVersion: PROTOCOL });
      },
    });
    socket.on('session.ready', () => {
      if (isBlind) void this.refetch();
    });
    this.socket = socket;
    const relay = (name: keyof VisitorServerToClientEvents) => (payload: unknown) => {
      this.apply(name, payload);
      this.channel?.post({ k: 'event', name, payload });
    };
    for (const name of [
      'message.created',
      'conversation.created',
      'conversation.updated',
      'typing.updated',
      'session.ready',
      'sync.required',
    ] as const)
      socket.on(name, relay(name) as never);
    socket.on('connect', () => {
      this.status(true);
      void this.outbox.flush();
    });
    socket.on('disconnect', () => this.status(false));
    socket.on('connect_error', () => this.status(false));
  }

  private status(connected: boolean) {
    this.set({ isConnected: connected, hasConnected: this.state.hasConnected || connected });
    this.channel?.post({ k: 'status', connected });
  }

  private onRelay(m: Relay) {
    if (m.k === 'event') this.apply(m.name, m.payload);
    else if (m.k === 'status' && !this.isLeader) this.set({ isConnected: m.connected, hasConnected: true });
    else if (m.k === 'hello' && this.isLeader) this.channel?.post({ k: 'status', connected: this.state.isConnected });
    else if (m.k === 'typing' && this.isLeader)
      this.socket?.emit('typing.update', { conversationId: m.conversationId, isTyping: m.isTyping }, () => {});
    else if (m.k === 'reset') void this.reset(false);
  }

  private apply(name: keyof VisitorServerToClientEvents, payload: unknown) {
    const seq = (payload as { seq?: unknown }).seq;
    if (name !== 'typing.updated' && typeof seq === 'number') this.lastSeq = Math.max(this.lastSeq ?? 0, seq);
    switch (name) {
      case 'message.created': {
        const m = (payload as Envelope<TMessage>).data;
        this.upsertMessages(m.conversationId, [m]);
        if (!this.state.conversations.some((c) => c.id === m.conversationId) || m.author.type === 'agent')
          this.refreshConversationsSoon();
        if (m.author.type === 'agent') {
          this.set({ typing: { ...this.state.typing, [m.conversationId]: null } });
          if (this.state.isOpen) this.set({ lastIncoming: m });
          else this.onIncoming(m);
        }
        break;
      }
      case 'conversation.created':
        this.upsertConversation((payload as Envelope<TVisitorConversation>).data);
        break;
      case 'conversation.updated':
        this.upsertConversation((payload as Envelope<ConversationUpdate<TVisitorConversation>>).data.conversation);
        break;
      case 'typing.updated': {
        const p = payload as TypingPayload;
        if (p.actor.type !== 'agent' || p.isNote) return;
        clearTimeout(this.typingTimers[p.conversationId]);
        this.set({ typing: { ...this.state.typing, [p.conversationId]: p.isTyping ? (p.actor.name ?? '') : null } });
        if (p.isTyping)
          this.typingTimers[p.conversationId] = setTimeout(
            () => this.set({ typing: { ...this.state.typing, [p.conversationId]: null } }),
            8000,
          );
        break;
      }
      case 'session.ready':
        this.lastSeq = Math.max(this.lastSeq ?? 0, (payload as SessionReady).seq);
        break;
      case 'sync.required':
        this.lastSeq = (payload as SyncRequired).seq;
        void this.refetch();
        break;
    }
  }

  /** REST catch-up: the conversation list, and every message after what we hold for the five most recent. */
  async refetch() {
    if (!this.token) return;
    try {
      const { conversations } = await call('listVisitorConversations', { token: this.token });
      this.set({ conversations });
      const wanted = new Set(conversations.slice(0, 5).map((c) => c.id));
      if (this.state.view && !this.state.view.startsWith('new:')) wanted.add(this.state.view);
      await Promise.all([...wanted].filter((id) => conversations.some((c) => c.id === id)).map((id) => this.load(id)));
      if (conversations.length > 0) this.onSession(true);
    } catch {
      /* offline: the socket reconnect or the next open tries again */
    }
  }

  private async load(conversationId: string) {
    const have = this.state.messages[conversationId] ?? [];
    let after = have.at(-1)?.seq;
    for (let page = 0; page < 20; page++) {
      const res = await call('listVisitorMessages', {
        token: this.token,
        id: conversationId,
        query: after === undefined ? { limit: 100 } : { after, limit: 100 },
      });
      this.upsertMessages(conversationId, res.messages);
      if (after === undefined || !res.hasMore || res.messages.length === 0) break;
      after = res.messages.at(-1)!.seq;
    }
  }

  private refreshConversationsSoon() {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(async () => {
      this.refreshTimer = null;
      if (!this.token) return;
      try {
        const { conversations } = await call('listVisitorConversations', { token: this.token });
        this.set({ conversations });
        this.onSession(conversations.length > 0);
      } catch {
        /* next event retries */
      }
    }, 300);
  }

  private upsertMessages(conversationId: string, incoming: TMessage[]) {
    if (incoming.length === 0) return;
    const byId = new Map((this.state.messages[conversationId] ?? []).map((m) => [m.id, m]));
    for (const m of incoming) byId.set(m.id, m);
    const list = [...byId.values()].sort((a, b) => a.seq - b.seq);
    this.set({ messages: { ...this.state.messages, [conversationId]: list } });
  }

  private upsertConversation(c: TVisitorConversation) {
    const rest = this.state.conversations.filter((x) => x.id !== c.id);
    const conversations = [c, ...rest].sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));
    this.set({ conversations });
    this.onSession(true);
  }

  /** Tells the loader whether this browser has a conversation here (it then loads the frame early for unread). */
  onSession: (active: boolean) => void = () => {};

  private async sendItem(item: OutboxItem, conversationId: string | null) {
    if (!this.token) return { ok: false as const, retry: true, reason: 'no session yet' };
    try {
      if (!conversationId) {
        const conv = await call('startConversation', {
          token: this.token,
          body: { clientId: item.conversation.slice(4), message: { clientId: item.clientId, body: item.body } },
        });
        this.upsertConversation(conv);
        await this.load(conv.id).catch(() => {});
        return { ok: true as const, conversationId: conv.id };
      }
      const m = await call('sendVisitorMessage', {
        token: this.token,
        id: conversationId,
        body: { clientId: item.clientId, body: item.body },
      });
      this.upsertMessages(conversationId, [m]);
      this.refreshConversationsSoon();
      return { ok: true as const, conversationId };
    } catch (e) {
      return { ok: false as const, retry: isRetryable(e), reason: e instanceof HttpError ? e.code : 'NETWORK' };
    }
  }

  // ---- what the UI does ----

  /** The conversation id behind a view (`new:` views resolve once started; the home and pre-chat views have none). */
  resolve(view: string): string | null {
    if (view === 'home' || view === 'prechat') return null;
    if (!view.startsWith('new:')) return view;
    return this.state.started[view] ?? null;
  }

  send(view: string, body: string) {
    const text = body.trim();
    if (!text) return;
    this.outbox.add({ clientId: newId(), conversation: this.resolve(view) ?? view, body: text });
  }

  discard(clientId: string) {
    this.outbox.discard(clientId);
  }

  retryNow() {
    void this.outbox.flush();
  }

  setTyping(view: string, isTyping: boolean) {
    const conversationId = this.resolve(view);
    if (!conversationId) return;
    if (this.isLeader) this.socket?.emit('typing.update', { conversationId, isTyping }, () => {});
    else this.channel?.post({ k: 'typing', conversationId, isTyping });
  }

  /** Names the visitor; `consent` (the pre-chat form's, never the host page's) is recorded by the server. */
  async identify(who: { name?: string; email?: string }, consent?: TConsent) {
    const body = {
      ...(who.name?.trim() ? { name: who.name.trim() } : {}),
      ...(who.email?.trim() ? { email: who.email.trim() } : {}),
      ...(consent ? { consent } : {}),
    };
    if (Object.keys(body).length === 0) return;
    await this.booted;
    const visitor = await call('identifyVisitor', { token: this.token, body });
    this.set({ visitor });
  }

  setOpen(isOpen: boolean) {
    this.set({ isOpen });
    // A session refused for good (or not yet reached) is tried again each time the visitor opens the chat.
    if (isOpen && this.state.phase === 'error') void this.boot();
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    if (isOpen) {
      // Agents' read marks ("seen") and presence are not pushed to visitors: re-read them while the chat is open.
      const poll = () => {
        this.refreshConversationsSoon();
        void call('getWidgetConfig', { query: { key: this.widgetKey } })
          .then((c) => this.set({ isAgentOnline: c.isAgentOnline }))
          .catch(() => {});
      };
      this.pollTimer = setInterval(poll, 15_000);
      poll();
    }
  }

  setView(view: string) {
    this.set({ view });
    const id = this.resolve(view);
    if (id && !this.state.messages[id]) void this.load(id).catch(() => {});
  }

  setSound(on: boolean) {
    this.storage.setItem(this.k('sound'), on ? 'on' : 'off');
    this.set({ isSoundOn: on });
  }

  skipPreChat() {
    this.storage.setItem(this.k('prechat'), 'skipped');
  }

  hasSkippedPreChat() {
    return this.storage.getItem(this.k('prechat')) === 'skipped';
  }

  unreadCount(): number {
    let n = 0;
    for (const [id, list] of Object.entries(this.state.messages)) {
      const read = this.state.readSeq[id] ?? 0;
      n += list.filter((m) => m.author.type === 'agent' && m.seq > read).length;
    }
    return n;
  }

  unreadIn(conversationId: string): number {
    const read = this.state.readSeq[conversationId] ?? 0;
    return (this.state.messages[conversationId] ?? []).filter((m) => m.author.type === 'agent' && m.seq > read).length;
  }

  /** While the visitor looks at a thread, move the read mark (local, then the server for agents' "seen"). */
  private markReadSoon() {
    const id = this.resolve(this.state.view);
    if (!id || !this.state.isOpen || document.visibilityState === 'hidden') return;
    const last = this.state.messages[id]?.at(-1)?.seq ?? 0;
    if (last <= (this.state.readSeq[id] ?? 0)) return;
    const readSeq = { ...this.state.readSeq, [id]: last };
    this.storage.setItem(this.k('read'), JSON.stringify(readSeq));
    this.state = { ...this.state, readSeq };
    queueMicrotask(() => {
      for (const fn of this.listeners) fn();
    });
    if (this.readTimer) clearTimeout(this.readTimer);
    this.readTimer = setTimeout(() => {
      if (this.token) void call('markVisitorRead', { token: this.token, id, body: { seq: last } }).catch(() => {});
    }, 500);
  }

  /**
   * Forgets this visitor on this browser: session, outbox, read marks; other tabs follow (`broadcast` false). The tab
   * that resets clears the storage. The others share it (localStorage, or the host page's through the loader) and
   * leave it alone: a clear of theirs arriving late would wipe the new session. Memory is a tab's own to clear.
   */
  async reset(broadcast = true) {
    this.generation++;
    // The session ends on the server too (its token stops working), not only in this browser.
    if (broadcast && this.token) void call('revokeWidgetSession', { token: this.token }).catch(() => {});
    if (broadcast) this.channel?.post({ k: 'reset' });
    this.socket?.disconnect();
    this.socket = null;
    this.leader?.release();
    this.channel?.close();
    this.isLeader = false;
    this.outbox.stop();
    if (broadcast || !this.storage.isPersistent) {
      this.outbox.clear();
      for (const name of ['session', 'read', 'prechat']) this.storage.removeItem(this.k(name));
    }
    this.token = null;
    this.lastSeq = undefined;
    this.booted = new Promise<void>((r) => {
      this.markBooted = r;
    });
    this.onSession(false);
    this.set({
      phase: 'loading',
      visitor: null,
      conversations: [],
      messages: {},
      typing: {},
      outbox: this.outbox.items(),
      started: this.outbox.started(),
      readSeq: {},
      view: 'home',
      isConnected: false,
      hasConnected: false,
    });
    // Another tab started the reset and creates the new session: give it a moment, then resume that one.
    if (!broadcast) await new Promise((r) => setTimeout(r, 1500));
    await this.boot();
  }
}
