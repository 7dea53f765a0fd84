import { z } from 'zod';
import { type TAuthResponse, ZAuthResponse } from './auth.js';
import { LIMITS } from './common.js';
import type { TOrganization } from './organizations.js';

/**
 * Two-factor sign-in for agents: TOTP (RFC 6238: SHA-1, 6 digits, 30 s steps, one step either side accepted, each
 * code once) and one-time recovery codes. The numbers every client and the server share.
 */
export const TWO_FACTOR = {
  digits: 6,
  periodSeconds: 30,
  /** Steps accepted either side of now, for clocks a little off. */
  window: 1,
  recoveryCodeCount: 10,
  /** The sign-in challenge between the password and the code. */
  challengeTtlSeconds: 300,
  issuer: 'Oceras',
} as const;

/** Six digits; clients strip spaces first (normalizeTwoFactorCode). */
export const ZTwoFactorCode = z.string().regex(/^\d{6}$/, 'the 6-digit code from your authenticator app');
/** A recovery code as typed: case, spaces and dashes do not matter (the server normalizes). */
export const ZRecoveryCode = z.string().min(1).max(64);

/** `POST /api/v1/me/two-factor/setup`: a new secret, pending until `enable` confirms a code made from it. */
export const ZTwoFactorSetup = z.object({
  /** Base32 (RFC 4648, no padding), for typing into an authenticator app. */
  secret: z.string(),
  /** `otpauth://totp/…`: what a QR code or an "open in authenticator" link carries. */
  otpauthUrl: z.string(),
});
export type TTwoFactorSetup = z.infer<typeof ZTwoFactorSetup>;

export const ZEnableTwoFactorRequest = z.strictObject({ code: ZTwoFactorCode });
export type TEnableTwoFactorRequest = z.infer<typeof ZEnableTwoFactorRequest>;

/** Shown once: only their hashes are kept. */
export const ZRecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
export type TRecoveryCodes = z.infer<typeof ZRecoveryCodes>;

/** Turning two-factor off or making new recovery codes: the password and a current code (TOTP or recovery). */
export const ZConfirmTwoFactorRequest = z.strictObject({
  currentPassword: z.string().min(1).max(LIMITS.passwordMax),
  code: ZRecoveryCode,
});
export type TConfirmTwoFactorRequest = z.infer<typeof ZConfirmTwoFactorRequest>;

/** What `POST /api/v1/auth/login` answers when the password was right and the account has two-factor on. */
export const ZTwoFactorChallenge = z.object({
  twoFactorRequired: z.literal(true),
  /** Single-use, for this agent, valid TWO_FACTOR.challengeTtlSeconds. */
  challengeToken: z.string(),
});
export type TTwoFactorChallenge = z.infer<typeof ZTwoFactorChallenge>;

export const ZLoginResponse = z.union([ZAuthResponse, ZTwoFactorChallenge]);
export type TLoginResponse = z.infer<typeof ZLoginResponse>;

const ZChallengeToken = z.string().min(20).max(200);
export const ZLoginTwoFactorRequest = z.union([
  z.strictObject({ challengeToken: ZChallengeToken, code: ZTwoFactorCode }),
  z.strictObject({ challengeToken: ZChallengeToken, recoveryCode: ZRecoveryCode }),
]);
export type TLoginTwoFactorRequest = z.infer<typeof ZLoginTwoFactorRequest>;

export const isTwoFactorChallenge = (answer: TLoginResponse): answer is TTwoFactorChallenge =>
  'twoFactorRequired' in answer && answer.twoFactorRequired === true;

/** A login answer that signed the agent in (no code step). */
export const isSignedIn = (answer: TLoginResponse): answer is TAuthResponse => !isTwoFactorChallenge(answer);

/** What a person typed into a code field: spaces and dashes out ("123 456" is 123456). */
export const normalizeTwoFactorCode = (typed: string) => typed.replace(/[\s-]/g, '');

/**
 * The one rule of where a signed-in agent may go: an organization that requires two-factor sends an agent who has
 * none to its setup before anything else (the server refuses them everything else with TWO_FACTOR_REQUIRED).
 */
export const mustSetUpTwoFactor = (me: {
  organization: Pick<TOrganization, 'requireTwoFactor'>;
  twoFactorEnabled: boolean;
}) => me.organization.requireTwoFactor && !me.twoFactorEnabled;

/** The login answer as a session, for a caller that knows the account has no second factor (tests, scripts). */
export function asSignedIn(answer: TLoginResponse): TAuthResponse {
  if (isTwoFactorChallenge(answer)) throw new Error('this account signs in with a second factor: answer the challenge');
  return answer;
}
