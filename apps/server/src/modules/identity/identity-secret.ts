import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { organizations } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { notFound } from '../../lib/errors.js';
import { seal, unseal } from '../../lib/sealed-secret.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';

/**
 * The identity secret is kept sealed (lib/sealed-secret.ts), not hashed: the server computes HMACs with it, so it must
 * read it back; sealed, a copy of the database alone signs nobody in. Changing JWT_SECRET makes it unreadable:
 * every userHash is then refused until an admin rotates the secret (docs/ARCHITECTURE.md, "Verified identity").
 */
const PURPOSE = 'identity secret v1';

/** The organization's identity secret, or null when it has none (or it cannot be read any more). */
export const openIdentitySecret = (services: Pick<Services, 'env'>, sealed: string | null) =>
  sealed ? unseal(services.env.JWT_SECRET, PURPOSE, sealed) : null;

/**
 * Creates or rotates the secret: 256 random bits, base64url. The old one stops verifying at once (the row is the one
 * place it is read from on every session); sessions made with it keep working until they expire. Audited.
 */
export async function rotateIdentitySecret(services: Services, principal: AgentPrincipal) {
  const identitySecret = randomBytes(32).toString('base64url');
  await inTransaction(services, async (tx) => {
    const [before] = await tx
      .select({ sealed: organizations.identitySecretSealed })
      .from(organizations)
      .where(eq(organizations.id, principal.organizationId))
      .for('update');
    if (!before) throw notFound('organization');
    await tx
      .update(organizations)
      .set({ identitySecretSealed: seal(services.env.JWT_SECRET, PURPOSE, identitySecret) })
      .where(eq(organizations.id, principal.organizationId));
    await recordAudit(
      tx,
      principal,
      'organization.identity_secret_rotated',
      { type: 'organization', id: principal.organizationId },
      { isFirst: before.sealed === null },
    );
  });
  return { identitySecret };
}
