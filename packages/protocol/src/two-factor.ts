import { z } from 'zod';
import { ZAuthResponse } from './auth.js';
import { LIMITS } from './common.js';

// The numbers and rules every client shares are in two-factor-rules.ts (no zod: the apps' lazy chunks import it).
export * from './two-factor-rules.js';

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
