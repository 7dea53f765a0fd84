import { describe, expect, it } from 'vitest';
import { mergeAttributes, USER_HASH_PATTERN, ZCustomAttributes, ZCustomAttributesUpdate, ZUserId } from './identity.js';

describe('custom attributes', () => {
  it('merge: set keys are replaced or added, null removes, the rest stays', () => {
    expect(mergeAttributes({ plan: 'free', seats: 1 }, { plan: 'pro', seats: null, trial: true })).toEqual({
      plan: 'pro',
      trial: true,
    });
  });

  it('take letters, digits and _ keys starting with a letter, and flat values only', () => {
    expect(ZCustomAttributesUpdate.safeParse({ signed_up_at: '2026-01-01', seats2: 3 }).success).toBe(true);
    for (const bad of [{ '1st': 1 }, { 'a-b': 1 }, { ['k'.repeat(41)]: 1 }, { a: { b: 1 } }, { a: [1] }, {}])
      expect(ZCustomAttributesUpdate.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('a stored set keeps to 50 keys and 4 KB', () => {
    const keys = (n: number, v: string) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, v]));
    expect(ZCustomAttributes.safeParse(keys(50, 'x')).success).toBe(true);
    expect(ZCustomAttributes.safeParse(keys(51, 'x')).success).toBe(false);
    expect(ZCustomAttributes.safeParse(keys(10, 'y'.repeat(450))).success).toBe(false);
  });
});

describe('identity', () => {
  it('a user id is kept exactly (never trimmed) and a hash is 64 lowercase hex digits', () => {
    expect(ZUserId.parse(' user 1 ')).toBe(' user 1 ');
    expect(ZUserId.safeParse('').success).toBe(false);
    expect(USER_HASH_PATTERN.test('a'.repeat(64))).toBe(true);
    expect(USER_HASH_PATTERN.test('A'.repeat(64))).toBe(false);
    expect(USER_HASH_PATTERN.test('a'.repeat(63))).toBe(false);
  });
});
