import type { AgentServerToClientEvents, TypingPayload } from '@oceras/protocol';
import type { PresenceSnapshot } from '../realtime/presence.js';
import type { RecordedEvent } from './record-event.js';

/** The agents' events that are signals (not stored, not numbered), each with its payload as the protocol types it. */
export type AgentSignalEvent =
  | 'typing.updated'
  | 'viewers.updated'
  | 'presence.updated'
  | 'conversation.read'
  | 'conversation.visitor_read'
  | 'mention.created'
  | 'list.changed';
export type AgentSignal = {
  [E in AgentSignalEvent]: { event: E; payload: Parameters<AgentServerToClientEvents[E]>[0] };
}[AgentSignalEvent];
export type VisitorSignal = { event: 'typing.updated'; payload: TypingPayload };

/** Something that is not stored and not numbered: typing, viewers, presence, session ends. */
export type EphemeralSignal =
  | ({ kind: 'agents'; organizationId: string; exceptAgentId?: string } & AgentSignal)
  | ({ kind: 'agent'; organizationId: string; agentId: string } & AgentSignal)
  | ({ kind: 'visitor'; organizationId: string; visitorId: string } & VisitorSignal)
  | { kind: 'sessions-revoked'; organizationId: string; agentId: string; sessionIds: string[] | 'all' }
  | { kind: 'visitor-sessions-revoked'; organizationId: string; visitorId: string }
  /**
   * Whether these agents may pass TWO_FACTOR_REQUIRED changed (modules/two-factor): every process forgets their
   * cached principals, and closes their sockets with `closeSockets` (the organization now requires it).
   */
  | { kind: 'two-factor-changed'; organizationId: string; agentIds: string[]; closeSockets: boolean }
  /** Every session of the organization, agents' and visitors', ended with it. */
  | { kind: 'organization-deleted'; organizationId: string }
  | { kind: 'presence'; snapshot: PresenceSnapshot };

export interface BusListener {
  onEvents(events: RecordedEvent[]): void;
  onSignal(signal: EphemeralSignal): void;
}

/**
 * Carries committed events and ephemeral signals to every process's sockets. This in-process bus is the
 * single-process default; a Redis-backed one has the same shape. Order across processes is not relied upon:
 * each socket's stream re-orders by sequence and fills gaps from the events table (realtime/stream.ts).
 */
export interface EventBus {
  publish(events: RecordedEvent[]): void;
  signal(signal: EphemeralSignal): void;
  subscribe(listener: BusListener): () => void;
  close(): Promise<void>;
}

export function createLocalBus(): EventBus {
  const listeners = new Set<BusListener>();
  return {
    publish(events) {
      for (const l of listeners) l.onEvents(events);
    },
    signal(signal) {
      for (const l of listeners) l.onSignal(signal);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
    },
  };
}
