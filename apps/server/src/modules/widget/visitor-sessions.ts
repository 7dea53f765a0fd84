import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { visitorSessions } from '../../db/schema.js';
import type { UnitOfWork } from '../../events/record-event.js';
import type { Services } from '../../services.js';

/**
 * Ends a visitor's sessions (one, by its token's hash, or all): the tokens stop working on every process at once
 * (the bus tells each to forget the visitor and close their sockets). Returns how many ended.
 */
export async function revokeVisitorSessions(
  services: Pick<Services, 'principals' | 'bus'>,
  db: DbOrTx,
  target: { organizationId: string; visitorId: string; tokenHash?: string },
  uow?: UnitOfWork,
): Promise<number> {
  const ended = await db
    .update(visitorSessions)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(visitorSessions.organizationId, target.organizationId),
        eq(visitorSessions.visitorId, target.visitorId),
        isNull(visitorSessions.revokedAt),
        ...(target.tokenHash ? [eq(visitorSessions.tokenHash, target.tokenHash)] : []),
      ),
    )
    .returning({ tokenHash: visitorSessions.tokenHash });
  const announce = () => {
    services.principals.forgetVisitor(target.visitorId);
    services.bus.signal({
      kind: 'visitor-sessions-revoked',
      organizationId: target.organizationId,
      visitorId: target.visitorId,
    });
  };
  if (ended.length > 0) {
    if (uow) uow.afterCommit.push(announce);
    else announce();
  }
  return ended.length;
}
