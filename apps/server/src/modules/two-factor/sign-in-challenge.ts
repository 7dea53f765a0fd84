import { TWO_FACTOR } from '@oceras/protocol';
import { and, eq, sql } from 'drizzle-orm';
import { agentSessions } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { hashToken, randomToken } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import type { Services } from '../../services.js';
import { presentAgent } from '../agents/agent.presenter.js';
import { claimLoginAttempt, forgetLoginFailures, loginAttempt } from '../auth/login-limits.js';
import { startSession } from '../auth/sessions.js';
import { presentOrganization } from '../organizations/organization.presenter.js';
import { findLiveChallenge, insertChallenge, markChallengeUsed } from './two-factor.repo.js';
import { verifySecondFactor } from './verify-second-factor.js';

/**
 * The step between a right password and a session for an agent with two-factor on: the login answers a challenge
 * (256 random bits, kept hashed, single-use, TWO_FACTOR.challengeTtlSeconds, bound to the agent) instead of tokens.
 * The password's attempt is not taken back from the login limits then (login-limits.ts): only a right code does, so
 * someone who knows the password cannot reset the counters between guesses of the code.
 */
export async function startTwoFactorChallenge(services: Services, agent: { id: string; organizationId: string }) {
  const token = randomToken('tfc_');
  const expiresAt = new Date(Date.now() + TWO_FACTOR.challengeTtlSeconds * 1000);
  await insertChallenge(services.db, agent.organizationId, agent.id, hashToken(token), expiresAt);
  return { twoFactorRequired: true as const, challengeToken: token };
}

const challengeEnded = () =>
  new AppError('TWO_FACTOR_CHALLENGE_INVALID', 'this sign-in has expired or was already completed: sign in again');

export const signInHandlers = {
  /**
   * Each code counts against the login limits exactly like a password (per address and email, and the account's
   * delays from new addresses), claimed before it is checked; the right one takes the failures back and starts the
   * session, in the transaction that spends the challenge and the code.
   */
  async loginTwoFactor({ services, body, meta }) {
    const tokenHash = hashToken(body.challengeToken);
    const found = await findLiveChallenge(services.db, tokenHash);
    if (!found) throw challengeEnded();
    const { agent, organization } = found;
    const [known] = await services.db
      .select({ one: sql<number>`1` })
      .from(agentSessions)
      .where(
        and(
          eq(agentSessions.agentId, agent.id),
          eq(agentSessions.ip, meta.ip),
          sql`${agentSessions.lastUsedAt} > now() - interval '30 days'`,
        ),
      )
      .limit(1);
    const attempt = loginAttempt(agent.email, meta.ip, known !== undefined);
    // Claimed in a transaction of its own before the code is checked: a wrong code stays counted.
    await claimLoginAttempt(services, attempt);
    const factor = 'code' in body ? { code: body.code } : { recoveryCode: body.recoveryCode };
    const answer = await inTransaction(services, async (tx) => {
      // Locked and checked again: of two requests with the same challenge, one signs in.
      if (!(await findLiveChallenge(tx, tokenHash, true))) throw challengeEnded();
      await verifySecondFactor(services, tx, { organizationId: agent.organizationId, agentId: agent.id }, factor);
      await markChallengeUsed(tx, agent.organizationId, tokenHash);
      const pair = await startSession(services, tx, agent, meta);
      return {
        ...pair,
        agent: presentAgent(agent, services.presence),
        organization: presentOrganization(organization),
        twoFactorEnabled: true,
      };
    });
    await forgetLoginFailures(services, attempt);
    return answer;
  },
} satisfies SomeHandlers;
