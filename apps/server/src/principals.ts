/** Who is calling: an agent's session or a website visitor, as authentication resolved them. */
export interface AgentPrincipal {
  kind: 'agent';
  agentId: string;
  organizationId: string;
  role: 'admin' | 'manager' | 'agent';
  sessionId: string;
  /**
   * The organization requires two-factor sign-in and this agent has none: only routes marked `beforeTwoFactor` answer
   * (TWO_FACTOR_REQUIRED otherwise) and the agent socket refuses them.
   */
  needsTwoFactor: boolean;
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
