import { and, eq, gt, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { type DbOrTx, query } from '../../db/client.js';
import { agents, agentTwoFactor, organizations, recoveryCodes, twoFactorChallenges } from '../../db/schema.js';

/** SQL of two-factor sign-in only; the organization id comes first and every statement filters on it. */

export async function findTwoFactor(db: DbOrTx, organizationId: string, agentId: string, lock = false) {
  const q = db
    .select()
    .from(agentTwoFactor)
    .where(and(eq(agentTwoFactor.organizationId, organizationId), eq(agentTwoFactor.agentId, agentId)));
  const [row] = lock ? await q.for('update') : await q;
  return row ?? null;
}

export async function isTwoFactorEnabled(db: DbOrTx, organizationId: string, agentId: string) {
  const row = await findTwoFactor(db, organizationId, agentId);
  return row?.enabledAt != null;
}

/** A new pending secret in place of any pending one; never over an enabled one (returns false then). */
export async function putPendingSecret(db: DbOrTx, organizationId: string, agentId: string, sealed: string) {
  const rows = await db
    .insert(agentTwoFactor)
    .values({ organizationId, agentId, secret: sealed })
    .onConflictDoUpdate({
      target: agentTwoFactor.agentId,
      set: { secret: sealed, lastUsedStep: null, createdAt: new Date() },
      setWhere: sql`${agentTwoFactor.enabledAt} is null and ${agentTwoFactor.organizationId} = ${organizationId}`,
    })
    .returning({ agentId: agentTwoFactor.agentId });
  return rows.length > 0;
}

/** Moves the last used step forward to `step`, if it is later: false when another request used this code first. */
export async function useStep(db: DbOrTx, organizationId: string, agentId: string, step: number, enable = false) {
  const rows = await db
    .update(agentTwoFactor)
    .set({ lastUsedStep: step, ...(enable ? { enabledAt: new Date() } : {}) })
    .where(
      and(
        eq(agentTwoFactor.organizationId, organizationId),
        eq(agentTwoFactor.agentId, agentId),
        enable ? isNull(agentTwoFactor.enabledAt) : isNotNull(agentTwoFactor.enabledAt),
        sql`(${agentTwoFactor.lastUsedStep} is null or ${agentTwoFactor.lastUsedStep} < ${step})`,
      ),
    )
    .returning({ agentId: agentTwoFactor.agentId });
  return rows.length > 0;
}

export async function replaceRecoveryCodes(db: DbOrTx, organizationId: string, agentId: string, hashes: string[]) {
  await db
    .delete(recoveryCodes)
    .where(and(eq(recoveryCodes.organizationId, organizationId), eq(recoveryCodes.agentId, agentId)));
  await db.insert(recoveryCodes).values(hashes.map((codeHash) => ({ organizationId, agentId, codeHash })));
}

/** Spends a recovery code: the number left, or null if it is not one of this agent's unused codes. */
export async function useRecoveryCode(db: DbOrTx, organizationId: string, agentId: string, codeHash: string) {
  // The CTE's update is not visible to the count beside it (one snapshot): the count is before the use, hence - 1.
  const [row] = await query<{ left: number | string }>(
    db,
    sql`
    with used as (
      update ${recoveryCodes} set used_at = now()
      where organization_id = ${organizationId} and agent_id = ${agentId} and code_hash = ${codeHash}
        and used_at is null
      returning code_hash)
    select (select count(*) from ${recoveryCodes} where organization_id = ${organizationId}
              and agent_id = ${agentId} and used_at is null) - 1 as left
    from used`,
  );
  return row ? Number(row.left) : null;
}

/** Two-factor off: the secret, the recovery codes and any waiting sign-in go. */
export async function deleteTwoFactor(db: DbOrTx, organizationId: string, agentId: string) {
  await db
    .delete(agentTwoFactor)
    .where(and(eq(agentTwoFactor.organizationId, organizationId), eq(agentTwoFactor.agentId, agentId)));
  await db
    .delete(recoveryCodes)
    .where(and(eq(recoveryCodes.organizationId, organizationId), eq(recoveryCodes.agentId, agentId)));
  await db
    .delete(twoFactorChallenges)
    .where(and(eq(twoFactorChallenges.organizationId, organizationId), eq(twoFactorChallenges.agentId, agentId)));
}

export async function insertChallenge(
  db: DbOrTx,
  organizationId: string,
  agentId: string,
  tokenHash: string,
  expiresAt: Date,
) {
  // The agent's ended challenges go as a new one comes: the table holds live ones, a few per agent.
  await db
    .delete(twoFactorChallenges)
    .where(
      and(
        eq(twoFactorChallenges.organizationId, organizationId),
        eq(twoFactorChallenges.agentId, agentId),
        lt(twoFactorChallenges.expiresAt, new Date()),
      ),
    );
  await db.insert(twoFactorChallenges).values({ organizationId, agentId, tokenHash, expiresAt });
}

/**
 * A live challenge (unused, unexpired, its agent not removed) with its agent and organization; locked until the
 * caller's transaction ends with `lock`. The statement that looks a challenge up by its token: there is no
 * organization id to filter on before it is found.
 */
export async function findLiveChallenge(db: DbOrTx, tokenHash: string, lock = false) {
  const q = db
    .select({ challenge: twoFactorChallenges, agent: agents, organization: organizations })
    .from(twoFactorChallenges)
    .innerJoin(agents, eq(agents.id, twoFactorChallenges.agentId))
    .innerJoin(organizations, eq(organizations.id, twoFactorChallenges.organizationId))
    .where(
      and(
        eq(twoFactorChallenges.tokenHash, tokenHash),
        isNull(twoFactorChallenges.usedAt),
        gt(twoFactorChallenges.expiresAt, new Date()),
        isNull(agents.removedAt),
      ),
    );
  const [row] = lock ? await q.for('update', { of: twoFactorChallenges }) : await q;
  return row ?? null;
}

export async function markChallengeUsed(db: DbOrTx, organizationId: string, tokenHash: string) {
  await db
    .update(twoFactorChallenges)
    .set({ usedAt: new Date() })
    .where(and(eq(twoFactorChallenges.organizationId, organizationId), eq(twoFactorChallenges.tokenHash, tokenHash)));
}

/** The organization's agents (not removed) who have no enabled second factor. */
export async function agentsWithoutTwoFactor(db: DbOrTx, organizationId: string) {
  const rows = await db
    .select({ id: agents.id })
    .from(agents)
    .leftJoin(agentTwoFactor, eq(agentTwoFactor.agentId, agents.id))
    .where(and(eq(agents.organizationId, organizationId), isNull(agents.removedAt), isNull(agentTwoFactor.enabledAt)));
  return rows.map((r) => r.id);
}
