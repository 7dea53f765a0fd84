import type { TMention } from '@oceras/protocol';
import { ratingText } from '@oceras/protocol/notices';
import { fill, type Strings } from '../../i18n/i18n';

/**
 * What a row of the Mentions list says, in the reader's language: who mentioned me, or the visitor's low rating
 * on its scale ("2/5", or the face).
 */
export function noticeTitle(notice: TMention, strings: Pick<Strings, 'mentions' | 'rating'>): string {
  const t = strings.mentions;
  if (notice.kind === 'low_rating')
    return fill(t.lowRating, { rating: ratingText(notice.rating ?? { score: 1 }, strings.rating) });
  return fill(t.mentionedYou, { name: notice.author?.name ?? t.aColleague });
}
