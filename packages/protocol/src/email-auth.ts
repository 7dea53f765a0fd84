// An inbound email's sender authentication as a trusted relay reported it (RFC 8601 Authentication-Results), and
// how the apps summarize it: shared by the server (which records it), the dashboard and the mobile app (which show
// it), so "did something fail" is one rule. No zod here: the apps import this subpath.

/** The RFC 8601 results the server keeps (other, extension results are not recorded). */
export const EMAIL_AUTH_RESULTS = [
  'pass',
  'fail',
  'softfail',
  'neutral',
  'none',
  'temperror',
  'permerror',
  'policy',
] as const;
export type TEmailAuthResult = (typeof EMAIL_AUTH_RESULTS)[number];

/** The methods recorded, in the order they are shown. */
export const EMAIL_AUTH_METHODS = ['spf', 'dkim', 'dmarc'] as const;
export type TEmailAuthMethod = (typeof EMAIL_AUTH_METHODS)[number];

/**
 * What a trusted relay (`authservId`, one of INBOUND_TRUSTED_AUTHSERV_IDS) said about an inbound email: each
 * method's result when it reported one. Agents only: it is about the sender's mail domain, not the visitor's words.
 */
export type TEmailAuth = { authservId: string } & Partial<Record<TEmailAuthMethod, TEmailAuthResult>>;

/** Results that say the email may not come from whom it claims (a failed check, or one that could not be made). */
const WARNING: ReadonlySet<TEmailAuthResult> = new Set(['fail', 'softfail', 'temperror', 'permerror']);

/**
 * The badge an app shows on an email message: each reported method and its result ("SPF pass · DKIM pass", each
 * result in the reader's words when `resultWords` has them: the method names are not translated) and
 * whether to warn (a method failed, or could not be checked). Null when the relay reported no method.
 */
export function emailAuthSummary(
  auth: TEmailAuth,
  resultWords?: Partial<Record<TEmailAuthResult, string>>,
): { text: string; isWarning: boolean } | null {
  const parts = EMAIL_AUTH_METHODS.flatMap((m) => (auth[m] ? [{ m, r: auth[m] }] : []));
  if (parts.length === 0) return null;
  return {
    text: parts.map(({ m, r }) => `${m.toUpperCase()} ${resultWords?.[r] ?? r}`).join(' · '),
    isWarning: parts.some(({ r }) => WARNING.has(r)),
  };
}
