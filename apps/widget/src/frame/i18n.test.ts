import { describe, expect, it } from 'vitest';
import { offlineNotice } from './i18n.js';
import { en } from './locales/en.js';

describe('the offline notice', () => {
  it('promises an email only when the organization has follow-up on and the visitor gave an address', () => {
    const says = (hasEmailFollowUp: boolean, hasEmail: boolean) =>
      offlineNotice(en, { hasEmailFollowUp, hasEmail, isRemembered: true }).includes(en.offlineEmail);
    expect(says(true, true)).toBe(true);
    expect(says(true, false)).toBe(false);
    expect(says(false, true)).toBe(false);
    expect(offlineNotice(en, { hasEmailFollowUp: false, hasEmail: true, isRemembered: true })).toContain(
      en.offlineComeBack,
    );
  });
});
