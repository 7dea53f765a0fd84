import type { Server as HttpServer } from 'node:http';
import {
  type AckError,
  type AgentClientToServerEvents,
  type AgentServerToClientEvents,
  LIMITS,
  PROTOCOL_VERSION,
  type VisitorClientToServerEvents,
  type VisitorServerToClientEvents,
  ZSocketRead,
  ZSocketRenew,
  ZSocketSendMessage,
  ZSocketTyping,
  ZSocketView,
  ZSocketVisitorSendMessage,
} from '@oceras/protocol';
import { sql } from 'drizzle-orm';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import { query } from '../db/client.js';
import { organizationStream, visitorStream } from '../events/event-log.js';
import type { RecordedEvent } from '../events/record-event.js';
import type { ErrorReply } from '../lib/error-reply.js';
import { AppError } from '../lib/errors.js';
import type { AccessClaims } from '../modules/auth/tokens.js';
import { findConversation, findVisitorConversation } from '../modules/conversations/conversation.repo.js';
import { markRead } from '../modules/conversations/mark-read.js';
import { agentSendMessage } from '../modules/messages/agent-send-message.js';
import { visitorSendMessage } from '../modules/messages/visitor-send-message.js';
import { SOCKET_TWINS } from '../plugins/rate-limits.js';
import type { AgentPrincipal, Services, VisitorPrincipal } from '../services.js';
import { type SocketLimits, socketLimits } from './socket-limits.js';
import { SocketStream, type StreamItem } from './stream.js';

type AgentSocket = Socket<AgentClientToServerEvents, AgentServerToClientEvents, Record<string, never>, AgentData>;
type VisitorSocket = Socket<
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
  Record<string, never>,
  VisitorData
>;
interface AgentData {
  principal: AgentPrincipal;
  claims: AccessClaims;
  stream: SocketStream;
  expiry: NodeJS.Timeout | null;
  viewing: string | null;
}
interface VisitorData {
  principal: VisitorPrincipal;
  stream: SocketStream;
}

const ZLastSeq = z.number().int().min(0).optional();

/** A client built for another protocol version is told so at the handshake instead of misreading events. */
function checkProtocol(auth: { protocolVersion?: unknown }) {
  if (auth.protocolVersion !== undefined && auth.protocolVersion !== PROTOCOL_VERSION) {
    throw new AppError('PROTOCOL_MISMATCH', `this server speaks protocol ${PROTOCOL_VERSION}: update the client`);
  }
}

/** Conversation payloads carry `version` = the event's sequence; stamped here so stored and live copies agree. */
function withVersion(type: string, seq: number, payload: unknown): unknown {
  if (type === 'conversation.created') return { ...(payload as object), version: seq };
  if (type === 'conversation.updated') {
    const p = payload as { conversation: object; changes: string[] };
    return { ...p, conversation: { ...p.conversation, version: seq } };
  }
  return payload;
}

/** A failure as a socket ack: the REST answer's code (SERVICE_UNAVAILABLE is called UNAVAILABLE here), no stack. */
function ackError(reply: ErrorReply): AckError {
  return {
    code: reply.code === 'SERVICE_UNAVAILABLE' ? 'UNAVAILABLE' : reply.code,
    message: reply.message,
    ...(reply.retryAfterMs !== undefined ? { retryAfterMs: reply.retryAfterMs } : {}),
    ...(reply.details ? { details: reply.details } : {}),
  };
}

/**
 * Socket.IO on the HTTP server: `/agent` (access token) and `/visitor` (session token). Authentication runs on
 * every (re)connect. Each socket follows one stream through a SocketStream; the bus feeds it. Socket calls are
 * acknowledged with { ok, data } or { ok: false, error }; a call without an ack callback is ignored.
 */
export function attachRealtime(server: HttpServer, services: Services) {
  const io = new Server(server, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: LIMITS.bodyLimitBytes,
    cors: { origin: true, credentials: false },
  });
  const { logger } = services;
  const agentsByOrg = new Map<string, Set<AgentSocket>>();
  const visitorsById = new Map<string, Set<VisitorSocket>>();
  const add = <K, S>(m: Map<K, Set<S>>, k: K, s: S) => {
    const set = m.get(k) ?? new Set<S>();
    m.set(k, set);
    set.add(s);
  };
  const remove = <K, S>(m: Map<K, Set<S>>, k: K, s: S) => {
    const set = m.get(k);
    set?.delete(s);
    if (set?.size === 0) m.delete(k);
  };

  /**
   * A socket call: counted against its limits first (`limit` answers a refusal or null), then parsed and run;
   * acknowledged with the result or the error as REST would describe it.
   */
  function ackHandler<T, R>(limit: () => Promise<AckError | null>, schema: z.ZodType<T>, fn: (input: T) => Promise<R>) {
    return async (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      try {
        const refused = await limit();
        if (refused) return ack({ ok: false, error: refused });
        ack({ ok: true, data: await fn(schema.parse(payload)) });
      } catch (err) {
        ack({ ok: false, error: ackError(services.errors.report(err, 'socket call')) });
      }
    };
  }
  /** A typing or viewing signal: past the socket's budget it is acknowledged and dropped, never refused. */
  const signalHandler =
    <T>(limits: SocketLimits, schema: z.ZodType<T>, fn: (input: T) => Promise<null>) =>
    (payload: unknown, ack: unknown) =>
      ackHandler(
        async () => null,
        schema,
        async (input: T) => (limits.signal() ? fn(input) : null),
      )(payload, ack);
  /** A refused handshake: `connect_error` with `data` = the ack error. */
  const refuse = (err: unknown, next: (err?: Error) => void) => {
    const e = ackError(services.errors.report(err, 'socket handshake'));
    next(Object.assign(new Error(e.message), { data: e }));
  };

  // Other processes learn who is connected and viewing here from snapshots: after each change and every 5 s.
  let snapshotQueued = false;
  const sendPresence = () => {
    if (snapshotQueued) return;
    snapshotQueued = true;
    setImmediate(() => {
      snapshotQueued = false;
      services.bus.signal({ kind: 'presence', snapshot: services.presence.snapshot() });
    });
  };
  const presenceHeartbeat = setInterval(sendPresence, 5_000);
  presenceHeartbeat.unref();

  const agentNs = io.of('/agent');
  agentNs.use(async (socket, next) => {
    try {
      const auth = (socket.handshake.auth ?? {}) as { token?: unknown; lastSeq?: unknown; protocolVersion?: unknown };
      checkProtocol(auth);
      if (typeof auth.token !== 'string') throw new AppError('UNAUTHENTICATED', 'auth.token is required');
      const claims = await services.tokens.verifyAccess(auth.token);
      const principal = await services.principals.agent(claims);
      const lastSeq = ZLastSeq.parse(auth.lastSeq ?? undefined);
      (socket.data as Partial<AgentData>).principal = principal;
      (socket.data as Partial<AgentData>).claims = claims;
      (socket.data as { lastSeq?: number }).lastSeq = lastSeq;
      (socket.data as Partial<AgentData>).expiry = setTimeout(
        () => socket.disconnect(true),
        claims.expiresAt.getTime() - Date.now(),
      );
      next();
    } catch (err) {
      refuse(err, next);
    }
  });

  agentNs.on('connection', async (raw) => {
    const socket = raw as unknown as AgentSocket;
    const { principal } = socket.data;
    const orgId = principal.organizationId;
    socket.data.viewing = null;
    socket.data.stream = new SocketStream(
      organizationStream(services.db, orgId),
      (item) =>
        socket.emit(
          item.type as 'message.created',
          { seq: item.seq, at: item.at, data: withVersion(item.type, item.seq, item.payload) } as never,
        ),
      (seq, reason) => socket.emit('sync.required', { seq, reason }),
    );
    add(agentsByOrg, orgId, socket);
    sendPresence();
    if (services.presence.connect(principal.agentId)) {
      services.bus.signal({
        kind: 'agents',
        organizationId: orgId,
        event: 'presence.updated',
        payload: { agentId: principal.agentId, isConnected: true },
      });
    }

    // Role and session are read again for every write (cached a few seconds), not frozen at connect time.
    const current = () => services.principals.agent(socket.data.claims);
    const limits = socketLimits(services, principal, services.limits.addressOf(socket.request));
    const twin = (event: keyof typeof SOCKET_TWINS.agent) => () => limits.check(SOCKET_TWINS.agent[event]);
    socket.on(
      'message.send',
      ackHandler(twin('message.send'), ZSocketSendMessage, async (p) =>
        agentSendMessage(services, await current(), p.conversationId, p),
      ),
    );
    socket.on(
      'conversation.read',
      ackHandler(twin('conversation.read'), ZSocketRead, async (p) =>
        markRead(services, await current(), p.conversationId, p.seq),
      ),
    );
    socket.on(
      'typing.update',
      signalHandler(limits, ZSocketTyping, async (p) => {
        const conv = await findConversation(services.db, orgId, p.conversationId);
        const me = await services.db.query.agents.findFirst({ where: (a, { eq }) => eq(a.id, principal.agentId) });
        const payload = {
          conversationId: conv.id,
          actor: { type: 'agent' as const, id: principal.agentId, name: me?.name ?? null },
          isTyping: p.isTyping,
          isNote: p.isNote,
        };
        services.bus.signal({
          kind: 'agents',
          organizationId: orgId,
          event: 'typing.updated',
          payload,
          exceptAgentId: principal.agentId,
        });
        if (!p.isNote)
          services.bus.signal({
            kind: 'visitor',
            organizationId: orgId,
            visitorId: conv.visitorId,
            event: 'typing.updated',
            payload: { ...payload, actor: { type: 'agent', id: null, name: me?.name ?? null } },
          });
        return null;
      }),
    );
    socket.on(
      'conversation.view',
      signalHandler(limits, ZSocketView, async (p) => {
        if (p.conversationId) await findConversation(services.db, orgId, p.conversationId);
        const before = socket.data.viewing;
        if (before === p.conversationId) return null;
        if (before) {
          services.presence.unview(before, principal.agentId);
          services.bus.signal({
            kind: 'agents',
            organizationId: orgId,
            event: 'viewers.updated',
            payload: { conversationId: before, agentIds: services.presence.viewersOf(before) },
          });
        }
        socket.data.viewing = p.conversationId;
        sendPresence();
        if (p.conversationId) {
          services.presence.view(p.conversationId, principal.agentId);
          services.bus.signal({
            kind: 'agents',
            organizationId: orgId,
            event: 'viewers.updated',
            payload: { conversationId: p.conversationId, agentIds: services.presence.viewersOf(p.conversationId) },
          });
        }
        return null;
      }),
    );
    socket.on(
      'session.renew',
      ackHandler(twin('session.renew'), ZSocketRenew, async (p) => {
        const claims = await services.tokens.verifyAccess(p.token);
        if (claims.sessionId !== principal.sessionId) throw new AppError('FORBIDDEN', 'a socket keeps its session');
        await services.principals.agent(claims);
        socket.data.claims = claims;
        if (socket.data.expiry) clearTimeout(socket.data.expiry);
        socket.data.expiry = setTimeout(() => socket.disconnect(true), claims.expiresAt.getTime() - Date.now());
        return { expiresAt: claims.expiresAt.toISOString() };
      }),
    );
    socket.on('error', (err) => logger.warn({ err }, 'agent socket error'));
    socket.on('disconnect', () => {
      socket.data.stream.close();
      if (socket.data.expiry) clearTimeout(socket.data.expiry);
      remove(agentsByOrg, orgId, socket);
      sendPresence();
      const viewing = socket.data.viewing;
      if (viewing) {
        services.presence.unview(viewing, principal.agentId);
        services.bus.signal({
          kind: 'agents',
          organizationId: orgId,
          event: 'viewers.updated',
          payload: { conversationId: viewing, agentIds: services.presence.viewersOf(viewing) },
        });
      }
      if (services.presence.disconnect(principal.agentId)) {
        services.bus.signal({
          kind: 'agents',
          organizationId: orgId,
          event: 'presence.updated',
          payload: { agentId: principal.agentId, isConnected: false },
        });
      }
    });

    try {
      const replayed = await socket.data.stream.start((socket.data as { lastSeq?: number }).lastSeq);
      socket.emit('session.ready', { protocolVersion: PROTOCOL_VERSION, seq: socket.data.stream.last, replayed });
    } catch (err) {
      services.errors.report(err, 'agent socket replay');
      socket.disconnect(true);
    }
  });

  const visitorNs = io.of('/visitor');
  visitorNs.use(async (socket, next) => {
    try {
      const auth = (socket.handshake.auth ?? {}) as {
        sessionToken?: unknown;
        lastSeq?: unknown;
        protocolVersion?: unknown;
      };
      checkProtocol(auth);
      if (typeof auth.sessionToken !== 'string') throw new AppError('UNAUTHENTICATED', 'auth.sessionToken is required');
      (socket.data as Partial<VisitorData>).principal = await services.principals.visitor(auth.sessionToken);
      (socket.data as { lastSeq?: number }).lastSeq = ZLastSeq.parse(auth.lastSeq ?? undefined);
      next();
    } catch (err) {
      refuse(err, next);
    }
  });

  visitorNs.on('connection', async (raw) => {
    const socket = raw as unknown as VisitorSocket;
    const { principal } = socket.data;
    const { visitorId, organizationId: orgId } = principal;
    socket.data.stream = new SocketStream(
      visitorStream(services.db, visitorId),
      (item) =>
        socket.emit(item.type as 'message.created', { seq: item.seq, at: item.at, data: item.payload } as never),
      (seq, reason) => socket.emit('sync.required', { seq, reason }),
    );
    add(visitorsById, visitorId, socket);
    const limits = socketLimits(services, principal, services.limits.addressOf(socket.request));
    const twin = (event: keyof typeof SOCKET_TWINS.visitor) => () => limits.check(SOCKET_TWINS.visitor[event]);
    socket.on(
      'message.send',
      ackHandler(twin('message.send'), ZSocketVisitorSendMessage, (p) =>
        visitorSendMessage(services, principal, p.conversationId, p),
      ),
    );
    socket.on(
      'typing.update',
      signalHandler(limits, ZSocketTyping.omit({ isNote: true }), async (p) => {
        const conv = await findVisitorConversation(services.db, orgId, visitorId, p.conversationId);
        services.bus.signal({
          kind: 'agents',
          organizationId: orgId,
          event: 'typing.updated',
          payload: {
            conversationId: conv.id,
            actor: { type: 'visitor', id: visitorId, name: null },
            isTyping: p.isTyping,
            isNote: false,
          },
        });
        return null;
      }),
    );
    socket.on(
      'conversation.read',
      ackHandler(twin('conversation.read'), ZSocketRead, async (p) => {
        const conv = await findVisitorConversation(services.db, orgId, visitorId, p.conversationId);
        const seq = Math.min(p.seq, conv.lastMessageSeq);
        await query(
          services.db,
          sql`update conversations set visitor_last_read_seq = greatest(visitor_last_read_seq, ${seq}) where id = ${conv.id} and organization_id = ${orgId}`,
        );
        services.bus.signal({
          kind: 'agents',
          organizationId: orgId,
          event: 'conversation.visitor_read',
          payload: { conversationId: conv.id, seq },
        });
        return { seq };
      }),
    );
    socket.on('error', (err) => logger.warn({ err }, 'visitor socket error'));
    socket.on('disconnect', () => {
      socket.data.stream.close();
      remove(visitorsById, visitorId, socket);
    });
    try {
      const replayed = await socket.data.stream.start((socket.data as { lastSeq?: number }).lastSeq);
      socket.emit('session.ready', { protocolVersion: PROTOCOL_VERSION, seq: socket.data.stream.last, replayed });
    } catch (err) {
      services.errors.report(err, 'visitor socket replay');
      socket.disconnect(true);
    }
  });

  // One event goes to every socket of the organization (and of the visitor) that expects exactly it next,
  // encoded once for all of them as a Socket.IO broadcast; a socket that is replaying or waiting on a gap gets
  // it through its own stream instead.
  const ready: string[] = [];
  const deliver = (
    sockets: Iterable<{ id: string; data: { stream: SocketStream } }>,
    item: StreamItem,
    broadcast: (ids: string[]) => void,
  ) => {
    ready.length = 0;
    for (const s of sockets) {
      if (s.data.stream.takeIfNext(item)) ready.push(s.id);
      else s.data.stream.offer(item);
    }
    if (ready.length > 0) broadcast(ready);
  };
  const unsubscribe = services.bus.subscribe({
    onEvents(events: RecordedEvent[]) {
      for (const e of events) {
        const agentSockets = agentsByOrg.get(e.organizationId);
        if (agentSockets) {
          deliver(agentSockets, { seq: e.seq, type: e.type, at: e.at, payload: e.payload }, (ids) =>
            agentNs
              .to(ids)
              .emit(
                e.type as 'message.created',
                { seq: e.seq, at: e.at, data: withVersion(e.type, e.seq, e.payload) } as never,
              ),
          );
        }
        const visitorSockets = e.visitorId && e.visitorSeq !== null ? visitorsById.get(e.visitorId) : undefined;
        if (visitorSockets && e.visitorSeq !== null) {
          const seq = e.visitorSeq;
          deliver(visitorSockets, { seq, type: e.type, at: e.at, payload: e.visitorPayload }, (ids) =>
            visitorNs.to(ids).emit(e.type as 'message.created', { seq, at: e.at, data: e.visitorPayload } as never),
          );
        }
      }
    },
    onSignal(signal) {
      switch (signal.kind) {
        case 'agents':
          for (const s of agentsByOrg.get(signal.organizationId) ?? []) {
            if (s.data.principal.agentId !== signal.exceptAgentId)
              s.emit(signal.event as 'presence.updated', signal.payload as never);
          }
          break;
        case 'agent':
          for (const s of agentsByOrg.get(signal.organizationId) ?? []) {
            if (s.data.principal.agentId === signal.agentId)
              s.emit(signal.event as 'conversation.read', signal.payload as never);
          }
          break;
        case 'visitor':
          for (const s of visitorsById.get(signal.visitorId) ?? [])
            s.emit(signal.event as 'typing.updated', signal.payload as never);
          break;
        case 'sessions-revoked':
          services.principals.forgetAgent(signal.agentId, signal.sessionIds);
          for (const s of agentsByOrg.get(signal.organizationId) ?? []) {
            const p = s.data.principal;
            if (
              p.agentId === signal.agentId &&
              (signal.sessionIds === 'all' || signal.sessionIds.includes(p.sessionId))
            )
              s.disconnect(true);
          }
          break;
        case 'visitor-sessions-revoked':
          services.principals.forgetVisitor(signal.visitorId);
          for (const s of visitorsById.get(signal.visitorId) ?? []) s.disconnect(true);
          break;
        case 'presence':
          services.presence.applyRemote(signal.snapshot);
          break;
      }
    },
  });

  return {
    io,
    async close() {
      clearInterval(presenceHeartbeat);
      // Tell the other processes at once that this one's agents and viewers are gone.
      services.bus.signal({
        kind: 'presence',
        snapshot: { processId: services.presence.processId, agentIds: [], viewers: {} },
      });
      unsubscribe();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
