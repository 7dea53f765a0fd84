/**
 * Who is connected right now and who is looking at which conversation, counted per socket so that an agent with
 * two tabs stays connected until both close. In-process; several processes need a shared store (issue 3).
 */
export class Presence {
  private readonly connections = new Map<string, number>();
  private readonly viewers = new Map<string, Map<string, number>>();

  /** Returns true when this is the agent's first live socket. */
  connect(agentId: string): boolean {
    const n = (this.connections.get(agentId) ?? 0) + 1;
    this.connections.set(agentId, n);
    return n === 1;
  }

  /** Returns true when the agent has no live socket left. */
  disconnect(agentId: string): boolean {
    const n = (this.connections.get(agentId) ?? 1) - 1;
    if (n <= 0) this.connections.delete(agentId);
    else this.connections.set(agentId, n);
    return n <= 0;
  }

  isConnected(agentId: string): boolean {
    return this.connections.has(agentId);
  }

  connectedAgentIds(): Set<string> {
    return new Set(this.connections.keys());
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
    return [...(this.viewers.get(conversationId)?.keys() ?? [])];
  }
}
