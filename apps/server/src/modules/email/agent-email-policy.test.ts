import { DEFAULT_NOTIFICATION_SETTINGS, type TNotificationSettings } from '@oceras/protocol';
import { describe, expect, it } from 'vitest';
import { emailDueAt, isStillNews, mayEmailAgent } from './agent-email-policy.js';

const settings = (email: TNotificationSettings['email']) => ({ ...DEFAULT_NOTIFICATION_SETTINGS, email });
const t0 = new Date('2026-12-01T10:00:00Z');
const DAY = 86_400;

describe('agents’ email rule', () => {
  it('E1: immediate is due at once, digest a digest period after the first notice', () => {
    expect(emailDueAt(settings('immediate'), t0, DAY)).toEqual(t0);
    expect(emailDueAt(settings('digest'), t0, DAY)).toEqual(new Date('2026-12-02T10:00:00Z'));
  });

  it('E1–E3: only an offline, present, unrestricted agent with emails on', () => {
    const ok = { settings: settings('immediate'), isGone: false, isRestricted: false, isOnline: false };
    expect(mayEmailAgent(ok)).toBe(true);
    expect(mayEmailAgent({ ...ok, settings: settings('digest') })).toBe(true);
    expect(mayEmailAgent({ ...ok, settings: settings('off') })).toBe(false);
    expect(mayEmailAgent({ ...ok, isOnline: true })).toBe(false);
    expect(mayEmailAgent({ ...ok, isGone: true })).toBe(false);
    expect(mayEmailAgent({ ...ok, isRestricted: true })).toBe(false);
  });

  it('E4: an unread mention, a conversation still theirs and open, not a day past due', () => {
    const base = { dueAt: t0, readAt: null, isStillAssigned: true, isResolved: false };
    const soon = new Date(t0.getTime() + 60_000);
    expect(isStillNews({ ...base, kind: 'mention' }, soon)).toBe(true);
    expect(isStillNews({ ...base, kind: 'mention', readAt: t0 }, soon)).toBe(false);
    expect(isStillNews({ ...base, kind: 'assigned' }, soon)).toBe(true);
    expect(isStillNews({ ...base, kind: 'assigned', isStillAssigned: false }, soon)).toBe(false);
    expect(isStillNews({ ...base, kind: 'assigned', isResolved: true }, soon)).toBe(false);
    expect(isStillNews({ ...base, kind: 'mention' }, new Date(t0.getTime() + 25 * 3600_000))).toBe(false);
  });
});
