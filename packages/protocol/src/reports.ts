import { z } from 'zod';
import { ZId, ZText, ZTimestamp } from './common.js';

// Satisfaction and reports (issue 18).

/** How the widget asks for a rating when a conversation is resolved: five stars, three faces (1, 3, 5) or not at all. */
export const ZSatisfactionSurvey = z.enum(['stars', 'faces', 'off']);
export type TSatisfactionSurvey = z.infer<typeof ZSatisfactionSurvey>;
export { FACE_SCORES, isLowRating, lowRatingThresholds, SATISFIED_FROM } from './satisfaction.js';

export const ZRatingScore = z.number().int().min(1).max(5);
export const ZRateConversationRequest = z.strictObject({
  score: ZRatingScore,
  comment: ZText(1000).trim().optional(),
});
export type TRateConversationRequest = z.infer<typeof ZRateConversationRequest>;

export const ZConversationRating = z.object({
  score: ZRatingScore,
  comment: z.string().nullable(),
  ratedAt: ZTimestamp,
});
export type TConversationRating = z.infer<typeof ZConversationRating>;

/** The longest range a report covers, so that no request reads more than two years of an organization. */
export const REPORT_MAX_DAYS = 731;

/** A calendar date, YYYY-MM-DD. */
export const ZDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((d) => {
    const t = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().startsWith(d);
  }, 'not a calendar date');

/** An IANA time zone name that this runtime knows (Europe/Paris, America/New_York, UTC). */
export const ZTimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return /^[A-Za-z0-9_+\-/]+$/.test(tz);
    } catch {
      return false;
    }
  }, 'an IANA time zone such as Europe/Paris');

const rangeFields = { from: ZDay, to: ZDay, timeZone: ZTimeZone.optional() };
const checkedRange = <T extends z.ZodType<{ from: string; to: string }>>(schema: T) =>
  schema
    .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] })
    .refine((q) => daysBetween(q.from, q.to) < REPORT_MAX_DAYS, {
      message: `a report covers at most ${REPORT_MAX_DAYS} days`,
      path: ['to'],
    });

/** The days `from` to `to`, both included, in `timeZone` (the organization's when absent). */
export const ZReportQuery = checkedRange(z.strictObject(rangeFields));
export type TReportQuery = z.input<typeof ZReportQuery>;

/**
 * The summary's query: also `businessHours=true`, durations counted within the organization's business hours
 * (in its own time zone; the range's days stay in `timeZone`).
 */
export const ZReportSummaryQuery = checkedRange(
  z.strictObject({
    ...rangeFields,
    businessHours: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    /** One team's figures: its conversations (the team they have now); another organization's team is 404. */
    teamId: ZId.optional(),
  }),
);
export type TReportSummaryQuery = z.input<typeof ZReportSummaryQuery>;

/** Whole days from `from` to `to` (0 when they are the same day). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The same number of days just before the range: what a report compares with. */
export function previousRange(from: string, to: string): { from: string; to: string } {
  const days = daysBetween(from, to) + 1;
  const shift = (d: string, n: number) =>
    new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  return { from: shift(from, -days), to: shift(from, -1) };
}

/** Durations in seconds over the range's events; null where there were none. */
export const ZDurationFigures = z.object({
  count: z.number().int(),
  medianSeconds: z.number().nullable(),
  p90Seconds: z.number().nullable(),
});
export type TDurationFigures = z.infer<typeof ZDurationFigures>;

export const ZSatisfactionFigures = z.object({
  /** Ratings given in the range. */
  count: z.number().int(),
  averageScore: z.number().nullable(),
  /** CSAT: the percentage of ratings of 4 or 5, 0 to 100; null without ratings. */
  score: z.number().nullable(),
  /** How many ratings of each score, 1 to 5. */
  distribution: z.tuple([z.number(), z.number(), z.number(), z.number(), z.number()]),
});
export type TSatisfactionFigures = z.infer<typeof ZSatisfactionFigures>;

export const ZReportFigures = z.object({
  conversations: z.object({
    /** Conversations created in the range. */
    opened: z.number().int(),
    /** Resolutions in the range (a conversation resolved twice counts twice). */
    resolved: z.number().int(),
    /** Resolved conversations opened again in the range, by a visitor's message or an agent. */
    reopened: z.number().int(),
    /** Conversations opened in the range that still wait, now, for an agent's answer. */
    waiting: z.number().int(),
  }),
  /** From a conversation's creation to its first agent reply, for the conversations opened in the range. */
  firstResponseTime: ZDurationFigures,
  /** For each resolution in the range: how long since the conversation was created or last reopened. */
  resolutionTime: ZDurationFigures,
  satisfaction: ZSatisfactionFigures,
});
export type TReportFigures = z.infer<typeof ZReportFigures>;

export const ZReportRange = z.object({ from: z.string(), to: z.string(), timeZone: z.string() });

export const ZReportSummary = ZReportFigures.extend({
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  /** The durations count only the time the organization was open (`businessHours=true`), not the wall clock. */
  isWithinBusinessHours: z.boolean(),
  /** The same figures for as many days just before: what the dashboard compares with. */
  previous: ZReportFigures.extend({ from: z.string(), to: z.string() }),
});
export type TReportSummary = z.infer<typeof ZReportSummary>;

export const ZAgentReportRow = z.object({
  agentId: ZId,
  name: z.string(),
  /** Resolutions in the range while the conversation was assigned to this agent. */
  resolved: z.number().int(),
  /** Over the conversations opened in the range now assigned to this agent. */
  firstResponseTime: ZDurationFigures,
  resolutionTime: ZDurationFigures,
  satisfaction: ZSatisfactionFigures,
});
export const ZAgentReport = ZReportRange.extend({ agents: z.array(ZAgentReportRow) });

/** The agents' figures per team, each over the conversations that belong to the team now. */
export const ZTeamReportRow = z.object({
  teamId: ZId,
  name: z.string(),
  /** Resolutions in the range of conversations that belong to this team now. */
  resolved: z.number().int(),
  /** Over the conversations opened in the range that belong to this team now. */
  firstResponseTime: ZDurationFigures,
  resolutionTime: ZDurationFigures,
  satisfaction: ZSatisfactionFigures,
});
export const ZTeamReport = ZReportRange.extend({ teams: z.array(ZTeamReportRow) });
export type TTeamReport = z.infer<typeof ZTeamReport>;
export type TAgentReport = z.infer<typeof ZAgentReport>;

export const ZTagReportRow = z.object({
  tag: z.string(),
  /** Conversations opened in the range that carry the tag now. */
  opened: z.number().int(),
  /** Resolutions in the range of conversations that carry the tag now. */
  resolved: z.number().int(),
  satisfaction: ZSatisfactionFigures,
});
export const ZTagReport = ZReportRange.extend({ tags: z.array(ZTagReportRow) });
export type TTagReport = z.infer<typeof ZTagReport>;

/**
 * Conversations opened in the range by day of the week (0 = Monday) and hour (0–23), in the report's time zone:
 * `cells[day][hour]`.
 */
export const ZHeatmapReport = ZReportRange.extend({
  cells: z.array(z.array(z.number().int()).length(24)).length(7),
});
export type THeatmapReport = z.infer<typeof ZHeatmapReport>;
