import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { agents, organizations } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import type { UnitOfWork } from '../../events/record-event.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { type AuditActor, recordAudit } from '../audit/record-audit.js';
import { confirmedByPassword } from '../auth/confirm-password.js';
import { matchTotp, newTotpSecret, otpauthUrl } from './totp.js';
import { deleteTwoFactor, findTwoFactor, putPendingSecret, replaceRecoveryCodes, useStep } from './two-factor.repo.js';
import { newRecoveryCodes, openSecret, sealSecret } from './two-factor-secrets.js';
import { secondFactorOf, verifySecondFactor, wrongCode } from './verify-second-factor.js';

/** Every process forgets the agent's cached principal at once: whether they may pass TWO_FACTOR_REQUIRED changed. */
const announce = (services: Services, uow: UnitOfWork, principal: AgentPrincipal) =>
  uow.afterCommit.push(() =>
    services.bus.signal({
      kind: 'two-factor-changed',
      organizationId: principal.organizationId,
      agentIds: [principal.agentId],
      closeSockets: false,
    }),
  );

const audit = (tx: DbOrTx, principal: AuditActor & { agentId: string }, action: Parameters<typeof recordAudit>[2]) =>
  recordAudit(tx, principal, action, { type: 'agent', id: principal.agentId });

/** New recovery codes in place of the old ones: the plain codes are answered once and never kept. */
async function freshRecoveryCodes(tx: DbOrTx, principal: AgentPrincipal) {
  const { codes, hashes } = newRecoveryCodes();
  await replaceRecoveryCodes(tx, principal.organizationId, principal.agentId, hashes);
  return { recoveryCodes: codes };
}

/** Two-factor routes of the signed-in agent (`/api/v1/me/two-factor…`); sign-in is in sign-in-challenge.ts. */
export const twoFactorHandlers = {
  async setUpTwoFactor({ services, principal }) {
    const [who] = await services.db
      .select({ email: agents.email, organizationName: organizations.name })
      .from(agents)
      .innerJoin(organizations, eq(organizations.id, agents.organizationId))
      .where(and(eq(agents.organizationId, principal.organizationId), eq(agents.id, principal.agentId)));
    if (!who) throw notFound('agent');
    const secret = newTotpSecret();
    const sealed = sealSecret(services.env.JWT_SECRET, secret);
    if (!(await putPendingSecret(services.db, principal.organizationId, principal.agentId, sealed))) {
      throw new AppError('CONFLICT', 'two-factor sign-in is already on: turn it off first to set up another app');
    }
    return { secret, otpauthUrl: otpauthUrl(secret, who.email, who.organizationName) };
  },

  async enableTwoFactor({ services, principal, body }) {
    return inTransaction(services, async (tx, uow) => {
      const row = await findTwoFactor(tx, principal.organizationId, principal.agentId, true);
      if (!row || row.enabledAt) {
        throw new AppError('CONFLICT', row ? 'two-factor sign-in is already on' : 'set up two-factor sign-in first');
      }
      const secret = openSecret(services.env.JWT_SECRET, row.secret);
      const step = secret ? matchTotp(secret, body.code, Date.now(), row.lastUsedStep) : null;
      if (step === null || !(await useStep(tx, principal.organizationId, principal.agentId, step, true))) {
        throw wrongCode();
      }
      await audit(tx, principal, 'agent.two_factor_enabled');
      announce(services, uow, principal);
      return freshRecoveryCodes(tx, principal);
    });
  },

  async disableTwoFactor({ services, principal, body }) {
    await confirmedByPassword(services, principal, body.currentPassword);
    await inTransaction(services, async (tx, uow) => {
      const row = await findTwoFactor(tx, principal.organizationId, principal.agentId, true);
      if (!row?.enabledAt) throw new AppError('CONFLICT', 'two-factor sign-in is not on');
      await verifySecondFactor(services, tx, principal, secondFactorOf(body.code));
      await deleteTwoFactor(tx, principal.organizationId, principal.agentId);
      await audit(tx, principal, 'agent.two_factor_disabled');
      announce(services, uow, principal);
    });
    return { ok: true as const };
  },

  async regenerateRecoveryCodes({ services, principal, body }) {
    await confirmedByPassword(services, principal, body.currentPassword);
    return inTransaction(services, async (tx) => {
      const row = await findTwoFactor(tx, principal.organizationId, principal.agentId, true);
      if (!row?.enabledAt) throw new AppError('CONFLICT', 'two-factor sign-in is not on');
      await verifySecondFactor(services, tx, principal, secondFactorOf(body.code));
      await audit(tx, principal, 'agent.recovery_codes_regenerated');
      return freshRecoveryCodes(tx, principal);
    });
  },
} satisfies SomeHandlers;
