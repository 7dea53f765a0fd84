import type { TEmailAuthResult } from '../email-auth.js';

/**
 * Each SPF/DKIM/DMARC result as the email authentication badge says it, in English: `emailAuthSummary`'s
 * `resultWords` in the dashboard and the mobile app (their catalogs take it as `emailAuthResults`, beside their own
 * "Sender verified" sentences). The method names are names, never translated. One text per result for both apps.
 */
export const emailAuthResultTexts: Record<TEmailAuthResult, string> = {
  pass: 'pass',
  fail: 'fail',
  softfail: 'softfail',
  neutral: 'neutral',
  none: 'none',
  temperror: 'temporary error',
  permerror: 'permanent error',
  policy: 'policy',
};
