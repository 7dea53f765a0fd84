import { z } from 'zod';
import { ZOpeningRange } from './auto-replies.js';
import { ZTimeZone } from './reports.js';

// An agent's availability on a schedule (issue 18). The rule that reads it is business-hours.ts: a schedule is
// opening hours without holidays, `isOpenAt` is "should be online", `nextChange` the next boundary.

/**
 * The agent's week: ranges of local time in `timeZone` (a range never crosses midnight: a night shift is two). With
 * `followSchedule` on, the server sets them online when a range starts and offline when it ends; a change they
 * make by hand in between holds until the next start or end.
 */
export const ZAvailabilitySchedule = z.strictObject({
  followSchedule: z.boolean(),
  timeZone: ZTimeZone,
  weekly: z.array(ZOpeningRange).max(28),
});
export type TAvailabilitySchedule = z.infer<typeof ZAvailabilitySchedule>;
