/**
 * Business hours (issue 18): THE rule for "are we open at this instant, and when do we open next", for the server
 * (automatic replies) and the widget (its "we reply in a few minutes" / "we are back on Monday at 9:00" line).
 * No zod, no DOM, no Node: `Intl` only, so the widget's frame bundles it (`@oceras/protocol/business-hours`).
 *
 * - Ranges are local wall-clock times in the organization's IANA time zone, `from` included, `to` excluded,
 *   `"24:00"` allowed as an end. A range never crosses midnight: a night shift is two ranges (22:00–24:00 on one
 *   day, 00:00–06:00 on the next), which also keeps "which day is it" unambiguous for holidays.
 * - A holiday (`YYYY-MM-DD`, a local date) closes that whole local day.
 * - Daylight saving: every instant is converted through the zone's offset at that instant, so 09:00 is 09:00 local
 *   on both sides of a change; a range starting inside the hour a spring change skips opens when the clock lands.
 */

/** A day of the week as `Date.getDay()` counts it: 0 is Sunday, 6 Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface OpeningRange {
  day: Weekday;
  /** "HH:MM", 00:00 to 23:59. */
  from: string;
  /** "HH:MM", after `from`, up to "24:00". */
  to: string;
}

export interface BusinessHours {
  /** Off: always open (as when there are no hours at all). */
  enabled: boolean;
  weekly: OpeningRange[];
  /** Local dates (YYYY-MM-DD) closed all day. */
  holidays: string[];
}

/** How far ahead `nextOpening` looks: a year and a few weeks of holidays. */
const HORIZON_DAYS = 400;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  /** Minutes since local midnight. */
  minutes: number;
  weekday: Weekday;
  /** YYYY-MM-DD */
  date: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dateOf = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

/** Wall-clock fields of an instant in a zone. */
function partsAt(at: Date, timeZone: string) {
  const out: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(at)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return {
    year: out.year!,
    month: out.month!,
    day: out.day!,
    hour: out.hour! % 24,
    minute: out.minute!,
    second: out.second!,
  };
}

/** The local date, weekday and time of an instant in `timeZone`. */
export function localTime(at: Date, timeZone: string): LocalTime {
  const p = partsAt(at, timeZone);
  const weekday = new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() as Weekday;
  return {
    year: p.year,
    month: p.month,
    day: p.day,
    minutes: p.hour * 60 + p.minute,
    weekday,
    date: dateOf(p.year, p.month, p.day),
  };
}

/** The zone's offset from UTC at an instant, in milliseconds (east positive). */
function offsetAt(instant: number, timeZone: string): number {
  const p = partsAt(new Date(instant), timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a local wall-clock time happens in `timeZone`: the zone's offsets half a day either side are the
 * only candidates; of those that land on the wall time, the first (an hour that happens twice); in an hour a spring
 * change skips, none lands, and the later candidate is taken (an hour later on the clock).
 */
export function zonedInstant(year: number, month: number, day: number, minutes: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, 0, minutes);
  const half = 12 * 3_600_000;
  const candidates = [...new Set([offsetAt(wall - half, timeZone), offsetAt(wall + half, timeZone)])]
    .map((o) => wall - o)
    .sort((a, b) => a - b);
  const lands = candidates.filter((i) => wall - offsetAt(i, timeZone) === i);
  return new Date(lands[0] ?? candidates.at(-1)!);
}

/** Hours with the zone they are read in. */
export interface ZonedHours {
  businessHours: BusinessHours | null;
  timeZone: string;
}

/**
 * Which hours apply to a conversation (issue 18), THE rule for the server's out-of-hours reply and reports: its
 * team's when it has a team with hours of its own, else the organization's. A team's hours are read in the
 * organization's time zone; a team whose hours are null follows the organization's. (The widget keeps the
 * organization's: a visitor has no team before writing.)
 */
export function applicableHours(organization: ZonedHours, teamHours: BusinessHours | null | undefined): ZonedHours {
  return teamHours ? { businessHours: teamHours, timeZone: organization.timeZone } : organization;
}

/** "HH:MM" (or "24:00") as minutes since midnight. */
export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Is the organization open at `at`? No hours, or hours switched off, means always open. */
export function isOpenAt(hours: BusinessHours | null | undefined, timeZone: string, at: Date): boolean {
  if (!hours?.enabled) return true; // no hours, or switched off: always open
  const t = localTime(at, timeZone);
  if (hours.holidays.includes(t.date)) return false;
  return hours.weekly.some((r) => r.day === t.weekday && minutesOf(r.from) <= t.minutes && t.minutes < minutesOf(r.to));
}

/**
 * When the organization is open next: `at` itself when open now, the instant the next range starts otherwise, or
 * null when no range ever opens (no ranges, or holidays over the whole horizon).
 */
export function nextOpening(hours: BusinessHours | null | undefined, timeZone: string, at: Date): Date | null {
  if (!hours?.enabled || isOpenAt(hours, timeZone, at)) return at;
  const today = localTime(at, timeZone);
  for (let i = 0; i < HORIZON_DAYS; i++) {
    const d = new Date(Date.UTC(today.year, today.month - 1, today.day + i));
    const date = dateOf(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    if (hours.holidays.includes(date)) continue;
    const starts = hours.weekly
      .filter((r) => r.day === d.getUTCDay())
      .map((r) => minutesOf(r.from))
      .sort((a, b) => a - b);
    for (const from of starts) {
      const instant = zonedInstant(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), from, timeZone);
      if (instant.getTime() > at.getTime()) return instant;
    }
  }
  return null;
}

/**
 * The next instant after `at` when `isOpenAt` turns (a range starts while closed, ends while open, a holiday begins
 * or ends), or null when it never does within the horizon (always open, no ranges). Two ranges that touch
 * (22:00–24:00, then 00:00–06:00) are no turn. An agent's schedule (availability-schedule.ts) is read with it.
 */
export function nextChange(hours: BusinessHours | null | undefined, timeZone: string, at: Date): Date | null {
  if (!hours?.enabled || (hours.weekly.length === 0 && hours.holidays.length === 0)) return null;
  const isOpen = isOpenAt(hours, timeZone, at);
  const today = localTime(at, timeZone);
  for (let i = 0; i < HORIZON_DAYS; i++) {
    const d = new Date(Date.UTC(today.year, today.month - 1, today.day + i));
    const edges = [
      ...new Set([
        0,
        ...hours.weekly.filter((r) => r.day === d.getUTCDay()).flatMap((r) => [minutesOf(r.from), minutesOf(r.to)]),
      ]),
    ].sort((a, b) => a - b);
    for (const minutes of edges) {
      const instant = zonedInstant(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), minutes, timeZone);
      if (instant.getTime() > at.getTime() && isOpenAt(hours, timeZone, instant) !== isOpen) return instant;
    }
  }
  return null;
}

/**
 * How long the organization was open between two instants, in milliseconds (reports' durations "within business
 * hours"): the overlap of [from, to) with every range of every local day it touches, holidays left out. No hours, or
 * hours switched off, count the whole time.
 */
export function openMillisBetween(
  hours: BusinessHours | null | undefined,
  timeZone: string,
  from: Date,
  to: Date,
): number {
  const end = to.getTime();
  const start = from.getTime();
  if (end <= start) return 0;
  if (!hours?.enabled) return end - start;
  // The local day before `from` too: a zone's day may start before `from`'s UTC date.
  const first = localTime(from, timeZone);
  let total = 0;
  for (let i = -1; ; i++) {
    const d = new Date(Date.UTC(first.year, first.month - 1, first.day + i));
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1;
    const day = d.getUTCDate();
    if (zonedInstant(y, m, day, 0, timeZone).getTime() >= end) break;
    if (hours.holidays.includes(dateOf(y, m, day))) continue;
    for (const r of hours.weekly) {
      if (r.day !== d.getUTCDay()) continue;
      const open = zonedInstant(y, m, day, minutesOf(r.from), timeZone).getTime();
      const close = zonedInstant(y, m, day, minutesOf(r.to), timeZone).getTime();
      total += Math.max(0, Math.min(close, end) - Math.max(open, start));
    }
  }
  return total;
}
