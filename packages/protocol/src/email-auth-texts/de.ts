import type { emailAuthResultTexts as english } from './en.js';

/** Each SPF/DKIM/DMARC result as the email authentication badge says it, in German (see en.ts). */
export const emailAuthResultTexts: typeof english = {
  pass: 'bestanden',
  fail: 'fehlgeschlagen',
  softfail: 'teilweise fehlgeschlagen',
  neutral: 'neutral',
  none: 'keine',
  temperror: 'vorübergehender Fehler',
  permerror: 'dauerhafter Fehler',
  policy: 'Richtlinie',
};
