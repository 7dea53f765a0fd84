import { describe, expect, it } from 'vitest';
import {
  applicableHours,
  type BusinessHours,
  isOpenAt,
  localTime,
  nextChange,
  nextOpening,
  type OpeningRange,
  openMillisBetween,
  zonedInstant,
} from './business-hours.js';

const PARIS = 'Europe/Paris';
const weekdays = (from: string, to: string): OpeningRange[] =>
  ([1, 2, 3, 4, 5] as const).map((day) => ({ day, from, to }));
const office: BusinessHours = { enabled: true, weekly: weekdays('09:00', '17:30'), holidays: ['2026-12-25'] };
const at = (iso: string) => new Date(iso);

describe('isOpenAt', () => {
  it('is open inside a range, from included, to excluded', () => {
    // 2026-12-07 is a Monday; Paris is UTC+1 in winter.
    expect(isOpenAt(office, PARIS, at('2026-12-07T07:59:59Z'))).toBe(false);
    expect(isOpenAt(office, PARIS, at('2026-12-07T08:00:00Z'))).toBe(true);
    expect(isOpenAt(office, PARIS, at('2026-12-07T16:29:59Z'))).toBe(true);
    expect(isOpenAt(office, PARIS, at('2026-12-07T16:30:00Z'))).toBe(false);
  });

  it('has no hours, or hours switched off, as always open', () => {
    expect(isOpenAt(null, PARIS, at('2026-12-06T03:00:00Z'))).toBe(true);
    expect(isOpenAt({ ...office, enabled: false }, PARIS, at('2026-12-06T03:00:00Z'))).toBe(true);
    expect(nextOpening(null, PARIS, at('2026-12-06T03:00:00Z'))?.toISOString()).toBe('2026-12-06T03:00:00.000Z');
  });

  it('closes a holiday all day, in the local date', () => {
    // Friday 25 December 2026, 10:00 in Paris.
    expect(isOpenAt(office, PARIS, at('2026-12-25T09:00:00Z'))).toBe(false);
    expect(isOpenAt(office, PARIS, at('2026-12-24T09:00:00Z'))).toBe(true);
    // Thursday 24th 23:30 UTC is already the 25th in Paris, and the 24th in New York.
    const late: BusinessHours = {
      enabled: true,
      weekly: [
        { day: 4, from: '00:00', to: '24:00' },
        { day: 5, from: '00:00', to: '24:00' },
      ],
      holidays: ['2026-12-25'],
    };
    expect(isOpenAt(late, PARIS, at('2026-12-24T23:30:00Z'))).toBe(false);
    expect(isOpenAt(late, 'America/New_York', at('2026-12-24T23:30:00Z'))).toBe(true);
  });

  it('follows the local clock across both daylight-saving changes in Paris', () => {
    // Friday 23 October 2026, summer time (UTC+2): 07:30 UTC is 09:30, open.
    expect(isOpenAt(office, PARIS, at('2026-10-23T07:30:00Z'))).toBe(true);
    // Monday 26 October, after the change of the 25th (UTC+1): the same 07:30 UTC is 08:30, closed.
    expect(isOpenAt(office, PARIS, at('2026-10-26T07:30:00Z'))).toBe(false);
    expect(isOpenAt(office, PARIS, at('2026-10-26T08:00:00Z'))).toBe(true);
    // Spring: Friday 27 March 2026 is winter time, Monday 30 March summer time.
    expect(isOpenAt(office, PARIS, at('2026-03-27T08:00:00Z'))).toBe(true);
    expect(isOpenAt(office, PARIS, at('2026-03-30T07:00:00Z'))).toBe(true);
    expect(isOpenAt(office, PARIS, at('2026-03-30T06:59:00Z'))).toBe(false);
  });

  it('takes a night shift as two ranges, one each side of midnight', () => {
    const night: BusinessHours = {
      enabled: true,
      weekly: [
        { day: 5, from: '22:00', to: '24:00' },
        { day: 6, from: '00:00', to: '06:00' },
      ],
      holidays: [],
    };
    expect(isOpenAt(night, 'UTC', at('2026-12-04T23:59:00Z'))).toBe(true);
    expect(isOpenAt(night, 'UTC', at('2026-12-05T00:00:00Z'))).toBe(true);
    expect(isOpenAt(night, 'UTC', at('2026-12-05T05:59:00Z'))).toBe(true);
    expect(isOpenAt(night, 'UTC', at('2026-12-05T06:00:00Z'))).toBe(false);
    expect(nextOpening(night, 'UTC', at('2026-12-05T06:00:00Z'))?.toISOString()).toBe('2026-12-11T22:00:00.000Z');
  });
});

describe('nextOpening', () => {
  it('is now when open, later today before opening, and Monday from a Saturday', () => {
    const open = at('2026-12-07T10:00:00Z');
    expect(nextOpening(office, PARIS, open)).toBe(open);
    expect(nextOpening(office, PARIS, at('2026-12-07T06:00:00Z'))?.toISOString()).toBe('2026-12-07T08:00:00.000Z');
    // Saturday 5 December and Sunday 6 December → Monday 7 December 09:00 Paris.
    expect(nextOpening(office, PARIS, at('2026-12-05T12:00:00Z'))?.toISOString()).toBe('2026-12-07T08:00:00.000Z');
    expect(nextOpening(office, PARIS, at('2026-12-06T22:59:00Z'))?.toISOString()).toBe('2026-12-07T08:00:00.000Z');
    // Friday after closing → Monday.
    expect(nextOpening(office, PARIS, at('2026-12-04T17:00:00Z'))?.toISOString()).toBe('2026-12-07T08:00:00.000Z');
  });

  it('skips a holiday, and a weekend after it', () => {
    // Thursday 24 December after closing: Friday is Christmas, then the weekend → Monday 28th.
    expect(nextOpening(office, PARIS, at('2026-12-24T18:00:00Z'))?.toISOString()).toBe('2026-12-28T08:00:00.000Z');
  });

  it('opens Monday at 9:00 local on the other side of a daylight-saving change', () => {
    // Saturday 24 October 2026 in summer time → Monday 26th 09:00 in winter time (08:00 UTC, not 07:00).
    expect(nextOpening(office, PARIS, at('2026-10-24T12:00:00Z'))?.toISOString()).toBe('2026-10-26T08:00:00.000Z');
    // Saturday 28 March 2026 in winter time → Monday 30th 09:00 in summer time (07:00 UTC).
    expect(nextOpening(office, PARIS, at('2026-03-28T12:00:00Z'))?.toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });

  it('is null when nothing ever opens', () => {
    expect(nextOpening({ enabled: true, weekly: [], holidays: [] }, PARIS, at('2026-12-07T10:00:00Z'))).toBeNull();
  });
});

describe('zonedInstant', () => {
  it('converts wall-clock times, the repeated hour at its first occurrence, the skipped one an hour later', () => {
    expect(zonedInstant(2026, 10, 25, 1 * 60 + 30, PARIS).toISOString()).toBe('2026-10-24T23:30:00.000Z');
    expect(zonedInstant(2026, 10, 25, 2 * 60 + 30, PARIS).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedInstant(2026, 10, 25, 9 * 60, PARIS).toISOString()).toBe('2026-10-25T08:00:00.000Z');
    expect(zonedInstant(2026, 3, 29, 2 * 60 + 30, PARIS).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedInstant(2026, 12, 7, 9 * 60, 'America/New_York').toISOString()).toBe('2026-12-07T14:00:00.000Z');
  });

  it('reads the local date and weekday', () => {
    expect(localTime(at('2026-12-06T23:30:00Z'), PARIS)).toMatchObject({ date: '2026-12-07', weekday: 1, minutes: 30 });
  });
});

describe('openMillisBetween', () => {
  const hours = (from: string, to: string) => openMillisBetween(office, PARIS, at(from), at(to)) / 3_600_000;
  it('counts only the open time, across a weekend, a holiday and a daylight-saving change', () => {
    // Friday 16:00 → Monday 10:00 (Paris, winter): 1.5 h on Friday, 1 h on Monday.
    expect(hours('2026-12-04T15:00:00Z', '2026-12-07T09:00:00Z')).toBe(2.5);
    // Thursday 24th 17:00 → Monday 28th 09:30: Christmas Friday is closed: 0.5 h + 0.5 h.
    expect(hours('2026-12-24T16:00:00Z', '2026-12-28T08:30:00Z')).toBe(1);
    // Friday 23 October 17:00 CEST → Monday 26th 10:00 CET: 0.5 h + 1 h, though 66 hours passed, not 65.
    expect(hours('2026-10-23T15:00:00Z', '2026-10-26T09:00:00Z')).toBe(1.5);
    // Within one open stretch: the wall-clock time.
    expect(hours('2026-12-07T09:00:00Z', '2026-12-07T09:45:00Z')).toBe(0.75);
    // Closed the whole time.
    expect(hours('2026-12-05T09:00:00Z', '2026-12-06T20:00:00Z')).toBe(0);
    expect(openMillisBetween(null, PARIS, at('2026-12-05T09:00:00Z'), at('2026-12-05T10:00:00Z'))).toBe(3_600_000);
  });
});

describe('nextChange (an agent’s schedule, issue 18)', () => {
  const week = (from: string, to: string) => ({
    enabled: true,
    weekly: ([0, 1, 2, 3, 4, 5, 6] as const).map((day) => ({ day, from, to })),
    holidays: [],
  });
  const paris = 'Europe/Paris';

  it('is the end of the range while open, the next start while closed', () => {
    const hours = week('09:00', '17:00');
    // Friday 2026-03-27, 10:00 in Paris (UTC+1): open until 17:00 = 16:00Z.
    expect(nextChange(hours, paris, new Date('2026-03-27T09:00:00Z'))?.toISOString()).toBe('2026-03-27T16:00:00.000Z');
    // At 17:00 sharp it is closed: the next start is Saturday's 09:00.
    expect(nextChange(hours, paris, new Date('2026-03-27T16:00:00Z'))?.toISOString()).toBe('2026-03-28T08:00:00.000Z');
  });

  it('keeps 09:00 local across the spring change (Europe/Paris, 29 March 2026)', () => {
    const hours = week('09:00', '17:00');
    // Saturday 17:30 (UTC+1) → Sunday 09:00 is UTC+2: 07:00Z, 23.5 hours later.
    expect(nextChange(hours, paris, new Date('2026-03-28T16:30:00Z'))?.toISOString()).toBe('2026-03-29T07:00:00.000Z');
    // And the autumn change (25 October 2026): Sunday 09:00 is UTC+1 again.
    expect(nextChange(hours, paris, new Date('2026-10-24T16:30:00Z'))?.toISOString()).toBe('2026-10-25T08:00:00.000Z');
  });

  it('sees no turn where two ranges touch at midnight, and none without ranges', () => {
    const night = {
      enabled: true,
      weekly: [
        { day: 1 as const, from: '22:00', to: '24:00' },
        { day: 2 as const, from: '00:00', to: '06:00' },
      ],
      holidays: [],
    };
    // Monday 2026-03-02 23:00 UTC (= 23:00 UTC+0 zone): open until Tuesday 06:00.
    expect(nextChange(night, 'UTC', new Date('2026-03-02T23:00:00Z'))?.toISOString()).toBe('2026-03-03T06:00:00.000Z');
    expect(nextChange({ enabled: true, weekly: [], holidays: [] }, 'UTC', new Date())).toBeNull();
    expect(nextChange(null, 'UTC', new Date())).toBeNull();
  });
});

describe('applicableHours', () => {
  const organization = { businessHours: office, timeZone: PARIS };
  const evening: BusinessHours = { enabled: true, weekly: weekdays('18:00', '23:00'), holidays: [] };
  it("is the team's own hours, in the organization's zone, else the organization's", () => {
    expect(applicableHours(organization, evening)).toEqual({ businessHours: evening, timeZone: PARIS });
    expect(applicableHours(organization, null)).toBe(organization);
    expect(applicableHours(organization, undefined)).toBe(organization);
    // A team's hours switched off are its own: always open, even when the organization is closed.
    const off = applicableHours(organization, { ...evening, enabled: false });
    expect(isOpenAt(off.businessHours, off.timeZone, at('2026-12-06T03:00:00Z'))).toBe(true);
    expect(isOpenAt(office, PARIS, at('2026-12-06T03:00:00Z'))).toBe(false);
  });
});
