import { describe, expect, it } from 'vitest';
import { dateTime, listFormat, relativeTime, timeAgo } from './format';

const at = '2026-03-04T15:05:00Z';
const after = (ms: number) => Date.parse(at) + ms;

describe('times follow the locale', () => {
  it('a 12-hour clock where the locale has one, 24 hours where it does not', () => {
    expect(dateTime(at, 'en-US')).toMatch(/\b\d{1,2}:05\s?[AP]M$/);
    expect(dateTime(at, 'en-GB')).toMatch(/\b\d{2}:05$/);
    expect(dateTime(at, 'de-DE')).toMatch(/\b\d{2}:05$/);
    expect(dateTime(at, 'de-DE')).not.toMatch(/[AP]M/);
  });

  it('dates older than a week are written as the locale writes them', () => {
    const now = after(30 * 86_400_000);
    expect(timeAgo(at, now, 'en-US')).toMatch(/^Mar \d, 2026$/);
    expect(timeAgo(at, now, 'de-DE')).toMatch(/^\d\d?\.\d\d\.2026$/);
    expect(timeAgo(at, now, 'fr-FR')).toMatch(/^\d\d? mars 2026$/);
    expect(timeAgo(at, after(5 * 60_000))).toBe('5m');
  });

  it("a list row's short age, in English as before and in French", () => {
    expect([0, 5 * 60_000, 3 * 3_600_000, 2 * 86_400_000].map((ms) => timeAgo(at, after(ms), 'en'))).toEqual([
      'now',
      '5m',
      '3h',
      '2d',
    ]);
    expect(timeAgo(at, after(10_000), 'fr')).toBe('maintenant');
    expect(timeAgo(at, after(5 * 60_000), 'fr')).toMatch(/^5\s?min$/);
    expect(timeAgo(at, after(3 * 3_600_000), 'fr')).toMatch(/^3\s?h$/);
    expect(timeAgo(at, after(2 * 86_400_000), 'fr')).toMatch(/^2\s?j$/);
    expect(timeAgo(at, after(10_000), 'de')).toBe('jetzt');
    expect(timeAgo(at, after(10_000), 'es')).toBe('ahora');
  });

  it('says how long ago in words, for a tooltip', () => {
    expect(relativeTime(at, after(5 * 60_000), 'en')).toBe('5 minutes ago');
    expect(relativeTime(at, after(5 * 60_000), 'fr')).toBe('il y a 5 minutes');
    expect(relativeTime(at, after(3 * 3_600_000), 'de')).toBe('vor 3 Stunden');
    expect(relativeTime(at, after(86_400_000), 'fr')).toBe('hier');
    expect(relativeTime(at, after(2 * 86_400_000), 'es')).toBe('anteayer');
  });

  it('lists names as the language does', () => {
    expect(listFormat(['Ann', 'Bob', 'Cleo'], 'en')).toBe('Ann, Bob, and Cleo');
    expect(listFormat(['Ann', 'Bob'], 'fr')).toBe('Ann et Bob');
  });
});
