import type { TBusinessHours } from '@oceras/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { presenceLine } from './availability.js';
import { en } from './locales/en.js';

const office: TBusinessHours = {
  enabled: true,
  weekly: ([1, 2, 3, 4, 5] as const).map((day) => ({ day, from: '09:00', to: '17:30' })),
  holidays: ['2026-12-25'],
};
const paris = { businessHours: office, timeZone: 'Europe/Paris' };
const line = (iso: string, isAgentOnline = true, hours: typeof paris | null = paris) =>
  presenceLine(en, hours, isAgentOnline, new Date(iso));

describe('the header line: hours first, then presence', () => {
  beforeAll(() => {
    // The visitor's own time zone: the opening time is shown in it.
    process.env.TZ = 'Europe/Paris';
  });

  it('says when the team is back, out of hours', () => {
    expect(line('2026-12-05T12:00:00Z')).toMatch(/^We are back on Monday at 9:00/);
    expect(line('2026-12-07T06:00:00Z')).toMatch(/^We are back today at 9:00/);
    expect(line('2026-12-07T17:00:00Z')).toMatch(/^We are back tomorrow at 9:00/);
    // After the 25th (a Friday holiday) and the weekend: Monday the 28th.
    expect(line('2026-12-24T18:00:00Z')).toMatch(/^We are back on Monday at 9:00/);
  });

  it('in hours, "a few minutes" with someone online, "soon" without', () => {
    expect(line('2026-12-07T10:00:00Z', true)).toBe(en.replySoon);
    expect(line('2026-12-07T10:00:00Z', false)).toBe(en.away);
    // Without hours (none, or switched off), presence alone.
    expect(line('2026-12-06T10:00:00Z', true, null)).toBe(en.online);
    const off = { ...paris, businessHours: { ...office, enabled: false } };
    expect(line('2026-12-06T10:00:00Z', true, off)).toBe(en.online);
    expect(line('2026-12-06T10:00:00Z', false, off)).toBe(en.away);
  });

  it('shows the opening time in the visitor’s own zone', () => {
    process.env.TZ = 'America/New_York';
    // Monday 9:00 in Paris is 3:00 in New York.
    expect(line('2026-12-05T12:00:00Z')).toMatch(/^We are back on Monday at 3:00/);
    process.env.TZ = 'Europe/Paris';
  });
});
