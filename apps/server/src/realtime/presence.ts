import { randomUUID } from 'node:crypto';

/** What one process tells the others about its sockets, every few seconds and after each change. */
export interface PresenceSnapshot {
  processId: string;
  agentIds: string[];
  /** conversationId → agents looking at it on that process. */
  viewers: Record<string, string[]>;
  /**
   * Visitors with an open widget socket on that process: whether a visitor has left decides if a rating is asked
   * by email (modules/satisfaction/rating-email.ts). Only in the 5-second heartbeat's snapshots, not in those an
   * agent's change sends at once: the list grows with every visitor online, and agents' changes are frequent.
   * Absent: the receiver keeps what the last heartbeat said (a process of the previous version never sends it).
   */
  visitorIds?: string[];
}

/** A process that stopped sending snapshots (crashed, cut off) is forgotten after this long. */
export const PRESENCE_TTL_MS = 15_000;

/**
 * Who is connected right now and who is looking at which conversation, counted per socket so that an agent with
 * two tabs stays connected until both close. Each process counts its own sockets and keeps the latest snapshot
 * of every other process (sent over the bus), so reads stay synchronous and a crashed process's agents fade out
 * after PRESENCE_TTL_MS.
 */
export class Presence {
  private readonly connections = new Map<string, number>();
  private readonly visitorConnections = new Map<string, number>();
  private readonly viewers = new Map<string, Map<string, number>>();
  private readonly remote = new Map<
    string,
    { agentIds: Set<string>; visitorIds: Set<string>; viewers: Map<string, string[]>; at: number }
  >();

  constructor(readonly processId: string = randomUUID()) {}

  /** Returns true when the agent was connected nowhere before this socket. */
  connect(agentId: string): boolean {
    const n = (this.connections.get(agentId) ?? 0) + 1;
    this.connections.set(agentId, n);
    return n === 1 && !this.isConnectedElsewhere(agentId);
  }

  /** Returns true when the agent has no live socket left anywhere. */
  disconnect(agentId: string): boolean {
    const n = (this.connections.get(agentId) ?? 1) - 1;
    if (n <= 0) this.connections.delete(agentId);
    else this.connections.set(agentId, n);
    return n <= 0 && !this.isConnectedElsewhere(agentId);
  }

  isConnected(agentId: string): boolean {
    return this.connections.has(agentId) || this.isConnectedElsewhere(agentId);
  }

  /** A visitor's widget socket opened here. */
  connectVisitor(visitorId: string) {
    this.visitorConnections.set(visitorId, (this.visitorConnections.get(visitorId) ?? 0) + 1);
  }

  disconnectVisitor(visitorId: string) {
    const n = (this.visitorConnections.get(visitorId) ?? 1) - 1;
    if (n <= 0) this.visitorConnections.delete(visitorId);
    else this.visitorConnections.set(visitorId, n);
  }

  /** Whether the visitor has a widget socket open on any live process. */
  isVisitorConnected(visitorId: string): boolean {
    if (this.visitorConnections.has(visitorId)) return true;
    for (const r of this.live()) if (r.visitorIds.has(visitorId)) return true;
    return false;
  }

  view(conversationId: string, agentId: string) {
    const m = this.viewers.get(conversationId) ?? new Map<string, number>();
    this.viewers.set(conversationId, m);
    m.set(agentId, (m.get(agentId) ?? 0) + 1);
  }

  unview(conversationId: string, agentId: string) {
    const m = this.viewers.get(conversationId);
    if (!m) return;
    const n = (m.get(agentId) ?? 1) - 1;
    if (n <= 0) m.delete(agentId);
    else m.set(agentId, n);
    if (m.size === 0) this.viewers.delete(conversationId);
  }

  viewersOf(conversationId: string): string[] {
    const all = new Set(this.viewers.get(conversationId)?.keys() ?? []);
    for (const r of this.live()) for (const id of r.viewers.get(conversationId) ?? []) all.add(id);
    return [...all];
  }

  /** What this process holds; with its visitors for the heartbeat (see `visitorIds`). */
  snapshot(withVisitors = true): PresenceSnapshot {
    const viewers: Record<string, string[]> = {};
    for (const [conversationId, m] of this.viewers) viewers[conversationId] = [...m.keys()];
    return {
      processId: this.processId,
      agentIds: [...this.connections.keys()],
      viewers,
      ...(withVisitors && { visitorIds: [...this.visitorConnections.keys()] }),
    };
  }

  /** Another process's snapshot; an empty one is what a process sends as it shuts down. */
  applyRemote(s: PresenceSnapshot, now = Date.now()) {
    if (s.processId === this.processId) return;
    const visitorIds = s.visitorIds ? new Set(s.visitorIds) : (this.remote.get(s.processId)?.visitorIds ?? new Set());
    if (s.agentIds.length === 0 && Object.keys(s.viewers).length === 0 && visitorIds.size === 0) {
      this.remote.delete(s.processId);
      return;
    }
    this.remote.set(s.processId, {
      agentIds: new Set(s.agentIds),
      visitorIds,
      viewers: new Map(Object.entries(s.viewers)),
      at: now,
    });
  }

  private *live() {
    const now = Date.now();
    for (const [id, r] of this.remote) {
      if (now - r.at > PRESENCE_TTL_MS) this.remote.delete(id);
      else yield r;
    }
  }

  private isConnectedElsewhere(agentId: string): boolean {
    for (const r of this.live()) if (r.agentIds.has(agentId)) return true;
    return false;
  }
}
