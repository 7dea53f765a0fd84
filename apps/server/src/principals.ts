import type { TApiScope } from '@oceras/protocol';

/**
 * Who is calling: an agent's session, an API token, or a website visitor, as authentication resolved them. An API
 * token is an agent principal (its creator, with the creator's current role) narrowed by `apiToken.scopes`
 * (plugins/routes.ts checks them against the route table); its `sessionId` is the token's id, so per-caller rate
 * limits count per token and revoking it ends its sockets as ending a session does.
 */
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
  apiToken?: { id: string; kind: 'organization' | 'personal'; scopes: readonly TApiScope[]; expiresAt: Date | null };
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
