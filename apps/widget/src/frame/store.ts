import type { TConsent, TMessage } from '@oceras/protocol';
import { createTypingTracker, newClientId, type TypingState } from '@oceras/protocol/realtime';
import type { ChatEvent, Identity } from '../shared/frame-messages.js';
import { call } from './api.js';
import { catchUp } from './catch-up.js';
import { type Connection, openConnection, type ServerEvent } from './connection.js';
import { createOutbox, type KeyValueStore } from './outbox.js';
import { readMarks } from './read-marks.js';
import { type Action, type ChatState, initialState, reduce, resolveView, type Stored, unreadIn } from './reducer.js';
import type { HeldFiles, startFiles } from './send-files.js';
import { sendItem } from './send-item.js';
import { type VisitorContext, visitorSession } from './session.js';
import type { LockManagerLike } from './tab-leader.js';

/** What the UI uses of a store: ChatStore for visitors, the preview's sample store (preview.tsx) for the dashboard. */
export interface ChatModel {
  readonly state: ChatState;
  /**
   * The visitor's session token (null before the session and after a reset), for the "Your data" panel's calls;
   * absent from the dashboard's preview, which has no visitor (and no such panel).
   */
  readonly token?: string | null;
  subscribe(fn: () => void): () => void;
  resolve(view: string): string | null;
  unreadIn(conversationId: string): number;
  setView(view: string): void;
  send(view: string, body: string): void;
  /** Sends files (a message of their own, up to 10 a message), through the outbox like words. */
  attach(view: string, files: File[]): void;
  /** Tries again now what waits for another try (a file whose upload failed on the way). */
  retry(): void;
  /** Drops a message that failed for good, or cancels one with files on its way. */
  discard(clientId: string): void;
  /** Fetches a message again, once (its files' signed URLs expired: an image did not load). */
  refresh(message: TMessage): void;
  setTyping(view: string, isTyping: boolean): void;
  /** Rates a resolved conversation (1–5; faces are 1, 3, 5), with an optional comment; rating again replaces it. */
  rate(conversationId: string, score: number, comment?: string): Promise<void>;
  /** The "Email me a transcript" switch: the transcript leaves when the conversation is resolved. */
  setTranscript(conversationId: string, on: boolean): Promise<void>;
  setSound(on: boolean): void;
  /** Names the visitor; `consent` (the pre-chat form's, never the host page's) is recorded by the server. */
  identify(who: Identity, consent?: TConsent): Promise<void>;
  /** The prefill Oceras.showNewConversation() left for the next new conversation's composer, taken once. */
  takePrefill?(): string | null;
  skipPreChat(): void;
  hasSkippedPreChat(): boolean;
}

/** A client id for a message, or for a conversation to start (`new:<id>` views); the server stores one per id. */
export const newId = () => newClientId('w-');

/** The agent typing in each conversation, by name (a visitor sees agents without their ids). */
const agentNames = (typing: TypingState) =>
  Object.fromEntries(
    Object.entries(typing).map(([id, typists]) => [id, Object.values(typists)[0]?.actor.name ?? null]),
  );

/** The visitor's chat as main.tsx drives it: the UI's model, plus what the loader and the page tell it. */
export interface ChatStore extends ChatModel {
  readonly token: string | null;
  boot(): Promise<void>;
  reset(broadcast?: boolean): Promise<void>;
  setOpen(isOpen: boolean): void;
  syncLocal(): void;
  syncRemote(): void;
  /** Oceras.update(): custom attributes, once the session exists. */
  update(attributes: Record<string, unknown>): Promise<void>;
  /** Oceras.showNewConversation(): a new conversation, its composer prefilled. */
  compose(prefill: string): void;
}

export interface ChatStoreOptions {
  /**
   * The tabs that share this storage: `scope` ends the relay channel's and the socket lock's names (the host page's
   * origin when that page keeps the items: the frame's channel spans every origin of the host's site, whose visitors
   * differ), and `locks` holds the socket lock (the loader's, host-locks.ts; the frame's own Web Locks by default).
   */
  scope?: string;
  locks?: LockManagerLike;
  /** A new agent message while the chat is closed (sound). */
  onIncoming?: (m: TMessage) => void;
  /** Whether this browser has a conversation here (the loader then loads the frame early, for unread). */
  onSession?: (active: boolean) => void;
  /** An event for the page's Oceras.on listeners. */
  onEvent?: (name: ChatEvent, value: unknown) => void;
  /** Told to the server with the session: the visitor's language and the page the widget is on (follow-up emails). */
  visitorContext?: VisitorContext;
}

/**
 * The visitor's chat: its state is `reduce(state, action)` (reducer.ts); this does the rest, each part in its
 * module: the session (session.ts), the live connection whichever tab holds it (connection.ts), the REST catch-up
 * (catch-up.ts), the read marks (read-marks.ts) and the outbox (outbox.ts, send-item.ts). A closure, as the realtime client: the widget's
 * weight counts (docs/PERFORMANCE.md).
 */
export function createChatStore(widgetKey: string, storage: KeyValueStore, options: ChatStoreOptions = {}): ChatStore {
  const k = (name: string) => `oceras.${widgetKey}.${name}`;
  /**
   * Files on their way: their bytes, by outbox item, in this tab's memory only. They are not kept in storage (too
   * large, and not ours to copy), so a reload or a closed tab loses the files not sent yet (send-files.ts: other tabs
   * then show them as not sent). Words are kept: the outbox is in storage.
   */
  const tabId = newId();
  const held = new Map<string, HeldFiles>();
  let filesSender: Promise<ReturnType<typeof startFiles>> | null = null;
  /**
   * The upload path: its own chunk, on first use. Not while offline: browsers keep a failed import() failed for the
   * page's life (whatwg/html#6768), so a chunk asked for offline would never come; the send is tried again later.
   */
  const loadFiles = () => {
    if (!filesSender && navigator.onLine === false) return Promise.reject(new Error('offline'));
    filesSender ??= import('./send-files.js').then(
      (m) => m.startFiles({ tabId, channel: k(`files${options.scope ?? ''}`), held, dispatch, update: outbox.update }),
      (e) => {
        filesSender = null;
        throw e;
      },
    );
    return filesSender;
  };
  const refreshed = new Set<string>();
  const onSession = (active: boolean) => options.onSession?.(active);
  const listeners = new Set<() => void>();
  const session = visitorSession(widgetKey, storage, options.visitorContext);
  const marks = readMarks(k('read'), storage);
  /** Typing expires (SPEC R14) in every tab, from the socket or the relay. */
  const typing = createTypingTracker((t) => dispatch({ type: 'typing', typing: agentNames(t) }));
  let connection: Connection | null = null;
  /**
   * The verified identity the page gave (Oceras.identify with userId and userHash), sent with every session call:
   * the server attaches this browser to that user's visitor, merging an anonymous one (docs/ARCHITECTURE.md).
   */
  let identity: { userId: string; userHash: string } | null = null;
  let hasTriedSession = false;
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  /** The boot in flight, and which generation it serves: reset() starts a new generation. */
  let booting: Promise<void> | null = null;
  let generation = 0;
  let bootedGeneration = -1;
  let markBooted: () => void = () => {};
  /** Resolves once the visitor session exists (identify calls made earlier wait for it). */
  let booted = new Promise<void>((r) => {
    markBooted = r;
  });

  const stored = (): Stored => {
    const items = outbox.items();
    // A file item gone (sent, discarded here or in another tab, reset): its bytes go, its upload stops.
    for (const [clientId, files] of held)
      if (!items.some((i) => i.clientId === clientId)) {
        files.abort.abort();
        held.delete(clientId);
      }
    return {
      outbox: items,
      started: outbox.started(),
      readSeq: marks.stored(),
      isSoundOn: storage.getItem(k('sound')) === 'on',
      isRemembered: storage.isPersistent === true,
    };
  };

  const dispatch = (action: Action) => {
    const next = reduce(state, action);
    if (next === state) return;
    state = next;
    for (const fn of listeners) fn();
    followReading();
  };

  /** While the visitor looks at a thread, move the read mark (here, then the server for agents' "seen"). */
  const followReading = () => {
    const id = resolveView(state, state.view);
    if (!id || !state.isOpen || document.visibilityState === 'hidden') return;
    const last = state.messages[id]?.at(-1)?.seq ?? 0;
    if (last <= (state.readSeq[id] ?? 0)) return;
    dispatch({ type: 'read', conversationId: id, seq: last });
    marks.mark(state.readSeq, id, session.token);
  };

  const {
    load,
    refetch,
    refreshSoon: refreshConversationsSoon,
  } = catchUp({
    token: () => session.token,
    state: () => state,
    dispatch,
    onSession,
  });

  const apply = (e: ServerEvent) => {
    if (e.name === 'attachment.ready') dispatch({ type: 'attachment', ...e.payload.data });
    else if (e.name === 'message.created') {
      const m = e.payload.data;
      const isKnown = state.conversations.some((c) => c.id === m.conversationId);
      dispatch({ type: 'message-arrived', message: m });
      if (!isKnown || m.author.type !== 'visitor') refreshConversationsSoon();
      if (m.author.type !== 'visitor') {
        options.onEvent?.('message:received', { conversationId: m.conversationId, id: m.id, body: m.body });
        typing.drop(m.conversationId, 'agent');
        if (!state.isOpen) options.onIncoming?.(m);
      }
    } else if (e.name === 'typing.updated') {
      if (e.payload.actor.type === 'agent' && !e.payload.isNote) typing.apply(e.payload);
    } else {
      const conversation = e.name === 'conversation.created' ? e.payload.data : e.payload.data.conversation;
      if (e.name === 'conversation.created')
        options.onEvent?.('conversation:started', { conversationId: conversation.id });
      dispatch({ type: 'conversation', conversation });
      onSession(true);
    }
  };

  const outbox = createOutbox(
    storage,
    k('outbox'),
    sendItem({
      token: () => session.token,
      dispatch,
      onSession,
      load,
      refreshSoon: refreshConversationsSoon,
      files: (item, token) =>
        loadFiles().then(
          (send) => send(item, token),
          (error) => ({ ok: false, retry: true, reason: 'NETWORK', error }),
        ),
    }),
    () => store.syncLocal(),
  );

  const startSession = async (gen: number) => {
    const isStale = () => gen !== generation;
    hasTriedSession = true;
    const started = await session.start(isStale, (phase) => dispatch({ type: 'phase', phase }), identity);
    if (!started) return;
    const { allowedDomains: _, ...settings } = started.organization.widgetSettings;
    dispatch({
      type: 'session-started',
      settings,
      orgName: started.organization.name,
      hasEmailFollowUp: started.organization.hasEmailFollowUp,
      isAgentOnline: started.isAgentOnline,
      hours: { businessHours: started.organization.businessHours, timeZone: started.organization.timeZone },
      visitor: started.visitor,
    });
    markBooted();
    connection = openConnection({
      scope: options.scope ?? '',
      widgetKey,
      locks: options.locks,
      sessionToken: () => session.token,
      onEvent: apply,
      onConnected: (isConnected, isRelayed) => {
        dispatch({ type: 'connection', isConnected, hasConnected: isRelayed });
        if (isConnected) void outbox.flush();
      },
      onResync: () => void refetch(),
      onReset: () => void store.reset(false),
    });
    await refetch();
    if (isStale()) return;
    bootedGeneration = gen;
    dispatch({ type: 'phase', phase: 'ready' });
    void outbox.flush();
  };

  const store: ChatStore = {
    get state() {
      return state;
    },
    get token() {
      return session.token;
    },

    subscribe(fn) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },

    /**
     * Another tab changed the stored items. A stored session gone while this tab holds one was reset there (or the
     * site cleared its storage): follow, even if that tab's reset broadcast came before this tab listened.
     */
    syncRemote() {
      if (session.token && !session.stored()) void store.reset(false);
      else store.syncLocal();
    },

    /** The stored outbox, read marks and sound changed (here or in another tab): take them over. */
    syncLocal() {
      dispatch({ type: 'stored', stored: stored() });
    },

    /** Starts or resumes the visitor session, then follows the stream (leader) or the leader's relay. */
    async boot() {
      const gen = generation;
      // One boot at a time. A boot still running for an older generation (a reset came during it) abandons at its
      // next step; this one then starts afresh instead of returning as if the visitor had a session.
      while (booting) {
        await booting;
        if (bootedGeneration === gen) return;
      }
      const run = startSession(gen);
      booting = run;
      try {
        await run;
      } finally {
        if (booting === run) booting = null;
      }
    },

    resolve: (view) => resolveView(state, view),

    send(view, body) {
      const text = body.trim();
      if (text) outbox.add({ clientId: newId(), conversation: store.resolve(view) ?? view, body: text });
    },

    attach(view, list) {
      const conversation = store.resolve(view) ?? view;
      void loadFiles().catch(() => {});
      for (let i = 0; i < list.length; i += 10) {
        const blobs = list.slice(i, i + 10);
        const clientId = newId();
        held.set(clientId, { blobs, abort: new AbortController() });
        const files = blobs.map(({ name, type, size }) => ({ name, type, size }));
        outbox.add({ clientId, conversation, body: '', files, tab: tabId });
      }
    },

    retry: () => void outbox.flush(),
    discard: (clientId) => outbox.discard(clientId),

    refresh(m) {
      if (refreshed.has(m.id)) return;
      refreshed.add(m.id);
      void call('listVisitorMessages', {
        token: session.token,
        id: m.conversationId,
        query: { after: m.seq - 1, limit: 1 },
      })
        .then((r) => dispatch({ type: 'messages', conversationId: m.conversationId, messages: r.messages }))
        .catch(() => {});
    },

    async rate(conversationId, score, comment) {
      const conversation = await call('rateConversation', {
        token: session.token,
        id: conversationId,
        body: { score, ...(comment?.trim() ? { comment: comment.trim() } : {}) },
      });
      dispatch({ type: 'conversation', conversation });
    },

    async setTranscript(conversationId, emailTranscript) {
      const conversation = await call('setConversationTranscript', {
        token: session.token,
        id: conversationId,
        body: { emailTranscript },
      });
      dispatch({ type: 'conversation', conversation });
    },

    setTyping(view, isTyping) {
      const conversationId = store.resolve(view);
      if (conversationId) connection?.setTyping(conversationId, isTyping);
    },

    async identify(who, consent) {
      const { userId, userHash } = who;
      if (typeof userId === 'string' && typeof userHash === 'string' && userId !== identity?.userId) {
        identity = { userId, userHash };
        // A session already made (or refused) was another visitor's: start again as this user.
        if (hasTriedSession) await restart();
      }
      const body = {
        ...(who.name?.trim() ? { name: who.name.trim() } : {}),
        ...(who.email?.trim() ? { email: who.email.trim() } : {}),
        ...(consent ? { consent } : {}),
      };
      if (Object.keys(body).length === 0) return;
      await booted;
      const visitor = await call('identifyVisitor', { token: session.token, body });
      dispatch({ type: 'visitor', visitor });
    },

    async update(attributes) {
      await booted;
      await call('identifyVisitor', { token: session.token, body: { attributes: attributes as never } });
    },

    compose(prefill) {
      dispatch({ type: 'compose', prefill: typeof prefill === 'string' ? prefill.slice(0, 10_000) : '' });
    },

    takePrefill() {
      const prefill = state.prefill;
      if (prefill !== null) dispatch({ type: 'compose', prefill: null });
      return prefill;
    },

    setOpen(isOpen) {
      dispatch({ type: 'open', isOpen });
      // A session refused for good (or not yet reached) is tried again each time the visitor opens the chat.
      if (isOpen && state.phase === 'error') void store.boot();
      clearInterval(pollTimer);
      if (!isOpen) return;
      // Agents' read marks ("seen") and presence are not pushed to visitors: re-read them while the chat is open.
      const poll = () => {
        refreshConversationsSoon();
        void call('getWidgetConfig', { query: { widgetKey } })
          .then((c) => dispatch({ type: 'agent-online', isAgentOnline: c.isAgentOnline }))
          .catch(() => {});
      };
      pollTimer = setInterval(poll, 15_000);
      poll();
    },

    setView(view) {
      dispatch({ type: 'view', view });
      const id = store.resolve(view);
      if (id && !state.messages[id]) void load(id).catch(() => {});
    },

    setSound(on) {
      storage.setItem(k('sound'), on ? 'on' : 'off');
      store.syncLocal();
    },

    skipPreChat: () => storage.setItem(k('prechat'), 'skipped'),
    hasSkippedPreChat: () => storage.getItem(k('prechat')) === 'skipped',
    unreadIn: (conversationId) => unreadIn(state, conversationId),

    /**
     * Forgets this visitor on this browser: session, outbox, read marks; other tabs follow (`broadcast` false). The
     * tab that resets clears the storage. The others share it (localStorage, or the host page's through the loader)
     * and leave it alone: a clear of theirs arriving late would wipe the new session. Memory is a tab's own to clear.
     */
    async reset(broadcast = true) {
      generation++;
      // The session ends on the server too (its token stops working), not only in this browser.
      const token = session.token;
      if (broadcast && token) void call('revokeWidgetSession', { token }).catch(() => {});
      if (broadcast) connection?.broadcastReset();
      connection?.close();
      connection = null;
      outbox.stop();
      typing.clear();
      const isClearing = broadcast || !storage.isPersistent;
      if (isClearing) {
        outbox.clear();
        marks.forget();
        storage.removeItem(k('prechat'));
      }
      session.forget(isClearing);
      booted = new Promise<void>((r) => {
        markBooted = r;
      });
      onSession(false);
      dispatch({ type: 'reset', stored: { outbox: outbox.items(), started: outbox.started() } });
      // Another tab started the reset and creates the new session: give it a moment, then resume that one.
      if (!broadcast) await new Promise((r) => setTimeout(r, 1500));
      await store.boot();
    },
  };
  /**
   * The page identified a user: this tab's session ends here (not on the server: it is what the server merges or
   * leaves) and a new one starts with the identity, from the stored token. Like reset(), without forgetting storage.
   */
  const restart = async () => {
    generation++;
    connection?.close();
    connection = null;
    outbox.stop();
    typing.clear();
    session.forget(false);
    booted = new Promise<void>((r) => {
      markBooted = r;
    });
    dispatch({ type: 'reset', stored: { outbox: outbox.items(), started: outbox.started() } });
    await store.boot();
  };
  let state = initialState(stored());
  return store;
}
