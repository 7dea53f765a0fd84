import type { emailAuthResultTexts as english } from './en.js';

/** Each SPF/DKIM/DMARC result as the email authentication badge says it, in French (see en.ts). */
export const emailAuthResultTexts: typeof english = {
  pass: 'réussi',
  fail: 'échec',
  softfail: 'échec partiel',
  neutral: 'neutre',
  none: 'aucun',
  temperror: 'erreur temporaire',
  permerror: 'erreur permanente',
  policy: 'politique',
};
