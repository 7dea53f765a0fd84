import {
  mergeAttributes,
  type TCustomAttributes,
  type TIdentifyVisitorRequest,
  type TVisitor,
  ZCustomAttributes,
} from '@oceras/protocol';
import { and, eq } from 'drizzle-orm';
import { visitors } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { VisitorPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { contactChanges, lockForContactEvent, recordContactEvent } from '../contacts/contact-events.js';

type Row = typeof visitors.$inferSelect;

/** The visitor as their own widget sees them. */
export const presentWidgetVisitor = (v: Row): TVisitor => ({
  id: v.id,
  name: v.name,
  email: v.email,
  userId: v.externalUserId,
});

/**
 * The widget's own changes to its visitor: labels, and custom attributes merged by the protocol's one rule
 * (`mergeAttributes`, a null removes a key); a result over the limits (count, bytes) is refused whole (400), the
 * stored set unchanged.
 */
export async function updateVisitorProfile(
  services: Services,
  principal: VisitorPrincipal,
  body: Pick<TIdentifyVisitorRequest, 'name' | 'email' | 'attributes'>,
): Promise<Row> {
  const where = and(eq(visitors.organizationId, principal.organizationId), eq(visitors.id, principal.visitorId));
  const changesOf = (current: Row): Partial<Row> => {
    const changes: Partial<Row> = {
      ...(body.name ? { name: body.name } : {}),
      ...(body.email ? { email: body.email.toLowerCase() } : {}),
    };
    if (body.attributes) {
      const merged = ZCustomAttributes.safeParse(
        mergeAttributes(current.customAttributes as TCustomAttributes, body.attributes),
      );
      if (!merged.success)
        throw new AppError(
          'VALIDATION_FAILED',
          'custom attributes over their limits',
          merged.error.issues.map((i) => ({ path: ['attributes', ...i.path].join('.'), message: i.message })),
        );
      changes.customAttributes = merged.data;
    }
    return changes;
  };
  // Sites call identify on every page: a call that changes nothing reads one row and writes none.
  const [seen] = await services.db.select().from(visitors).where(where);
  if (!seen) throw notFound('visitor');
  if (contactChanges(seen, { ...seen, ...changesOf(seen) }).length === 0) return seen;
  return inTransaction(services, async (tx, uow) => {
    await lockForContactEvent(tx, principal.organizationId);
    const [current] = await tx.select().from(visitors).where(where).for('no key update');
    if (!current) throw notFound('visitor');
    const [row] = await tx.update(visitors).set(changesOf(current)).where(where).returning();
    await recordContactEvent(tx, uow, { type: 'contact.updated', row: row!, changes: contactChanges(current, row!) });
    return row!;
  });
}
