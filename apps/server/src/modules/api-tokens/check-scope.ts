import { scopeAllows, type TApiScope } from '@oceras/protocol';
import { AppError } from '../../lib/errors.js';
import type { AgentPrincipal } from '../../principals.js';

/**
 * The one check of an API token's scopes, for REST (plugins/routes.ts, with the route table's `scope`) and the
 * agent socket (realtime/, with the REST twin's): a session passes; a token needs the scope, and never passes
 * where the route has none (the account itself).
 */
export function checkTokenScope(principal: AgentPrincipal, scope: TApiScope | null) {
  if (!principal.apiToken) return;
  if (!scope)
    throw new AppError('INSUFFICIENT_SCOPE', 'API tokens cannot call this route (the account itself): sign in');
  if (!scopeAllows(principal.apiToken.scopes, scope))
    throw new AppError('INSUFFICIENT_SCOPE', `this token needs the ${scope} scope`);
}
