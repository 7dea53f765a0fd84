// The satisfaction survey's numbers, without zod: the widget's chat imports them (its bundle carries no schema).

/** The scores the three faces stand for, so both scales land on one 1–5 axis in the reports. */
export const FACE_SCORES = [1, 3, 5] as const;
/** A rating of 4 or 5 is a satisfied visitor: the CSAT score is their share of the ratings. */
export const SATISFIED_FROM = 4;

/**
 * A low rating's actions (issue 18): the thresholds an organization may choose on each scale. Stars: 1 to 4 (5 would
 * be every rating); faces: the sad one (1) or the neutral one too (3). A rating at or below the threshold is low.
 */
export function lowRatingThresholds(survey: 'stars' | 'faces' | 'off'): readonly number[] {
  return survey === 'faces' ? [1, 3] : [1, 2, 3, 4];
}

/** Whether a score is at or below the organization's threshold. */
export const isLowRating = (score: number, threshold: number) => score <= threshold;
