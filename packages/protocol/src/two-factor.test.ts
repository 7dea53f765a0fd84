import { describe, expect, it } from 'vitest';
import {
  asSignedIn,
  isTwoFactorChallenge,
  mustSetUpTwoFactor,
  normalizeTwoFactorCode,
  ZLoginResponse,
  ZLoginTwoFactorRequest,
} from './index.js';

describe('two-factor rules shared by the apps', () => {
  it('sends to setup exactly an agent without two-factor in an organization that requires it', () => {
    expect(mustSetUpTwoFactor({ organization: { requireTwoFactor: true }, twoFactorEnabled: false })).toBe(true);
    expect(mustSetUpTwoFactor({ organization: { requireTwoFactor: true }, twoFactorEnabled: true })).toBe(false);
    expect(mustSetUpTwoFactor({ organization: { requireTwoFactor: false }, twoFactorEnabled: false })).toBe(false);
  });

  it('reads what people type into a code field', () => {
    expect(normalizeTwoFactorCode(' 123 456 ')).toBe('123456');
    expect(normalizeTwoFactorCode('123-456')).toBe('123456');
  });

  it('tells a challenge from a session, and the login answer schema takes both', () => {
    const challenge = { twoFactorRequired: true as const, challengeToken: 'tfc_x' };
    expect(isTwoFactorChallenge(challenge)).toBe(true);
    expect(ZLoginResponse.safeParse(challenge).success).toBe(true);
    expect(() => asSignedIn(challenge)).toThrow(/second factor/);
  });

  it('takes a code or a recovery code with the challenge, never both or neither', () => {
    const challengeToken = 'tfc_'.padEnd(40, 'a');
    expect(ZLoginTwoFactorRequest.safeParse({ challengeToken, code: '123456' }).success).toBe(true);
    expect(ZLoginTwoFactorRequest.safeParse({ challengeToken, recoveryCode: 'abcd-efgh' }).success).toBe(true);
    expect(ZLoginTwoFactorRequest.safeParse({ challengeToken, code: '12345' }).success).toBe(false);
    expect(ZLoginTwoFactorRequest.safeParse({ challengeToken }).success).toBe(false);
    expect(ZLoginTwoFactorRequest.safeParse({ challengeToken, code: '123456', recoveryCode: 'x' }).success).toBe(false);
  });
});
