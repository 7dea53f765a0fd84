import type { Tx } from '../../db/client.js';
import type { organizations } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import type { AgentPrincipal } from '../../principals.js';
import { recordAudit } from '../audit/record-audit.js';

/**
 * An admin switches "require verified identity" (inside updateOrganization's transaction, the organization row locked).
 * Turning it on needs an identity secret (CONFLICT otherwise: no visitor could start a chat). Anonymous sessions
 * already made keep working until they expire; new ones are refused. Audited when it changes.
 */
export async function changeIdentityRequirement(
  tx: Tx,
  principal: AgentPrincipal,
  current: typeof organizations.$inferSelect,
  to: boolean,
) {
  if (to && current.identitySecretSealed === null)
    throw new AppError('CONFLICT', 'create an identity secret before requiring verified identity');
  if (current.requireVerifiedIdentity === to) return;
  await recordAudit(
    tx,
    principal,
    'organization.verified_identity_required',
    { type: 'organization', id: principal.organizationId },
    { from: current.requireVerifiedIdentity, to },
  );
}
