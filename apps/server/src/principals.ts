/** Who is calling: an agent's session or a website visitor, as authentication resolved them. */
export interface AgentPrincipal {
  kind: 'agent';
  agentId: string;
  organizationId: string;
  role: 'admin' | 'manager' | 'agent';
  sessionId: string;
}

export interface VisitorPrincipal {
  kind: 'visitor';
  visitorId: string;
  organizationId: string;
}

export interface RequestMeta {
  ip: string;
  userAgent: string | null;
}
