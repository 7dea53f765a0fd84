import type { TAuthResponse } from './auth.js';
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

/** What login answers: a session, or (two-factor on) a challenge for the code step (ZLoginResponse). */
type LoginAnswer = TAuthResponse | { twoFactorRequired: true; challengeToken: string };

export const isTwoFactorChallenge = (answer: LoginAnswer): answer is Exclude<LoginAnswer, TAuthResponse> =>
  'twoFactorRequired' in answer && answer.twoFactorRequired === true;

/** A login answer that signed the agent in (no code step). */
export const isSignedIn = (answer: LoginAnswer): answer is TAuthResponse => !isTwoFactorChallenge(answer);

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
export function asSignedIn(answer: LoginAnswer): TAuthResponse {
  if (isTwoFactorChallenge(answer)) throw new Error('this account signs in with a second factor: answer the challenge');
  return answer;
}
