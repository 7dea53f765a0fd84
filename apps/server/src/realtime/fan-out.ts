import type { AgentStreamEvent, VisitorStreamEvent } from '@oceras/protocol';
import type { Namespace } from 'socket.io';
import type { AgentSignal } from '../events/bus.js';
import type { RecordedEvent } from '../events/record-event.js';
import { presentPayload } from '../modules/attachments/attachment.presenter.js';
import type { FileUrls, Reader } from '../modules/attachments/file-urls.js';
import type { Services } from '../services.js';
import type { AgentSocket, VisitorSocket } from './socket-types.js';
import type { SocketStream, StreamItem } from './stream.js';

/**
 * A stored event's envelope. The payload was made by the presenters (record-event.ts callers) and comes back from
 * the events table or the bus as JSON: this is the one place where it is taken to be the protocol's type again.
 */
const envelope = <T>(item: StreamItem, data: unknown) => ({ seq: item.seq, at: item.at, data }) as T;

/** Conversation payloads carry `version` = the event's sequence; stamped here so stored and live copies agree. */
function withVersion(type: string, seq: number, payload: unknown): unknown {
  if (type === 'conversation.created') return { ...(payload as object), version: seq };
  if (type === 'conversation.updated') {
    const p = payload as { conversation: object; changes: string[] };
    return { ...p, conversation: { ...p.conversation, version: seq } };
  }
  return payload;
}

/**
 * Who reads a stream item, for its attachments' URLs: the one place where stored payloads, live or replayed, get
 * URLs signed for their audience (attachment.presenter.ts). Every agent of an organization gets the same URL, so
 * a broadcast is still encoded once.
 */
export interface Audience {
  urls: FileUrls;
  reader: Reader;
}

/** An agent's stream item, emitted on one socket or broadcast to several (`to`). */
export function emitAgentItem(target: Pick<AgentSocket, 'emit'>, item: StreamItem, audience: Audience) {
  const e = <T>() =>
    envelope<T>(
      item,
      withVersion(item.type, item.seq, presentPayload(item.type, item.payload, audience.urls, audience.reader)),
    );
  switch (item.type as AgentStreamEvent) {
    case 'message.created':
      return target.emit('message.created', e());
    case 'attachment.ready':
      return target.emit('attachment.ready', e());
    case 'conversation.created':
      return target.emit('conversation.created', e());
    case 'conversation.updated':
      return target.emit('conversation.updated', e());
    case 'agent.updated':
      return target.emit('agent.updated', e());
    case 'agent.removed':
      return target.emit('agent.removed', e());
    case 'visitor.erased':
      return target.emit('visitor.erased', e());
    case 'event.erased':
      return target.emit('event.erased', e());
    case 'organization.updated':
      return target.emit('organization.updated', e());
    case 'contact.created':
      return target.emit('contact.created', e());
    case 'contact.updated':
      return target.emit('contact.updated', e());
  }
}
export function emitVisitorItem(target: Pick<VisitorSocket, 'emit'>, item: StreamItem, audience: Audience) {
  const e = <T>() => envelope<T>(item, presentPayload(item.type, item.payload, audience.urls, audience.reader));
  switch (item.type as VisitorStreamEvent) {
    case 'message.created':
      return target.emit('message.created', e());
    case 'attachment.ready':
      return target.emit('attachment.ready', e());
    case 'conversation.created':
      return target.emit('conversation.created', e());
    case 'conversation.updated':
      return target.emit('conversation.updated', e());
  }
}

/** A signal to an agent's socket, each event with the payload the protocol gives it. */
function emitAgentSignal(socket: AgentSocket, signal: AgentSignal) {
  switch (signal.event) {
    case 'typing.updated':
      return socket.emit(signal.event, signal.payload);
    case 'viewers.updated':
      return socket.emit(signal.event, signal.payload);
    case 'presence.updated':
      return socket.emit(signal.event, signal.payload);
    case 'conversation.read':
      return socket.emit(signal.event, signal.payload);
    case 'conversation.visitor_read':
      return socket.emit(signal.event, signal.payload);
    case 'mention.created':
      return socket.emit(signal.event, signal.payload);
    case 'list.changed':
      return socket.emit(signal.event, signal.payload);
  }
}

/**
 * The sockets of this process, by organization and by visitor, fed from the bus. One event goes to every socket
 * that expects exactly it next, encoded once for all of them as a Socket.IO broadcast; a socket that is replaying
 * or waiting on a gap gets it through its own stream instead (stream.ts).
 */
export function createFanOut(services: Services, agentNs: Namespace, visitorNs: Namespace) {
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

  const ready: string[] = [];
  const deliver = (sockets: Iterable<{ id: string; data: { stream: SocketStream } }>, item: StreamItem) => {
    ready.length = 0;
    for (const s of sockets) {
      if (s.data.stream.takeIfNext(item)) ready.push(s.id);
      else s.data.stream.offer(item);
    }
    return ready;
  };

  const unsubscribe = services.bus.subscribe({
    onEvents(events: RecordedEvent[]) {
      for (const e of events) {
        const agentSockets = agentsByOrg.get(e.organizationId);
        if (agentSockets) {
          const item = { seq: e.seq, type: e.type, at: e.at, payload: e.payload };
          const ids = deliver(agentSockets, item);
          if (ids.length > 0)
            emitAgentItem(agentNs.to(ids), item, {
              urls: services.fileUrls,
              reader: { kind: 'agents', organizationId: e.organizationId },
            });
        }
        const visitorSockets = e.visitorId && e.visitorSeq !== null ? visitorsById.get(e.visitorId) : undefined;
        if (visitorSockets && e.visitorSeq !== null) {
          const item = { seq: e.visitorSeq, type: e.type, at: e.at, payload: e.visitorPayload };
          const ids = deliver(visitorSockets, item);
          if (ids.length > 0)
            emitVisitorItem(visitorNs.to(ids), item, {
              urls: services.fileUrls,
              reader: { kind: 'visitor', visitorId: e.visitorId! },
            });
        }
      }
    },
    onSignal(signal) {
      switch (signal.kind) {
        case 'agents':
          for (const s of agentsByOrg.get(signal.organizationId) ?? [])
            if (s.data.principal.agentId !== signal.exceptAgentId) emitAgentSignal(s, signal);
          break;
        case 'agent':
          for (const s of agentsByOrg.get(signal.organizationId) ?? [])
            if (s.data.principal.agentId === signal.agentId) emitAgentSignal(s, signal);
          break;
        case 'visitor':
          for (const s of visitorsById.get(signal.visitorId) ?? []) s.emit(signal.event, signal.payload);
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
        case 'two-factor-changed':
          for (const agentId of signal.agentIds) services.principals.forgetAgent(agentId);
          if (signal.closeSockets)
            for (const s of agentsByOrg.get(signal.organizationId) ?? [])
              if (signal.agentIds.includes(s.data.principal.agentId)) s.disconnect(true);
          break;
        case 'visitor-sessions-revoked':
          services.principals.forgetVisitor(signal.visitorId);
          for (const s of visitorsById.get(signal.visitorId) ?? []) s.disconnect(true);
          break;
        case 'organization-deleted':
          services.principals.forgetOrganization(signal.organizationId);
          for (const s of agentsByOrg.get(signal.organizationId) ?? []) s.disconnect(true);
          for (const sockets of visitorsById.values())
            for (const s of sockets) if (s.data.principal.organizationId === signal.organizationId) s.disconnect(true);
          break;
        case 'presence':
          services.presence.applyRemote(signal.snapshot);
          break;
      }
    },
  });

  return {
    addAgent: (s: AgentSocket) => add(agentsByOrg, s.data.principal.organizationId, s),
    removeAgent: (s: AgentSocket) => remove(agentsByOrg, s.data.principal.organizationId, s),
    addVisitor: (s: VisitorSocket) => add(visitorsById, s.data.principal.visitorId, s),
    removeVisitor: (s: VisitorSocket) => remove(visitorsById, s.data.principal.visitorId, s),
    close: unsubscribe,
  };
}
