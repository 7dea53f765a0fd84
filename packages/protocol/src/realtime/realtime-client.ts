import type { AgentServerToClientEvents, SessionReady, SyncRequired, TypingPayload } from '../events.js';
import { AGENT_STREAM_EVENTS } from '../stream-events.js';
import { PROTOCOL_VERSION } from '../version.js';
import { type BackoffOptions, backoffDelay } from './backoff.js';
import { type Clock, systemClock } from './clock.js';
import { StreamCursor } from './cursor.js';
import { handshakeAction } from './handshake-policy.js';
import type { HandshakeError, MinimalSocket } from './socket.js';
import { createTypingTracker, type TypingState, type TypingTracker } from './typing.js';

/**
 * `connecting` until the first `session.ready`; `online` once caught up; `offline` while reconnecting. The last two
 * are final: `incompatible` (PROTOCOL_MISMATCH: the app must be updated) and `signed-out` (the session is over).
 */
export type ConnectionState = 'connecting' | 'online' | 'offline' | 'incompatible' | 'signed-out';

/** What a token refresh came to: `failed` is a network problem (try again later), `ended` a refused session. */
export type RefreshOutcome = 'refreshed' | 'ended' | 'failed';

/** An event map (the protocol's, in events.ts): each event's listener takes one payload. */
type EventsOf<T> = { [K in keyof T]: (...args: any[]) => void };
type Payload<F> = F extends (payload: infer P, ...rest: any[]) => void ? P : never;
/** Socket.IO's own events that the apps may follow too (clearing what a dropped connection makes stale). */
interface SocketEvents {
  connect: () => void;
  disconnect: (reason: string) => void;
  /** A refused handshake, after the client has acted on it (handshake-policy.ts). */
  connect_error: (err: HandshakeError | undefined) => void;
}

export interface RealtimeClientOptions {
  /** A new socket, not connected (`autoConnect: false`) and not reconnecting on its own (`reconnection: false`). */
  openSocket: () => MinimalSocket;
  /** The credentials of the handshake, read on every (re)connect: `{ token }` on /agent, `{ sessionToken }` on /visitor. */
  credentials: () => object | Promise<object>;
  /** The state must be loaded over REST: connected without a position (R4), or `sync.required` (R5). */
  onResync: () => void;
  onState?: (state: ConnectionState) => void;
  /** A new access token for the next handshake (R11). Without one, a refused token ends the session. */
  refreshToken?: () => Promise<RefreshOutcome>;
  /** The server ended the session (SESSION_REVOKED, or a token refused again right after a refresh). */
  onSignedOut?: () => void;
  /** PROTOCOL_MISMATCH: this build cannot talk to the server; tell the user to update. Never retried. */
  onIncompatible?: () => void;
  /** Who is typing where, after every change (R9, R14). Without it, typing signals only reach `on` listeners. */
  onTyping?: (typing: TypingState) => void;
  /** Typing signals to leave out (the agent's own, from their other devices). */
  ignoreTyping?: (p: TypingPayload) => boolean;
  clock?: Clock;
  random?: () => number;
  backoff?: BackoffOptions;
  typingExpiryMs?: number;
  /** The position to follow from; tabs that share a stream share one (the widget's relay). */
  cursor?: StreamCursor;
}

/**
 * The numbered events (R3), followed for their seq even where the app does nothing with them, so that the position
 * sent on reconnect is the stream's. The visitor's are a subset.
 */
const NUMBERED_EVENTS = AGENT_STREAM_EVENTS satisfies readonly (keyof AgentServerToClientEvents)[];
const CONTROL_EVENTS = ['connect', 'disconnect', 'connect_error', 'session.ready', 'sync.required', 'typing.updated'];

/** What the apps hold: `createRealtimeClient(options)`. */
export interface RealtimeClient<
  S extends EventsOf<S> = Record<string, (payload: any) => void>,
  C extends EventsOf<C> = Record<string, (...args: any[]) => void>,
> {
  readonly typing: TypingTracker;
  readonly isOnline: boolean;
  /**
   * Listens to a server event. A numbered one (an envelope, R3) reaches `fn` once, in order: replayed or repeated
   * envelopes are dropped first. `session.ready` and `sync.required` reach it after the client has handled them.
   */
  on<K extends keyof (S & SocketEvents) & string>(
    name: K,
    fn: (payload: Payload<(S & SocketEvents)[K]>) => void,
  ): () => void;
  /** Sends a call (R7) on the current socket; Socket.IO holds it until connected. Nothing without a socket. */
  emit<K extends keyof C & string>(name: K, ...args: Parameters<C[K]>): void;
  /** Opens the socket. The handshake is built on every (re)connect: fresh credentials and the current position. */
  start(): void;
  /** Closes the socket and forgets the position: whatever starts next starts clean. */
  stop(): void;
  /** Reconnects now if the connection is down (the app is back in the foreground), instead of at the next retry. */
  reconnectNow(): void;
}

/**
 * The one realtime client of Oceras' three apps, on any platform (no DOM, no React Native, no transport import).
 * It owns what the SPEC asks of a client: the stream position and dedupe by seq (R4), the refetch when replay is
 * impossible (R5), the handshake refusals (R11), reconnecting with backoff (R12) and typing expiry (R14). The apps
 * keep only what their screens do with the events (`on`). A closure, not a class: the widget bundles it, and local
 * names minify where members do not.
 */
export function createRealtimeClient<
  S extends EventsOf<S> = Record<string, (payload: any) => void>,
  C extends EventsOf<C> = Record<string, (...args: any[]) => void>,
>(options: RealtimeClientOptions): RealtimeClient<S, C> {
  const clock = options.clock ?? systemClock;
  const cursor = options.cursor ?? new StreamCursor();
  const typing = createTypingTracker((t) => options.onTyping?.(t), clock, options.typingExpiryMs);
  const listeners = new Map<string, Set<(payload: any) => void>>();
  const bound = new Map<string, (payload: any) => void>();
  let socket: MinimalSocket | null = null;
  let state: ConnectionState = 'connecting';
  let attempt = 0;
  let retryTimer: unknown = null;
  /** The handshake in progress carried no lastSeq: what happened before must come over REST. */
  let isBlind = true;
  /** A sync.required came before session.ready: refetch once caught up. */
  let needsResync = false;
  /** The handshake in progress carries a token fresh from a refresh: another refusal ends the session. */
  let hasFreshToken = false;

  const isFinal = () => state === 'incompatible' || state === 'signed-out';
  const setState = (next: ConnectionState) => {
    if (state === next) return;
    state = next;
    options.onState?.(next);
  };
  const cancelRetry = () => {
    clock.clearTimeout(retryTimer);
    retryTimer = null;
  };

  /** A final state: the socket closes and nothing retries. */
  const end = (final: 'incompatible' | 'signed-out') => {
    cancelRetry();
    setState(final);
    socket?.disconnect();
    if (final === 'incompatible') options.onIncompatible?.();
    else options.onSignedOut?.();
  };

  /** R12: the next attempt after a delay that doubles up to a cap, with jitter. */
  const retryLater = (from: MinimalSocket) => {
    cancelRetry();
    retryTimer = clock.setTimeout(
      () => {
        retryTimer = null;
        if (from === socket && state !== 'online' && !isFinal()) from.connect();
      },
      backoffDelay(attempt++, options.backoff, options.random),
    );
  };

  const reauthenticate = async (from: MinimalSocket) => {
    if (!options.refreshToken) return end('signed-out');
    const outcome = await options.refreshToken();
    if (from !== socket || isFinal()) return;
    if (outcome === 'ended') return end('signed-out');
    if (outcome === 'failed') return retryLater(from);
    hasFreshToken = true;
    from.connect();
  };

  /** R11: one decision per refusal code. */
  const handleRefusal = (from: MinimalSocket, err: HandshakeError | undefined) => {
    const action = handshakeAction(err?.data?.code);
    if (action === 'incompatible' || action === 'sign-out')
      return end(action === 'sign-out' ? 'signed-out' : 'incompatible');
    setState('offline');
    // A token fresh from a refresh refused again: the session is not usable, whatever the refresh said.
    if (action === 'refresh') return hasFreshToken ? end('signed-out') : void reauthenticate(from);
    if (action === 'forget-position') cursor.forget();
    retryLater(from);
  };

  const handleDisconnect = (from: MinimalSocket, reason: string) => {
    typing.clear();
    if (reason === 'io client disconnect' || isFinal()) return;
    setState('offline');
    // R6: the server closed us (session revoked, or the token expired unrenewed): a refresh decides.
    if (reason === 'io server disconnect') void reauthenticate(from);
    else retryLater(from);
  };

  const receive = (from: MinimalSocket, name: string, payload: any) => {
    if (from !== socket) return;
    if (isEnvelope(payload)) {
      if (!cursor.accept(payload.seq)) return;
    } else if (name === 'session.ready') {
      // R4: caught up. The first connection (no position) and a pending sync.required load the state over REST.
      cursor.ready((payload as SessionReady).seq);
      attempt = 0;
      const isResyncing = isBlind || needsResync;
      isBlind = needsResync = false;
      setState('online');
      if (isResyncing) options.onResync();
    } else if (name === 'sync.required') {
      // R5: replay is impossible. Follow the stream from the server's head and refetch: now when caught up (a live
      // gap fill failed, no session.ready follows), else once session.ready comes.
      cursor.restart((payload as SyncRequired).seq);
      if (state === 'online') options.onResync();
      else needsResync = true;
    } else if (name === 'typing.updated') {
      if (options.onTyping && !options.ignoreTyping?.(payload)) typing.apply(payload);
    } else if (name === 'connect') hasFreshToken = false;
    else if (name === 'disconnect') handleDisconnect(from, payload);
    else if (name === 'connect_error') handleRefusal(from, payload);
    for (const fn of listeners.get(name) ?? []) fn(payload);
  };

  const bind = (to: MinimalSocket, name: string) => {
    if (bound.has(name)) return;
    const fn = (payload: unknown) => receive(to, name, payload);
    bound.set(name, fn);
    to.on(name, fn);
  };

  return {
    typing,
    get isOnline() {
      return state === 'online';
    },
    on(name, fn) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set.add(fn));
      if (socket) bind(socket, name);
      return () => set.delete(fn);
    },
    emit(name, ...args) {
      socket?.emit(name, ...args);
    },
    start() {
      if (socket) return;
      const opened = options.openSocket();
      socket = opened;
      setState('connecting');
      opened.auth = (cb: (data: object) => void) => {
        const lastSeq = cursor.lastSeq;
        isBlind = lastSeq === undefined;
        const base = { protocolVersion: PROTOCOL_VERSION, ...(isBlind ? {} : { lastSeq }) };
        void Promise.resolve()
          .then(options.credentials)
          .then(
            (credentials) => cb({ ...credentials, ...base }),
            () => cb(base),
          );
      };
      for (const name of [...CONTROL_EVENTS, ...NUMBERED_EVENTS, ...listeners.keys()]) bind(opened, name);
      opened.connect();
    },
    stop() {
      cancelRetry();
      const closing = socket;
      socket = null;
      if (closing) {
        for (const [name, fn] of bound) closing.off(name, fn);
        closing.disconnect();
      }
      bound.clear();
      typing.clear();
      cursor.forget();
      attempt = 0;
      needsResync = hasFreshToken = false;
    },
    reconnectNow() {
      if (!socket || state === 'online' || isFinal()) return;
      cancelRetry();
      attempt = 0;
      socket.connect();
    },
  };
}

/** A numbered event: `{ seq, at, data }` (R3). Signals and control messages are not envelopes. */
function isEnvelope(payload: unknown): payload is { seq: number } {
  return typeof payload === 'object' && payload !== null && 'data' in payload && 'at' in payload;
}
