import type { TBusinessHours } from '@oceras/protocol';
import { nextOpening } from '@oceras/protocol/business-hours';
import { format, type Strings } from './i18n.js';

/** What the widget session says of the organization's hours (the rule is the protocol's: business-hours.ts). */
export interface Hours {
  businessHours: TBusinessHours | null;
  timeZone: string;
}

const DAY_MS = 86_400_000;
/** Local calendar days from `a` to `b`, in the visitor's own time zone. */
const daysBetween = (a: Date, b: Date) =>
  Math.round(
    (new Date(b.getFullYear(), b.getMonth(), b.getDate()).getTime() -
      new Date(a.getFullYear(), a.getMonth(), a.getDate()).getTime()) /
      DAY_MS,
  );

/**
 * The header's line, from the hours first and live presence second: out of hours, when the team is back (the
 * opening time in the visitor's own time zone and the browser's conventions: "Monday at 9:00 AM" in en-US, "lundi à
 * 09:00" in fr-FR); in hours with an agent online, "we reply in a few minutes"; with nobody online, "we will be back
 * soon"; an organization without hours keeps the presence line alone ("we are online").
 */
export function presenceLine(t: Strings, hours: Hours | null, isAgentOnline: boolean, now: Date): string {
  const next = hours ? nextOpening(hours.businessHours, hours.timeZone, now) : now;
  if (next === null) return t.away;
  if (next.getTime() > now.getTime()) {
    const time = next.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
    const days = daysBetween(now, next);
    if (days === 0) return format(t.backToday, { time });
    if (days === 1) return format(t.backTomorrow, { time });
    const day = next.toLocaleDateString(
      undefined,
      days < 7 ? { weekday: 'long' } : { weekday: 'long', day: 'numeric', month: 'long' },
    );
    return format(t.backOn, { day, time });
  }
  if (!isAgentOnline) return t.away;
  // Open by the hours and someone online: a promise the hours back; without hours, presence alone says "online".
  return hours?.businessHours?.enabled ? t.replySoon : t.online;
}
