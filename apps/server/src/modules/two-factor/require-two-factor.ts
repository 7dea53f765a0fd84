import type { Tx } from '../../db/client.js';
import type { UnitOfWork } from '../../events/record-event.js';
import { AppError } from '../../lib/errors.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import { agentsWithoutTwoFactor, isTwoFactorEnabled } from './two-factor.repo.js';

/**
 * An admin switches the organization's requirement (inside updateOrganization's transaction, the organization row
 * locked). Switching it on needs the admin to use two-factor themselves (as GitHub asks), so nobody locks
 * themselves out by it. Existing sessions are not ended: each agent without two-factor is refused everything but
 * setting it up (TWO_FACTOR_REQUIRED) from their next request, on every process at once (the bus makes each forget
 * their cached principal), and their open sockets close; they reconnect once enrolled.
 */
export async function changeTwoFactorRequirement(
  services: Services,
  tx: Tx,
  uow: UnitOfWork,
  principal: AgentPrincipal,
  change: { from: boolean; to: boolean },
) {
  if (change.from === change.to) return;
  const { organizationId } = principal;
  if (change.to && !(await isTwoFactorEnabled(tx, organizationId, principal.agentId))) {
    throw new AppError('TWO_FACTOR_REQUIRED', 'turn on two-factor sign-in for your own account first');
  }
  await recordAudit(
    tx,
    principal,
    'organization.two_factor_required',
    { type: 'organization', id: organizationId },
    { required: change.to },
  );
  const agentIds = await agentsWithoutTwoFactor(tx, organizationId);
  uow.afterCommit.push(() =>
    services.bus.signal({ kind: 'two-factor-changed', organizationId, agentIds, closeSockets: change.to }),
  );
}
