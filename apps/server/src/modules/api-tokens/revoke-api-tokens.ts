import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { apiTokens } from '../../db/schema.js';
import type { UnitOfWork } from '../../events/record-event.js';
import type { Services } from '../../services.js';

/**
 * Revokes API tokens (some of an agent's, or all when they leave) as sessions end (auth/sessions.ts): every
 * process forgets them and closes the sockets opened with them (a token's id is its principal's sessionId).
 */
export async function revokeApiTokens(
  services: Pick<Services, 'principals' | 'bus'>,
  db: DbOrTx,
  target: { organizationId: string; agentId: string; tokenIds: string[] | 'all' },
  uow?: UnitOfWork,
) {
  const ended = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(apiTokens.organizationId, target.organizationId),
        eq(apiTokens.agentId, target.agentId),
        isNull(apiTokens.revokedAt),
        target.tokenIds === 'all' ? undefined : inArray(apiTokens.id, target.tokenIds),
      ),
    )
    .returning({ id: apiTokens.id });
  const ids = ended.map((t) => t.id);
  const announce = () => {
    services.principals.forgetAgent(target.agentId, ids);
    services.bus.signal({
      kind: 'sessions-revoked',
      organizationId: target.organizationId,
      agentId: target.agentId,
      sessionIds: ids,
    });
  };
  if (ids.length > 0) {
    if (uow) uow.afterCommit.push(announce);
    else announce();
  }
  return ids;
}
