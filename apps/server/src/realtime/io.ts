import type { Server as HttpServer } from 'node:http';
import { LIMITS, PROTOCOL_VERSION, type SessionReady } from '@oceras/protocol';
import { Server } from 'socket.io';
import { organizationStream, visitorStream } from '../events/event-log.js';
import { createActivityTracker } from '../modules/agents/inactivity.js';
import type { Services } from '../services.js';
import { createFanOut, emitAgentItem, emitVisitorItem } from './fan-out.js';
import { agentSocketHandlers } from './handlers/agent.js';
import { listen } from './handlers/socket-handler.js';
import { visitorSocketHandlers } from './handlers/visitor.js';
import { agentHandshake, visitorHandshake } from './handshake.js';
import { socketLimits } from './socket-limits.js';
import type { AgentSocket, VisitorSocket } from './socket-types.js';
import { SocketStream } from './stream.js';

/**
 * Socket.IO on the HTTP server: `/agent` (access token) and `/visitor` (session token), authenticated at every
 * (re)connect (handshake.ts). Each socket follows one stream through a SocketStream, fed by the bus (fan-out.ts)
 * and replayed from the events table; its calls are the handler maps of handlers/, the same commands as REST.
 */
export function attachRealtime(server: HttpServer, services: Services) {
  const io = new Server(server, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: LIMITS.bodyLimitBytes,
    cors: { origin: true, credentials: false },
  });
  const { logger } = services;
  const agentNs = io.of('/agent');
  const visitorNs = io.of('/visitor');
  const fanOut = createFanOut(services, agentNs, visitorNs);

  // Other processes learn which agents are connected and viewing here from snapshots: after each change and every
  // 5 s; the visitors connected here only every 5 s (presence.ts, `visitorIds`: a list as long as the visitors
  // online is not sent again on every agent's click or visitor's reconnection).
  let snapshotQueued = false;
  const sendPresence = () => {
    if (snapshotQueued) return;
    snapshotQueued = true;
    setImmediate(() => {
      snapshotQueued = false;
      services.bus.signal({ kind: 'presence', snapshot: services.presence.snapshot(false) });
    });
  };
  const presenceHeartbeat = setInterval(
    () => services.bus.signal({ kind: 'presence', snapshot: services.presence.snapshot() }),
    5_000,
  );
  const activity = createActivityTracker(services);
  presenceHeartbeat.unref();

  /** The stream from where the client left off, then `session.ready`; a socket that cannot replay is closed. */
  const replay = async (socket: AgentSocket | VisitorSocket, ready: (p: SessionReady) => void, where: string) => {
    try {
      const replayed = await socket.data.stream.start(socket.data.lastSeq);
      ready({ protocolVersion: PROTOCOL_VERSION, seq: socket.data.stream.last, replayed });
    } catch (err) {
      services.errors.report(err, where);
      socket.disconnect(true);
    }
  };

  agentNs.use(agentHandshake(services));
  agentNs.on('connection', async (raw) => {
    const socket = raw as AgentSocket;
    const { principal } = socket.data;
    const { agentId, organizationId } = principal;
    socket.data.viewing = null;
    socket.data.limits = socketLimits(services, principal, services.limits.addressOf(socket.request));
    socket.data.stream = new SocketStream(
      organizationStream(services.db, organizationId),
      (item) => emitAgentItem(socket, item, { urls: services.fileUrls, reader: { kind: 'agents', organizationId } }),
      (seq, reason) => socket.emit('sync.required', { seq, reason }),
    );
    fanOut.addAgent(socket);
    sendPresence();
    if (services.presence.connect(agentId)) {
      services.bus.signal({
        kind: 'agents',
        organizationId,
        event: 'presence.updated',
        payload: { agentId, isConnected: true },
      });
    }
    listen(socket, agentSocketHandlers, { services, socket, sendPresence, activity }, socket.data.limits, services);
    socket.on('error', (err) => logger.warn({ err }, 'agent socket error'));
    socket.on('disconnect', () => {
      socket.data.stream.close();
      if (socket.data.expiry) clearTimeout(socket.data.expiry);
      fanOut.removeAgent(socket);
      sendPresence();
      const viewing = socket.data.viewing;
      if (viewing) {
        services.presence.unview(viewing, agentId);
        services.bus.signal({
          kind: 'agents',
          organizationId,
          event: 'viewers.updated',
          payload: { conversationId: viewing, agentIds: services.presence.viewersOf(viewing) },
        });
      }
      if (services.presence.disconnect(agentId)) {
        services.bus.signal({
          kind: 'agents',
          organizationId,
          event: 'presence.updated',
          payload: { agentId, isConnected: false },
        });
      }
    });
    await replay(socket, (p) => socket.emit('session.ready', p), 'agent socket replay');
  });

  visitorNs.use(visitorHandshake(services));
  visitorNs.on('connection', async (raw) => {
    const socket = raw as VisitorSocket;
    const { principal } = socket.data;
    socket.data.limits = socketLimits(services, principal, services.limits.addressOf(socket.request));
    socket.data.stream = new SocketStream(
      visitorStream(services.db, principal.visitorId),
      (item) =>
        emitVisitorItem(socket, item, {
          urls: services.fileUrls,
          reader: { kind: 'visitor', visitorId: principal.visitorId },
        }),
      (seq, reason) => socket.emit('sync.required', { seq, reason }),
    );
    fanOut.addVisitor(socket);
    services.presence.connectVisitor(principal.visitorId);
    listen(socket, visitorSocketHandlers, { services, socket }, socket.data.limits, services);
    socket.on('error', (err) => logger.warn({ err }, 'visitor socket error'));
    socket.on('disconnect', () => {
      socket.data.stream.close();
      fanOut.removeVisitor(socket);
      services.presence.disconnectVisitor(principal.visitorId);
    });
    await replay(socket, (p) => socket.emit('session.ready', p), 'visitor socket replay');
  });

  return {
    io,
    async close() {
      clearInterval(presenceHeartbeat);
      // Tell the other processes at once that this one's agents and viewers are gone.
      services.bus.signal({
        kind: 'presence',
        snapshot: { processId: services.presence.processId, agentIds: [], viewers: {}, visitorIds: [] },
      });
      fanOut.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
