import type { AgentClientToServerEvents, AgentServerToClientEvents } from '@oceras/protocol';
import {
  activityPinger,
  createRealtimeClient,
  type MinimalSocket,
  type RealtimeClient,
  type TypingState,
} from '@oceras/protocol/realtime';
import { io } from 'socket.io-client';
import type { SessionManager } from './session';
import { createStore } from './store';

export type AgentRealtime = RealtimeClient<AgentServerToClientEvents, AgentClientToServerEvents>;
/** Opens the /agent socket, not connected yet (tests pass a stand-in). */
export type SocketOpener = () => MinimalSocket;

/** 'connecting' before the first session.ready; 'offline' after losing it; 'online' when caught up. */
export type ConnectionState = 'connecting' | 'online' | 'offline';
export interface Connection {
  state: ConnectionState;
  wasLost: boolean;
  /** The server speaks another protocol (PROTOCOL_MISMATCH): only a reload of the page helps. */
  isOutdated?: boolean;
}

export interface RealtimeDeps {
  /** A token for every handshake, a refresh when it is refused, a sign-out when the session is over. */
  session: Pick<SessionManager, 'current' | 'accessToken' | 'refreshNow' | 'signOut'>;
  /** First connect, or a reconnect after sync.required: state must be refetched over REST. */
  onResync: () => void;
  openSocket?: SocketOpener;
}

// The shared client reconnects itself, with its backoff (SPEC R12).
const openAgentSocket: SocketOpener = () =>
  io('/agent', { path: '/socket.io', transports: ['websocket'], autoConnect: false, reconnection: false });

/**
 * The /agent socket of one signed-in session, over the shared realtime client (`@oceras/protocol/realtime`, which
 * owns seqs, replay, refusals and backoff), and what only the dashboard shows of it: the connection banner, who is
 * typing, viewing or connected. Made per session (live-sync.ts), so nothing carries over to the next agent who signs
 * in in this tab.
 */
export class Realtime {
  readonly connection = createStore<Connection>({ state: 'connecting', wasLost: false });
  readonly typing = createStore<TypingState>({});
  /** conversationId -> ids of agents viewing it. */
  readonly viewers = createStore<Record<string, string[]>>({});
  /** agentId -> whether a socket of theirs is connected. */
  readonly presence = createStore<Record<string, boolean>>({});
  readonly client: AgentRealtime;

  constructor(deps: RealtimeDeps) {
    const { session } = deps;
    this.client = createRealtimeClient<AgentServerToClientEvents, AgentClientToServerEvents>({
      openSocket: deps.openSocket ?? openAgentSocket,
      credentials: async () => ({ token: (await session.accessToken()) ?? '' }),
      onResync: deps.onResync,
      // Another tab may have rotated the pair meanwhile: adopting it is as good as refreshing.
      refreshToken: async () => {
        const outcome = await session.refreshNow();
        return outcome === 'adopted' ? 'refreshed' : outcome;
      },
      // A refresh that found the session over has signed out already.
      onSignedOut: () => {
        if (session.current) session.signOut('ended');
      },
      onState: (state) =>
        this.connection.set((c) => {
          if (state === 'incompatible') return { state: 'offline', wasLost: true, isOutdated: true };
          if (state === 'signed-out') return { ...c, state: 'offline' };
          return { state, wasLost: c.wasLost || (state === 'offline' && c.state === 'online') };
        }),
      onTyping: (typing) => this.typing.set(typing),
    });
    this.client.on('disconnect', () => this.viewers.set({}));
    this.client.on('viewers.updated', (p) => this.viewers.set((v) => ({ ...v, [p.conversationId]: p.agentIds })));
    this.client.on('presence.updated', (p) => this.presence.set((v) => ({ ...v, [p.agentId]: p.isConnected })));
  }

  /** Opens the socket; the handshake reads the current token and position on every (re)connect. */
  open() {
    this.client.start();
  }

  close() {
    this.client.stop();
    this.connection.set({ state: 'connecting', wasLost: false });
    this.typing.set({});
    this.viewers.set({});
    this.presence.set({});
  }

  /** A fresh access token for the open socket, or it is closed when the old one expires (R6). */
  renew(token: string) {
    if (this.client.isOnline) this.client.emit('session.renew', { token }, () => {});
  }

  emitView(conversationId: string | null) {
    this.client.emit('conversation.view', { conversationId }, () => {});
  }

  emitTyping(conversationId: string, isTyping: boolean, isNote: boolean) {
    this.client.emit('typing.update', { conversationId, isTyping, isNote }, () => {});
  }

  /** The person is at the dashboard (use-activity-ping.ts): `agent.active`, at most once a minute. */
  readonly noteActive = activityPinger(() => {
    if (this.client.isOnline) this.client.emit('agent.active', {}, () => {});
    return this.client.isOnline;
  });
}
