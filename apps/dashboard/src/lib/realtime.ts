import {
  type AgentClientToServerEvents,
  type AgentServerToClientEvents,
  PROTOCOL_VERSION,
  type TypingPayload,
} from '@oceras/protocol';
import { io, type Socket } from 'socket.io-client';
import { session } from './api';
import { createStore } from './store';

export type AgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

/** 'connecting' before the first session.ready; 'offline' after losing it; 'online' when caught up. */
export type ConnectionState = 'connecting' | 'online' | 'offline';
export const connection = createStore<{ state: ConnectionState; wasLost: boolean; isOutdated?: boolean }>({
  state: 'connecting',
  wasLost: false,
});
/** conversationId -> who is typing there (agents by id, the visitor as 'visitor'). */
export const typing = createStore<Record<string, Record<string, TypingPayload>>>({});
/** conversationId -> ids of agents viewing it. */
export const viewers = createStore<Record<string, string[]>>({});
/** agentId -> whether a socket of theirs is connected. */
export const presence = createStore<Record<string, boolean>>({});

let socket: AgentSocket | null = null;
/** The highest envelope seq applied: sent as lastSeq so a reconnect replays exactly what was missed (R4). */
let lastSeq: number | undefined;
const typingTimers = new Map<string, ReturnType<typeof setTimeout>>();

export function getSocket() {
  return socket;
}

/** Record an applied envelope; the caller applies it only when this returns true (dedupe after replay). */
export function acceptSeq(seq: number) {
  if (lastSeq !== undefined && seq <= lastSeq) return false;
  lastSeq = seq;
  return true;
}

export interface RealtimeHandlers {
  /** First connect, or a reconnect after sync.required: state must be refetched over REST. */
  onResync: () => void;
  /** Registers the numbered-event listeners on the socket. */
  bind: (s: AgentSocket) => void;
}

/** Opens the /agent socket; the handshake reads the current token and lastSeq on every (re)connect. */
export function connectRealtime(handlers: RealtimeHandlers) {
  disconnectRealtime();
  lastSeq = undefined;
  const s: AgentSocket = io('/agent', {
    path: '/socket.io',
    transports: ['websocket'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
    auth: (cb) => {
      void session
        .accessToken()
        .then((token) =>
          cb({ token: token ?? '', protocolVersion: PROTOCOL_VERSION, ...(lastSeq !== undefined ? { lastSeq } : {}) }),
        );
    },
  });
  socket = s;
  let needsResync = true;

  s.on('session.ready', (p) => {
    if (lastSeq === undefined || p.seq > lastSeq) lastSeq = p.seq;
    if (needsResync) handlers.onResync();
    needsResync = false;
    connection.set((c) => ({ state: 'online', wasLost: c.wasLost }));
  });
  s.on('sync.required', (p) => {
    lastSeq = p.seq;
    needsResync = true;
    // Live gap fill failed (no session.ready follows): refetch now.
    if (s.connected && connection.get().state === 'online') {
      handlers.onResync();
      needsResync = false;
    }
  });
  s.on('disconnect', (reason) => {
    connection.set({ state: 'offline', wasLost: true });
    typing.set({});
    viewers.set({});
    if (reason === 'io server disconnect') {
      // The server closed us (revoked or expired): refresh decides; a live session reconnects.
      void session.refreshNow().then((o) => {
        if (o === 'refreshed' || o === 'adopted') s.connect();
      });
    }
  });
  let refusals = 0;
  s.on('connect', () => {
    refusals = 0;
  });
  s.on('connect_error', (err) => {
    const code = (err as { data?: { code?: string } }).data?.code;
    connection.set({ state: 'offline', wasLost: connection.get().wasLost || lastSeq !== undefined });
    if (code === 'SESSION_REVOKED' || code === 'UNAUTHENTICATED') return session.signOut('ended');
    // A newer server: the page must be reloaded, retrying cannot help.
    if (code === 'PROTOCOL_MISMATCH') return connection.set({ state: 'offline', wasLost: true, isOutdated: true });
    if (code === 'TOKEN_EXPIRED') {
      void session.refreshNow().then((o) => {
        if (o === 'refreshed' || o === 'adopted') s.connect();
      });
      return;
    }
    if (code === 'VALIDATION_FAILED') lastSeq = undefined;
    // A refusal by the server's middleware is final for Socket.IO (no automatic retry): retry ourselves, backing off.
    if (!s.active) {
      const delay = Math.min(10_000, 500 * 2 ** refusals++);
      setTimeout(() => {
        if (socket === s && !s.connected) s.connect();
      }, delay);
    }
  });

  s.on('typing.updated', (p) => {
    const who = p.actor.type === 'visitor' ? 'visitor' : (p.actor.id ?? 'agent');
    const key = `${p.conversationId}:${who}`;
    clearTimeout(typingTimers.get(key));
    const setTyping = (on: boolean) =>
      typing.set((t) => {
        const here = { ...(t[p.conversationId] ?? {}) };
        if (on) here[who] = p;
        else delete here[who];
        return { ...t, [p.conversationId]: here };
      });
    setTyping(p.isTyping);
    // A typist who vanishes without saying "stopped" is forgotten after a while.
    if (p.isTyping)
      typingTimers.set(
        key,
        setTimeout(() => setTyping(false), 8_000),
      );
  });
  s.on('viewers.updated', (p) => viewers.set((v) => ({ ...v, [p.conversationId]: p.agentIds })));
  s.on('presence.updated', (p) => presence.set((v) => ({ ...v, [p.agentId]: p.isConnected })));
  handlers.bind(s);
  return s;
}

export function disconnectRealtime() {
  socket?.removeAllListeners();
  socket?.disconnect();
  socket = null;
  connection.set({ state: 'connecting', wasLost: false });
}

/** A fresh access token for the open socket, or it is closed when the old one expires (R6). */
export function renewSocket(token: string) {
  if (socket?.connected) socket.emit('session.renew', { token }, () => {});
}

export function emitView(conversationId: string | null) {
  socket?.emit('conversation.view', { conversationId }, () => {});
}

export function emitTyping(conversationId: string, isTyping: boolean, isNote: boolean) {
  socket?.emit('typing.update', { conversationId, isTyping, isNote }, () => {});
}

export function emitRead(conversationId: string, seq: number) {
  socket?.emit('conversation.read', { conversationId, seq }, () => {});
}
