import {
  type AgentClientToServerEvents,
  type AgentServerToClientEvents,
  PROTOCOL_VERSION,
  type TypingPayload,
} from '@oceras/protocol';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { SessionManager } from './session';
import { createStore } from './store';

export type AgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;
/** Opens the /agent socket with these options (tests pass a stand-in). */
export type SocketOpener = (options: Partial<ManagerOptions & SocketOptions>) => AgentSocket;

/** 'connecting' before the first session.ready; 'offline' after losing it; 'online' when caught up. */
export type ConnectionState = 'connecting' | 'online' | 'offline';
export interface Connection {
  state: ConnectionState;
  wasLost: boolean;
  isOutdated?: boolean;
}

export interface RealtimeDeps {
  /** A token for every handshake, a refresh when the server closes us, a sign-out when it refuses us. */
  session: Pick<SessionManager, 'accessToken' | 'refreshNow' | 'signOut'>;
  /** First connect, or a reconnect after sync.required: state must be refetched over REST. */
  onResync: () => void;
  /** Registers the numbered-event listeners on the socket. */
  bind: (s: AgentSocket) => void;
  openSocket?: SocketOpener;
}

const openAgentSocket: SocketOpener = (options) => io('/agent', options);

/**
 * The /agent socket of one signed-in session and what only it knows: the connection state, who is typing, viewing
 * or connected, and the highest envelope seq applied. Made per session (live-sync.ts), so nothing carries over to
 * the next agent who signs in in this tab.
 */
export class Realtime {
  readonly connection = createStore<Connection>({ state: 'connecting', wasLost: false });
  /** conversationId -> who is typing there (agents by id, the visitor as 'visitor'). */
  readonly typing = createStore<Record<string, Record<string, TypingPayload>>>({});
  /** conversationId -> ids of agents viewing it. */
  readonly viewers = createStore<Record<string, string[]>>({});
  /** agentId -> whether a socket of theirs is connected. */
  readonly presence = createStore<Record<string, boolean>>({});

  private socket: AgentSocket | null = null;
  /** The highest envelope seq applied: sent as lastSeq so a reconnect replays exactly what was missed (R4). */
  private lastSeq: number | undefined;
  private typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private deps: RealtimeDeps) {}

  /** Record an applied envelope; the caller applies it only when this returns true (dedupe after replay). */
  acceptSeq(seq: number) {
    if (this.lastSeq !== undefined && seq <= this.lastSeq) return false;
    this.lastSeq = seq;
    return true;
  }

  /** Opens the socket; the handshake reads the current token and lastSeq on every (re)connect. */
  open() {
    this.close();
    this.lastSeq = undefined;
    const { session, onResync } = this.deps;
    const s = (this.deps.openSocket ?? openAgentSocket)({
      path: '/socket.io',
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      auth: (cb) => {
        void session.accessToken().then((token) =>
          cb({
            token: token ?? '',
            protocolVersion: PROTOCOL_VERSION,
            ...(this.lastSeq !== undefined ? { lastSeq: this.lastSeq } : {}),
          }),
        );
      },
    });
    this.socket = s;
    let needsResync = true;
    const reconnectIfAlive = () =>
      void session.refreshNow().then((o) => {
        if (o === 'refreshed' || o === 'adopted') s.connect();
      });

    s.on('session.ready', (p) => {
      if (this.lastSeq === undefined || p.seq > this.lastSeq) this.lastSeq = p.seq;
      if (needsResync) onResync();
      needsResync = false;
      this.connection.set((c) => ({ state: 'online', wasLost: c.wasLost }));
    });
    s.on('sync.required', (p) => {
      this.lastSeq = p.seq;
      needsResync = true;
      // Live gap fill failed (no session.ready follows): refetch now.
      if (s.connected && this.connection.get().state === 'online') {
        onResync();
        needsResync = false;
      }
    });
    s.on('disconnect', (reason) => {
      this.connection.set({ state: 'offline', wasLost: true });
      this.typing.set({});
      this.viewers.set({});
      // The server closed us (revoked or expired): refresh decides; a live session reconnects.
      if (reason === 'io server disconnect') reconnectIfAlive();
    });
    let refusals = 0;
    s.on('connect', () => {
      refusals = 0;
    });
    s.on('connect_error', (err) => {
      const code = (err as { data?: { code?: string } }).data?.code;
      this.connection.set({ state: 'offline', wasLost: this.connection.get().wasLost || this.lastSeq !== undefined });
      if (code === 'SESSION_REVOKED' || code === 'UNAUTHENTICATED') return session.signOut('ended');
      // A newer server: the page must be reloaded, retrying cannot help.
      if (code === 'PROTOCOL_MISMATCH')
        return this.connection.set({ state: 'offline', wasLost: true, isOutdated: true });
      if (code === 'TOKEN_EXPIRED') return reconnectIfAlive();
      if (code === 'VALIDATION_FAILED') this.lastSeq = undefined;
      // A refusal by the server's middleware is final for Socket.IO (no automatic retry): retry ourselves, backing off.
      if (!s.active) {
        const delay = Math.min(10_000, 500 * 2 ** refusals++);
        this.retryTimer = setTimeout(() => {
          if (this.socket === s && !s.connected) s.connect();
        }, delay);
      }
    });

    s.on('typing.updated', (p) => this.setTyping(p));
    s.on('viewers.updated', (p) => this.viewers.set((v) => ({ ...v, [p.conversationId]: p.agentIds })));
    s.on('presence.updated', (p) => this.presence.set((v) => ({ ...v, [p.agentId]: p.isConnected })));
    this.deps.bind(s);
  }

  close() {
    clearTimeout(this.retryTimer);
    for (const t of this.typingTimers.values()) clearTimeout(t);
    this.typingTimers.clear();
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.connection.set({ state: 'connecting', wasLost: false });
  }

  /** A fresh access token for the open socket, or it is closed when the old one expires (R6). */
  renew(token: string) {
    if (this.socket?.connected) this.socket.emit('session.renew', { token }, () => {});
  }

  emitView(conversationId: string | null) {
    this.socket?.emit('conversation.view', { conversationId }, () => {});
  }

  emitTyping(conversationId: string, isTyping: boolean, isNote: boolean) {
    this.socket?.emit('typing.update', { conversationId, isTyping, isNote }, () => {});
  }

  private setTyping(p: TypingPayload) {
    const who = p.actor.type === 'visitor' ? 'visitor' : (p.actor.id ?? 'agent');
    const key = `${p.conversationId}:${who}`;
    clearTimeout(this.typingTimers.get(key));
    const set = (isOn: boolean) =>
      this.typing.set((t) => {
        const here = { ...(t[p.conversationId] ?? {}) };
        if (isOn) here[who] = p;
        else delete here[who];
        return { ...t, [p.conversationId]: here };
      });
    set(p.isTyping);
    // A typist who vanishes without saying "stopped" is forgotten after a while.
    if (p.isTyping)
      this.typingTimers.set(
        key,
        setTimeout(() => set(false), 8_000),
      );
  }
}
