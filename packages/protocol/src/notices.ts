// What the Mentions list of both apps holds, and how a rating is said, without zod: the apps import this subpath.
import { FACE_SCORES } from './satisfaction.js';

/**
 * What a row of the Mentions list is about: a colleague's `@name` in a note, or a visitor's low rating the agent
 * is told of (the server's act-on-low-rating.ts). A client names the kinds it knows in `kinds`; an older client,
 * which names none, gets mentions only, as before. A client drops a kind it does not know (`knownNotices`).
 */
export const NOTICE_KINDS = ['mention', 'low_rating'] as const;
export type TNoticeKind = (typeof NOTICE_KINDS)[number];

/** A rating's scale: 1 to 5 stars, or three faces (scores 1, 3 and 5). */
export const RATING_SCALES = ['stars', 'faces'] as const;
export type TRatingScale = (typeof RATING_SCALES)[number];

/** The face a score stands for on the faces scale (FACE_SCORES): sad, neutral or happy. */
export function ratingFace(score: number): 'sad' | 'neutral' | 'happy' {
  if (score <= FACE_SCORES[0]) return 'sad';
  return score < FACE_SCORES[2] ? 'neutral' : 'happy';
}

/**
 * A rating in a reader's words: `stars` fills `{score}` ("2/5"), faces names the face. Each app and the server's
 * catalogs pass their own words, so the one rule says a rating everywhere.
 */
export function ratingText(
  rating: { score: number; scale?: string | null },
  words: { stars: string; faces: { sad: string; neutral: string; happy: string } },
): string {
  if (rating.scale === 'faces') return words.faces[ratingFace(rating.score)];
  return words.stars.replace('{score}', String(rating.score));
}

/** The notices of a kind this client knows, in their order (a newer server may send more kinds). */
export function knownNotices<T extends { kind?: string }>(notices: readonly T[]): T[] {
  return notices.filter((n) => (NOTICE_KINDS as readonly string[]).includes(n.kind ?? 'mention'));
}

/** The `kinds` query of the Mentions list: every kind this client knows. */
export const NOTICE_KINDS_QUERY = NOTICE_KINDS.join(',');
