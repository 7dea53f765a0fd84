import type { TRestriction } from '@oceras/protocol';
import { inTransaction } from '../../db/transaction.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import { canManagePersonalData } from './privacy.policy.js';
import { dropQueuedPushesAboutVisitor, findVisitor, setVisitorRestriction as store } from './privacy.repo.js';

/**
 * Objection and restriction (privacy policy §7) of a visitor, by an admin: their data stays, but from this commit
 * their messages are pushed to nobody (push-recipients.ts R9; pushes still queued are dropped) and left out of
 * reports. Lifting it processes only what comes next. Setting what is already set changes nothing.
 */
export async function setVisitorRestriction(
  services: Services,
  actor: AgentPrincipal,
  visitorId: string,
  isRestricted: boolean,
): Promise<TRestriction> {
  return inTransaction(services, async (tx) => {
    const visitor = await findVisitor(tx, actor.organizationId, visitorId);
    if (!visitor) throw notFound('visitor');
    if (!canManagePersonalData(actor)) throw forbidden();
    if (visitor.erasedAt) throw new AppError('CONFLICT', 'this visitor was erased: nothing is kept to restrict');
    let at = visitor.restrictedAt;
    if (isRestricted !== (at !== null)) {
      at = (await store(tx, actor.organizationId, visitorId, isRestricted ? new Date() : null))?.restrictedAt ?? null;
      if (isRestricted) await dropQueuedPushesAboutVisitor(tx, actor.organizationId, visitorId);
      await recordAudit(tx, actor, isRestricted ? 'visitor.restricted' : 'visitor.unrestricted', {
        type: 'visitor',
        id: visitorId,
      });
    }
    return { isRestricted: at !== null, restrictedAt: at?.toISOString() ?? null };
  });
}
