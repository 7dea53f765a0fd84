import { inTransaction } from '../../db/transaction.js';
import { hashToken } from '../../lib/crypto.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { emailBeforeRemoval } from '../agents/end-membership.js';
import { deleteAuditOf } from '../audit/audit.repo.js';
import { recordAudit } from '../audit/record-audit.js';
import { eraseFilesOf } from './erase-files.js';
import { canManagePersonalData } from './privacy.policy.js';
import {
  agentEmailsOf,
  deleteOrganizationRows,
  deleteSignInCounters,
  findOrganization,
  lockOrganization,
  organizationCounts,
} from './privacy.repo.js';

const notConfirmed = () =>
  new AppError('VALIDATION_FAILED', "type the organization's slug in `confirm` to delete it", [
    { path: 'confirm', message: "must be the organization's slug" },
  ]);

/**
 * An admin deletes the whole organization, confirmed by typing its slug: its files first, then in one
 * transaction every row of it (agents, sessions, visitors, conversations, messages, events, devices, pushes,
 * invitations, its audit log) and its agents' sign-in counters. What stays is one audit entry: that it was
 * deleted, when, by which agent id, and how much went. Every process then closes its sockets and forgets its
 * sessions (`organization-deleted`).
 */
export async function deleteOrganization(services: Services, actor: AgentPrincipal, confirm: string): Promise<void> {
  const { organizationId } = actor;
  const org = await findOrganization(services.db, organizationId);
  if (!org) throw notFound('organization');
  if (!canManagePersonalData(actor)) throw forbidden();
  if (org.slug !== confirm) throw notConfirmed();
  await eraseFilesOf(services, { organizationId });
  await inTransaction(services, async (tx, uow) => {
    const locked = await lockOrganization(tx, organizationId);
    if (!locked) throw notFound('organization');
    if (locked.slug !== confirm) throw notConfirmed();
    const counts = await organizationCounts(tx, organizationId);
    const emails = await agentEmailsOf(tx, organizationId);
    await deleteSignInCounters(
      tx,
      emails.map((a) => hashToken(emailBeforeRemoval(a.email))),
    );
    await deleteAuditOf(tx, organizationId);
    await deleteOrganizationRows(tx, organizationId);
    await recordAudit(tx, actor, 'organization.deleted', { type: 'organization', id: organizationId }, counts);
    uow.afterCommit.push(() => services.bus.signal({ kind: 'organization-deleted', organizationId }));
  });
}
