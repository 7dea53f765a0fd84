import type { TVisitorConversation } from '@oceras/protocol';
import { FACE_SCORES } from '@oceras/protocol/satisfaction';
import { useState } from 'preact/hooks';
import { format, type Strings } from './i18n.js';
import type { Settings } from './reducer.js';
import type { ChatModel } from './store.js';

const FACES = ['😞', '😐', '😊'] as const;

/**
 * Asks the visitor to rate a resolved conversation (issue 18), with five stars or three faces as the organization
 * chose; then thanks them and offers a comment. Choosing again replaces the score. Writing a new message reopens
 * the conversation, and the card goes away with the resolved status.
 */
export function RatingCard({
  conversation,
  survey,
  store,
  t,
}: {
  conversation: TVisitorConversation;
  survey: Settings['satisfactionSurvey'];
  store: ChatModel;
  t: Strings;
}) {
  const [comment, setComment] = useState('');
  const [isBusy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const rating = conversation.rating;
  const rate = async (score: number, text?: string) => {
    setBusy(true);
    setFailed(false);
    try {
      await store.rate(conversation.id, score, text);
      if (text) setComment('');
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  const choices =
    survey === 'faces'
      ? FACE_SCORES.map((score, i) => ({ score, label: [t.faceBad, t.faceOk, t.faceGreat][i]!, face: FACES[i]! }))
      : [1, 2, 3, 4, 5].map((score) => ({ score, label: format(t.rateScore, { score: String(score) }), face: '★' }));

  return (
    <section class="rating" aria-label={t.rateTitle}>
      <p class="rating-title">{rating ? t.rateThanks : t.rateTitle}</p>
      <fieldset class={`rating-choices ${survey}`} aria-label={t.rateTitle}>
        {choices.map((c) => (
          <button
            key={c.score}
            type="button"
            aria-pressed={rating?.score === c.score}
            aria-label={c.label}
            title={c.label}
            disabled={isBusy}
            class={survey === 'faces' ? '' : rating && c.score <= rating.score ? 'lit' : ''}
            onClick={() => void rate(c.score)}
          >
            <span aria-hidden="true">{c.face}</span>
          </button>
        ))}
      </fieldset>
      {rating && !rating.comment && (
        <form
          class="rating-comment"
          onSubmit={(e) => {
            e.preventDefault();
            if (comment.trim()) void rate(rating.score, comment);
          }}
        >
          <label for="rating-comment" class="sr-only">
            {t.rateComment}
          </label>
          <textarea
            id="rating-comment"
            rows={2}
            maxLength={1000}
            placeholder={t.rateComment}
            value={comment}
            onInput={(e) => setComment(e.currentTarget.value)}
          />
          <button type="submit" class="rating-send" disabled={isBusy || !comment.trim()}>
            {t.rateSend}
          </button>
        </form>
      )}
      {failed && (
        <p class="rating-error" role="alert">
          {t.rateFailed}
        </p>
      )}
    </section>
  );
}
