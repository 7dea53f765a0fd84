import { ZWidgetLocale } from '@oceras/protocol';
import type { CoreServices } from '../../services.js';
import { settleThread } from '../email/email.repo.js';
import { canEmailVisitor } from '../email/followup-policy.js';
import { renderRatingEmail } from '../email/rating-templates.js';
import { enqueueThreadEmail, messageIdDomain, newReplyToken, unsubscribeUrl } from '../email/thread-email.js';
import { presentWidgetSettings } from '../organizations/organization.presenter.js';
import { type DueRating, lockDueRatings } from './rating-email.repo.js';
import { RATING_LINK_TTL_DAYS, RATING_PAGE_PATH, ratingToken } from './rating-link.js';

const THREADS_PER_PASS = 50;

/**
 * Whether a resolve becomes a rating email: the organization asks for ratings, the conversation is still resolved
 * and was not rated since, the visitor can be emailed (canEmailVisitor), and they have left: no widget socket open on
 * any process (a visitor still in the chat gets the widget's rating card instead, not an email as well). A resolve
 * more than a day old is not asked about any more.
 */
export function wantsRatingEmail(services: Pick<CoreServices, 'env' | 'presence'>, t: DueRating) {
  const { satisfactionSurvey } = presentWidgetSettings({
    name: t.organization_name,
    widgetSettings: t.widget_settings,
  });
  return (
    satisfactionSurvey !== 'off' &&
    t.status === 'resolved' &&
    t.is_recent &&
    (t.rated_at === null || t.rated_at < t.rating_due_at) &&
    canEmailVisitor(services.env, {
      email: t.visitor_email,
      erasedAt: t.visitor_erased_at,
      restrictedAt: t.visitor_restricted_at,
      unsubscribedAt: t.unsubscribed_at,
    }) &&
    !services.presence.isVisitorConnected(t.visitor_id)
  );
}

/**
 * The rating pass (run by the email worker): each resolve marked by the trigger of migration 0027 is decided once
 * (wantsRatingEmail); a wanted one becomes one email in the visitor's language with the organization's scale as
 * links, queued in the transaction that clears the mark, so a crash neither loses nor doubles it. Each link carries
 * a signed, expiring token of the conversation (rating-link.ts) and opens the rating page, which records nothing
 * until the visitor submits it. Answers how many threads it took (a full batch: run again).
 */
export async function queueDueRatingEmails(services: CoreServices): Promise<number> {
  const { env } = services;
  const base = env.PUBLIC_URL.replace(/\/$/, '');
  return services.db.transaction(async (tx) => {
    const due = await lockDueRatings(tx, THREADS_PER_PASS);
    for (const t of due) {
      if (!wantsRatingEmail(services, t)) {
        await settleThread(tx, 'ratingDueAt', t.organization_id, t.conversation_id);
        continue;
      }
      const survey = presentWidgetSettings({ name: t.organization_name, widgetSettings: t.widget_settings });
      const token = ratingToken(env.JWT_SECRET, {
        organizationId: t.organization_id,
        conversationId: t.conversation_id,
        expiresAt: new Date(services.clock().getTime() + RATING_LINK_TTL_DAYS * 86_400_000),
      });
      const content = renderRatingEmail({
        locale: ZWidgetLocale.safeParse(t.visitor_locale).data ?? 'en',
        organizationName: t.organization_name,
        color: survey.color ?? '#1f6feb',
        conversationNumber: t.conversation_number,
        survey: survey.satisfactionSurvey === 'faces' ? 'faces' : 'stars',
        link: (score) => `${base}${RATING_PAGE_PATH}/${token}?score=${score}`,
        unsubscribeUrl: unsubscribeUrl(env, t.conversation_id),
      });
      const messageId = `<rating.${t.conversation_id}.${new Date(t.rating_due_at).getTime()}@${messageIdDomain(env)}>`;
      const replyToken = t.reply_token ?? newReplyToken();
      await enqueueThreadEmail(tx, env, t, { kind: 'rating', ...content, messageId, replyToken, isAutomatic: true });
      await settleThread(tx, 'ratingDueAt', t.organization_id, t.conversation_id, { messageId, replyToken });
    }
    return due.length === THREADS_PER_PASS ? due.length : 0;
  });
}
