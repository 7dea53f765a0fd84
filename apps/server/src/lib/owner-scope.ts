import type { AgentPrincipal } from '../principals.js';

/**
 * Things an agent keeps for themself or an organization shares (canned responses, saved views): a row with no
 * owner is the organization's. One rule for both: anyone writes their own personal ones; the shared ones are
 * managed by managers and admins.
 */
export type OwnerScope = 'personal' | 'shared';

export const scopeOf = (row: { agentId: string | null }): OwnerScope => (row.agentId === null ? 'shared' : 'personal');

export const canManageShared = (actor: Pick<AgentPrincipal, 'role'>) =>
  actor.role === 'admin' || actor.role === 'manager';

export const canWriteScoped = (actor: Pick<AgentPrincipal, 'role'>, scope: OwnerScope) =>
  scope === 'personal' || canManageShared(actor);
