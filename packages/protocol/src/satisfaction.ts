// The satisfaction survey's numbers, without zod: the widget's chat imports them (its bundle carries no schema).

/** The scores the three faces stand for, so both scales land on one 1–5 axis in the reports. */
export const FACE_SCORES = [1, 3, 5] as const;
/** A rating of 4 or 5 is a satisfied visitor: the CSAT score is their share of the ratings. */
export const SATISFIED_FROM = 4;
