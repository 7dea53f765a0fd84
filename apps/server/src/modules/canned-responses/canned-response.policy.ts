import type { TCannedScope } from '@oceras/protocol';
import type { AgentPrincipal } from '../../principals.js';

/** Shared responses are the organization's: managers and admins create, change and delete them. */
const canManageShared = (actor: Pick<AgentPrincipal, 'role'>) => actor.role === 'admin' || actor.role === 'manager';

/** Anyone writes their own personal responses; shared ones are a manager's or an admin's. */
export const canWriteCannedResponse = (actor: Pick<AgentPrincipal, 'role'>, scope: TCannedScope) =>
  scope === 'personal' || canManageShared(actor);

/** The scope of a stored row: no owner means the organization's. */
export const scopeOf = (row: { agentId: string | null }): TCannedScope =>
  row.agentId === null ? 'shared' : 'personal';
