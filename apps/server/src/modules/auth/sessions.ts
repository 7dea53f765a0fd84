import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type DbOrTx, query } from '../../db/client.js';
import { agentSessions, devices, refreshTokens } from '../../db/schema.js';
import type { UnitOfWork } from '../../events/record-event.js';
import { hashToken, randomToken } from '../../lib/crypto.js';
import type { RequestMeta } from '../../principals.js';
import type { Services } from '../../services.js';

/** A refresh family lives 30 days from its last use at most. */
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
/** A rotated refresh token still works this long, so two tabs refreshing at once do not sign the agent out. */
export const REFRESH_GRACE_MS = 10_000;

export async function issueRefreshToken(db: DbOrTx, sessionId: string) {
  const token = randomToken('rt_');
  await db.insert(refreshTokens).values({ tokenHash: hashToken(token), sessionId });
  return token;
}

/**
 * A new session and its first refresh token, in one statement (atomic on its own, so a caller outside a
 * transaction pays one round trip), then the access token.
 */
export async function startSession(
  services: Services,
  db: DbOrTx,
  agent: { id: string; organizationId: string },
  meta: RequestMeta,
) {
  const refreshToken = randomToken('rt_');
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  const [session] = await query<{ id: string }>(
    db,
    sql`with s as (
          insert into ${agentSessions} (organization_id, agent_id, ip, user_agent, expires_at)
          values (${agent.organizationId}, ${agent.id}, ${meta.ip}, ${meta.userAgent}, ${expiresAt.toISOString()})
          returning id)
        insert into ${refreshTokens} (token_hash, session_id) select ${hashToken(refreshToken)}, s.id from s
        returning session_id as id`,
  );
  if (!session) throw new Error('session insert returned nothing');
  const access = await services.tokens.signAccess({
    agentId: agent.id,
    organizationId: agent.organizationId,
    sessionId: session.id,
  });
  return {
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt.toISOString(),
    refreshToken,
    sessionId: session.id,
  };
}

/** Ends sessions (all of an agent's, or some) and closes their sockets on every process. */
export async function revokeSessions(
  services: Pick<Services, 'principals' | 'bus'>,
  db: DbOrTx,
  target: { organizationId: string; agentId: string; sessionIds: string[] | 'all'; exceptSessionId?: string },
  reason: string,
  uow?: UnitOfWork,
) {
  const conditions = [
    eq(agentSessions.organizationId, target.organizationId),
    eq(agentSessions.agentId, target.agentId),
    isNull(agentSessions.revokedAt),
  ];
  if (target.sessionIds !== 'all') conditions.push(inArray(agentSessions.id, target.sessionIds));
  if (target.exceptSessionId) conditions.push(sql`${agentSessions.id} <> ${target.exceptSessionId}`);
  const ended = await db
    .update(agentSessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(and(...conditions))
    .returning({ id: agentSessions.id });
  const ids = ended.map((s) => s.id);
  // A session's devices end with it: a signed-out phone gets no more pushes.
  if (ids.length > 0) await db.delete(devices).where(inArray(devices.sessionId, ids));
  const announce = () => {
    services.principals.forgetAgent(target.agentId, ids);
    services.bus.signal({
      kind: 'sessions-revoked',
      organizationId: target.organizationId,
      agentId: target.agentId,
      sessionIds: ids,
    });
  };
  // Inside a transaction, forget and announce only after COMMIT: earlier, a request could re-cache the session as live.
  if (ids.length > 0) {
    if (uow) uow.afterCommit.push(announce);
    else announce();
  }
  return ids;
}
