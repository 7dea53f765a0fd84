import { describe, expect, it } from 'vitest';
import { dateTime, timeAgo } from './format';

const at = '2026-03-04T15:05:00Z';

describe('times follow the locale', () => {
  it('a 12-hour clock where the locale has one, 24 hours where it does not', () => {
    expect(dateTime(at, 'en-US')).toMatch(/\b\d{1,2}:05\s?[AP]M$/);
    expect(dateTime(at, 'en-GB')).toMatch(/\b\d{2}:05$/);
    expect(dateTime(at, 'de-DE')).toMatch(/\b\d{2}:05$/);
    expect(dateTime(at, 'de-DE')).not.toMatch(/[AP]M/);
  });

  it('dates older than a week are written as the locale writes them', () => {
    const now = Date.parse(at) + 30 * 86_400_000;
    expect(timeAgo(at, now, 'en-US')).toMatch(/^Mar \d, 2026$/);
    expect(timeAgo(at, now, 'de-DE')).toMatch(/^\d\d?\.\d\d\.2026$/);
    expect(timeAgo(at, Date.parse(at) + 5 * 60_000)).toBe('5m');
  });
});
