import type {
  AttachmentReady,
  ConversationUpdate,
  Envelope,
  TMessage,
  TVisitorConversation,
  TypingPayload,
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
} from '@oceras/protocol';
import { createRealtimeClient, type RealtimeClient, StreamCursor } from '@oceras/protocol/realtime';
import { io } from 'socket.io-client';
import { type Channel, electLeader, type LockManagerLike, openChannel } from './tab-leader.js';

/** What the chat hears from the server, whichever tab holds the socket. */
export type ServerEvent =
  | { name: 'message.created'; payload: Envelope<TMessage> }
  | { name: 'attachment.ready'; payload: Envelope<AttachmentReady> }
  | { name: 'conversation.created'; payload: Envelope<TVisitorConversation> }
  | { name: 'conversation.updated'; payload: Envelope<ConversationUpdate<TVisitorConversation>> }
  | { name: 'typing.updated'; payload: TypingPayload };

/** Between the tabs of one visitor, on a BroadcastChannel. */
type Relay =
  | { k: 'event'; event: ServerEvent }
  | { k: 'ready'; seq: number }
  | { k: 'sync'; seq: number }
  | { k: 'status'; connected: boolean }
  | { k: 'hello' }
  | { k: 'typing'; conversationId: string; isTyping: boolean }
  | { k: 'reset' };

export interface ConnectionDeps {
  /** Ends the relay channel's and the socket lock's names: the tabs that share this visitor. */
  scope: string;
  widgetKey: string;
  /** The socket lock's manager: the loader's in the host page (host-locks.ts), else the frame's own Web Locks. */
  locks?: LockManagerLike;
  sessionToken: () => string | null;
  onEvent: (event: ServerEvent) => void;
  /** `isRelayed`: a follower's word from the leader, whose state it shows as one that had connected. */
  onConnected: (isConnected: boolean, isRelayed: boolean) => void;
  /** What happened before must come over REST (SPEC R4, R5): in the leader, and in every tab on sync.required. */
  onResync: () => void;
  /** Another tab forgot this visitor (reset). */
  onReset: () => void;
}

type VisitorLive = RealtimeClient<VisitorServerToClientEvents, VisitorClientToServerEvents>;

export interface Connection {
  setTyping(conversationId: string, isTyping: boolean): void;
  /** Tells the other tabs that this visitor is forgotten. */
  broadcastReset(): void;
  close(): void;
}

/**
 * The visitor's live connection, the same to the store in every tab. One tab (the leader, tab-leader.ts) holds the
 * socket, through the shared realtime client, and relays what it hears; the others follow the relay. Every tab keeps
 * the stream position, so the next leader reconnects from it and is replayed what it missed (R4).
 */
export function openConnection(deps: ConnectionDeps): Connection {
  const cursor = new StreamCursor();
  let live: VisitorLive | null = null;
  let isConnected = false;

  const setConnected = (connected: boolean) => {
    isConnected = connected;
    deps.onConnected(connected, false);
    channel.post({ k: 'status', connected });
  };

  /** A follower keeps the leader's position as its own (the leader already dropped what was applied). */
  const onRelay = (m: Relay) => {
    if (m.k === 'event') {
      if (m.event.name !== 'typing.updated' && !cursor.accept(m.event.payload.seq)) return;
      deps.onEvent(m.event);
    } else if (m.k === 'ready') cursor.ready(m.seq);
    else if (m.k === 'sync') {
      cursor.restart(m.seq);
      deps.onResync();
    } else if (m.k === 'status' && !live) deps.onConnected(m.connected, true);
    else if (m.k === 'hello' && live) channel.post({ k: 'status', connected: isConnected });
    else if (m.k === 'typing')
      live?.emit('typing.update', { conversationId: m.conversationId, isTyping: m.isTyping }, () => {});
    else if (m.k === 'reset') deps.onReset();
  };

  /** This tab holds the socket: connect from the position known, relay everything to the other tabs. */
  const lead = () => {
    live = createRealtimeClient({
      // The shared client reconnects itself, with its backoff (SPEC R12).
      openSocket: () => io('/visitor', { path: '/socket.io', autoConnect: false, reconnection: false }),
      credentials: () => ({ sessionToken: deps.sessionToken() }),
      cursor,
      onResync: deps.onResync,
      // No onTyping: typing is tracked by the store, for the leader and the followers alike.
      onState: (state) => setConnected(state === 'online'),
    });
    const relay = (event: ServerEvent) => {
      deps.onEvent(event);
      channel.post({ k: 'event', event });
    };
    live.on('message.created', (payload) => relay({ name: 'message.created', payload }));
    live.on('attachment.ready', (payload) => relay({ name: 'attachment.ready', payload }));
    live.on('conversation.created', (payload) => relay({ name: 'conversation.created', payload }));
    live.on('conversation.updated', (payload) => relay({ name: 'conversation.updated', payload }));
    live.on('typing.updated', (payload) => relay({ name: 'typing.updated', payload }));
    live.on('session.ready', (p) => channel.post({ k: 'ready', seq: p.seq }));
    live.on('sync.required', (p) => channel.post({ k: 'sync', seq: p.seq }));
    live.start();
  };

  const channel: Channel<Relay> = openChannel<Relay>(`oceras.${deps.widgetKey}${deps.scope}`, onRelay);
  channel.post({ k: 'hello' });
  const leader = electLeader(`oceras.${deps.widgetKey}.socket${deps.scope}`, lead, deps.locks);

  return {
    setTyping(conversationId, isTyping) {
      if (live) live.emit('typing.update', { conversationId, isTyping }, () => {});
      else channel.post({ k: 'typing', conversationId, isTyping });
    },
    broadcastReset: () => channel.post({ k: 'reset' }),
    close() {
      live?.stop();
      live = null;
      leader.release();
      channel.close();
    },
  };
}
