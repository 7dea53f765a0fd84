import type { AgentServerToClientEvents, SessionReady, SyncRequired, TypingPayload } from '../events.js';
import { PROTOCOL_VERSION } from '../version.js';
import { type BackoffOptions, backoffDelay } from './backoff.js';
import { type Clock, systemClock } from './clock.js';
import { StreamCursor } from './cursor.js';
import { handshakeAction } from './handshake-policy.js';
import type { HandshakeError, MinimalSocket } from './socket.js';
import { type TypingState, TypingTracker } from './typing.js';

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
  /** Who is typing where, after every change (R9, R14). */
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
const NUMBERED_EVENTS = [
  'message.created',
  'conversation.created',
  'conversation.updated',
  'agent.updated',
  'agent.removed',
  'organization.updated',
] as const satisfies readonly (keyof AgentServerToClientEvents)[];
const CONTROL_EVENTS = ['connect', 'disconnect', 'connect_error', 'session.ready', 'sync.required', 'typing.updated'];

/**
 * The one realtime client of Oceras' three apps, on any platform (no DOM, no React Native, no transport import).
 * It owns what the SPEC asks of a client: the stream position and dedupe by seq (R4), the refetch when replay is
 * impossible (R5), the handshake refusals (R11), reconnecting with backoff (R12) and typing expiry (R14). The apps
 * keep only what their screens do with the events (`on`).
 */
export class RealtimeClient<
  S extends EventsOf<S> = Record<string, (payload: any) => void>,
  C extends EventsOf<C> = Record<string, (...args: any[]) => void>,
> {
  readonly cursor: StreamCursor;
  readonly typing: TypingTracker;
  private socket: MinimalSocket | null = null;
  private listeners = new Map<string, Set<(payload: any) => void>>();
  private bound = new Map<string, (payload: any) => void>();
  private state: ConnectionState = 'connecting';
  private attempt = 0;
  private retryTimer: unknown = null;
  /** The handshake in progress carried no lastSeq: what happened before must come over REST. */
  private isBlind = true;
  /** A sync.required came before session.ready: refetch once caught up. */
  private needsResync = false;
  /** The handshake in progress carries a token fresh from a refresh: another refusal ends the session. */
  private hasFreshToken = false;
  private readonly clock: Clock;

  constructor(private options: RealtimeClientOptions) {
    this.clock = options.clock ?? systemClock;
    this.cursor = options.cursor ?? new StreamCursor();
    this.typing = new TypingTracker((t) => options.onTyping?.(t), this.clock, options.typingExpiryMs);
  }

  get connection() {
    return this.state;
  }

  get isOnline() {
    return this.state === 'online';
  }

  /**
   * Listens to a server event. A numbered one (an envelope, R3) reaches `fn` once, in order: replayed or repeated
   * envelopes are dropped here. `session.ready` and `sync.required` reach it after the client has handled them.
   */
  on<K extends keyof (S & SocketEvents) & string>(name: K, fn: (payload: Payload<(S & SocketEvents)[K]>) => void) {
    const set = this.listeners.get(name) ?? new Set();
    this.listeners.set(name, set);
    set.add(fn);
    if (this.socket) this.bind(this.socket, name);
    return () => set.delete(fn);
  }

  /** Sends a call (R7) on the current socket; Socket.IO holds it until connected. Nothing without a socket. */
  emit<K extends keyof C & string>(name: K, ...args: Parameters<C[K]>) {
    this.socket?.emit(name, ...args);
  }

  /** Opens the socket. The handshake is built on every (re)connect: fresh credentials and the current position. */
  start() {
    if (this.socket) return;
    const socket = this.options.openSocket();
    this.socket = socket;
    this.setState('connecting');
    socket.auth = (cb: (data: object) => void) => {
      this.isBlind = this.cursor.lastSeq === undefined;
      const base = {
        protocolVersion: PROTOCOL_VERSION,
        ...(this.cursor.lastSeq !== undefined ? { lastSeq: this.cursor.lastSeq } : {}),
      };
      void Promise.resolve()
        .then(() => this.options.credentials())
        .then(
          (credentials) => cb({ ...credentials, ...base }),
          () => cb(base),
        );
    };
    for (const name of [...CONTROL_EVENTS, ...NUMBERED_EVENTS, ...this.listeners.keys()]) this.bind(socket, name);
    socket.connect();
  }

  /** Closes the socket and forgets the position: whatever starts next starts clean. */
  stop() {
    this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      for (const [name, fn] of this.bound) socket.off(name, fn);
      socket.disconnect();
    }
    this.bound.clear();
    this.typing.clear();
    this.cursor.forget();
    this.attempt = 0;
    this.needsResync = false;
    this.hasFreshToken = false;
  }

  /** Reconnects now if the connection is down (the app is back in the foreground), instead of at the next retry. */
  reconnectNow() {
    if (!this.socket || this.state === 'online' || this.isFinal()) return;
    this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.attempt = 0;
    this.socket.connect();
  }

  private bind(socket: MinimalSocket, name: string) {
    if (this.bound.has(name)) return;
    const fn = (payload: unknown) => this.receive(socket, name, payload);
    this.bound.set(name, fn);
    socket.on(name, fn);
  }

  private receive(socket: MinimalSocket, name: string, payload: unknown) {
    if (socket !== this.socket) return;
    if (isEnvelope(payload)) {
      if (!this.cursor.accept(payload.seq)) return;
    } else if (name === 'session.ready') this.handleReady(payload as SessionReady);
    else if (name === 'sync.required') this.handleSyncRequired(payload as SyncRequired);
    else if (name === 'typing.updated') {
      const p = payload as TypingPayload;
      if (!this.options.ignoreTyping?.(p)) this.typing.apply(p);
    } else if (name === 'connect') this.hasFreshToken = false;
    else if (name === 'disconnect') this.handleDisconnect(socket, payload as string);
    else if (name === 'connect_error') this.handleRefusal(socket, payload as HandshakeError | undefined);
    for (const fn of this.listeners.get(name) ?? []) fn(payload);
  }

  /** R4: caught up. The first connection (no position) and a pending sync.required load the state over REST. */
  private handleReady(p: SessionReady) {
    this.cursor.ready(p.seq);
    this.attempt = 0;
    const needsResync = this.isBlind || this.needsResync;
    this.isBlind = false;
    this.needsResync = false;
    this.setState('online');
    if (needsResync) this.options.onResync();
  }

  /**
   * R5: replay is impossible. Follow the stream from the server's head and refetch: now when caught up (a live gap
   * fill failed, no session.ready follows), else once session.ready comes.
   */
  private handleSyncRequired(p: SyncRequired) {
    this.cursor.restart(p.seq);
    if (this.state === 'online') this.options.onResync();
    else this.needsResync = true;
  }

  private handleDisconnect(socket: MinimalSocket, reason: string) {
    this.typing.clear();
    if (reason === 'io client disconnect' || this.isFinal()) return;
    this.setState('offline');
    // R6: the server closed us (session revoked, or the token expired unrenewed): a refresh decides.
    if (reason === 'io server disconnect') void this.reauthenticate(socket);
    else this.retryLater(socket);
  }

  /** R11: one decision per refusal code. */
  private handleRefusal(socket: MinimalSocket, err: HandshakeError | undefined) {
    const action = handshakeAction(err?.data?.code);
    if (action === 'incompatible') return this.end('incompatible');
    if (action === 'sign-out') return this.end('signed-out');
    this.setState('offline');
    if (action === 'refresh') {
      // A token fresh from a refresh refused again: the session is not usable, whatever the refresh said.
      if (this.hasFreshToken) return this.end('signed-out');
      return void this.reauthenticate(socket);
    }
    if (action === 'forget-position') this.cursor.forget();
    this.retryLater(socket);
  }

  private async reauthenticate(socket: MinimalSocket) {
    if (!this.options.refreshToken) return this.end('signed-out');
    const outcome = await this.options.refreshToken();
    if (socket !== this.socket || this.isFinal()) return;
    if (outcome === 'ended') return this.end('signed-out');
    if (outcome === 'failed') return this.retryLater(socket);
    this.hasFreshToken = true;
    socket.connect();
  }

  /** R12: the next attempt after a delay that doubles up to a cap, with jitter. */
  private retryLater(socket: MinimalSocket) {
    this.clock.clearTimeout(this.retryTimer);
    const delay = backoffDelay(this.attempt++, this.options.backoff, this.options.random);
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = null;
      if (socket === this.socket && this.state !== 'online' && !this.isFinal()) socket.connect();
    }, delay);
  }

  /** A final state: the socket closes and nothing retries. */
  private end(state: 'incompatible' | 'signed-out') {
    this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.setState(state);
    this.socket?.disconnect();
    if (state === 'incompatible') this.options.onIncompatible?.();
    else this.options.onSignedOut?.();
  }

  private isFinal() {
    return this.state === 'incompatible' || this.state === 'signed-out';
  }

  private setState(state: ConnectionState) {
    if (this.state === state) return;
    this.state = state;
    this.options.onState?.(state);
  }
}

/** A numbered event: `{ seq, at, data }` (R3). Signals and control messages are not envelopes. */
function isEnvelope(payload: unknown): payload is { seq: number } {
  return typeof payload === 'object' && payload !== null && 'data' in payload && 'at' in payload;
}
