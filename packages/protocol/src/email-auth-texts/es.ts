import type { emailAuthResultTexts as english } from './en.js';

/** Each SPF/DKIM/DMARC result as the email authentication badge says it, in Spanish (see en.ts). */
export const emailAuthResultTexts: typeof english = {
  pass: 'correcto',
  fail: 'fallido',
  softfail: 'fallo parcial',
  neutral: 'neutral',
  none: 'ninguno',
  temperror: 'error temporal',
  permerror: 'error permanente',
  policy: 'política',
};
