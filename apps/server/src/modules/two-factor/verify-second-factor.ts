import { TWO_FACTOR } from '@oceras/protocol';
import type { DbOrTx } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import type { Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import { matchTotp } from './totp.js';
import { findTwoFactor, useRecoveryCode, useStep } from './two-factor.repo.js';
import { hashRecoveryCode, openSecret } from './two-factor-secrets.js';

export type SecondFactor = { code: string } | { recoveryCode: string };

/** A field that takes either (turning off, new recovery codes): six digits are a TOTP code, anything else recovery. */
export const secondFactorOf = (typed: string): SecondFactor => {
  const compact = typed.replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${TWO_FACTOR.digits}}$`).test(compact) ? { code: compact } : { recoveryCode: typed };
};

export const wrongCode = () =>
  new AppError('INVALID_TWO_FACTOR_CODE', 'this code is wrong, was already used, or has expired');

/**
 * Checks and spends an agent's second factor inside the caller's transaction: a TOTP code for a step later than the
 * last one accepted (each code works once), or an unused recovery code (spent, and audited). Throws
 * INVALID_TWO_FACTOR_CODE otherwise. The agent must have two-factor enabled.
 */
export async function verifySecondFactor(
  services: Services,
  tx: DbOrTx,
  who: { organizationId: string; agentId: string },
  factor: SecondFactor,
): Promise<'totp' | 'recovery'> {
  const { organizationId, agentId } = who;
  if ('recoveryCode' in factor) {
    const left = await useRecoveryCode(tx, organizationId, agentId, hashRecoveryCode(factor.recoveryCode));
    if (left === null) throw wrongCode();
    await recordAudit(
      tx,
      { kind: 'agent', organizationId, agentId },
      'agent.recovery_code_used',
      { type: 'agent', id: agentId },
      { left },
    );
    return 'recovery';
  }
  const row = await findTwoFactor(tx, organizationId, agentId);
  const secret = row?.enabledAt ? openSecret(services.env.JWT_SECRET, row.secret) : null;
  const step = secret ? matchTotp(secret, factor.code, Date.now(), row!.lastUsedStep) : null;
  if (step === null || !(await useStep(tx, organizationId, agentId, step))) throw wrongCode();
  return 'totp';
}
