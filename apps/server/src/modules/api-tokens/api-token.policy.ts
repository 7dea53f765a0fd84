import type { TApiTokenKind } from '@oceras/protocol';
import type { AgentPrincipal } from '../../principals.js';

/** Any agent creates personal tokens; organization tokens are an admin's. */
export const canCreateApiToken = (actor: AgentPrincipal, kind: TApiTokenKind) =>
  kind === 'personal' || actor.role === 'admin';

/** Own tokens; an admin any token of the organization (a leaked one is revoked without its creator). */
export const canManageApiToken = (actor: AgentPrincipal, token: { agentId: string; kind: TApiTokenKind }) =>
  actor.role === 'admin' || (token.kind === 'personal' && token.agentId === actor.agentId);
