import type { TCannedScope } from '@oceras/protocol';
import { canWriteScoped, scopeOf } from '../../lib/owner-scope.js';
import type { AgentPrincipal } from '../../principals.js';

/** Anyone writes their own personal responses; shared ones are a manager's or an admin's (lib/owner-scope.ts). */
export const canWriteCannedResponse = (actor: Pick<AgentPrincipal, 'role'>, scope: TCannedScope) =>
  canWriteScoped(actor, scope);

export { scopeOf };
