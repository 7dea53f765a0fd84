import { type TWidgetLocale, ZRateConversationRequest, ZWidgetLocale } from '@oceras/protocol';
import { and, eq } from 'drizzle-orm';
import { conversations, organizations, visitors } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import type { Services } from '../../services.js';
import { ratingChoices } from '../email/rating-templates.js';
import { presentWidgetSettings } from '../organizations/organization.presenter.js';
import { rateConversation } from './rate-conversation.js';
import { readRatingToken } from './rating-link.js';

/** The rating page's state: a form to fill in, or why there is none. */
export type RatingPage =
  | { kind: 'invalid' | 'expired' | 'unavailable'; locale: TWidgetLocale }
  | {
      kind: 'form';
      locale: TWidgetLocale;
      organizationName: string;
      color: string;
      conversationNumber: number;
      choices: ReturnType<typeof ratingChoices>;
      rating: { score: number; comment: string | null } | null;
      /** The choice shown selected: the link's (`?score=`), else the rating given. */
      chosen?: number;
      /** The form was sent without a valid choice. */
      hasError?: boolean;
      /** The rating was just recorded. */
      isRated?: boolean;
      target: { organizationId: string; conversationId: string; visitorId: string };
    };

/**
 * What a rating link opens: the token checked (forged, cut or for another server: `invalid`; past its expiry by
 * the server's clock: `expired`), then the conversation, scoped by the token's organization, under the widget
 * route's rules: the organization still asks for ratings, the conversation is still resolved, and its visitor was
 * not erased. Reads only: a mail scanner that follows the link records nothing.
 */
export async function readRatingPage(services: Services, token: string): Promise<RatingPage> {
  const link = readRatingToken(services.env.JWT_SECRET, token);
  if (!link) return { kind: 'invalid', locale: 'en' };
  const [row] = await services.db
    .select({
      number: conversations.number,
      status: conversations.status,
      visitorId: conversations.visitorId,
      ratingScore: conversations.ratingScore,
      ratingComment: conversations.ratingComment,
      locale: visitors.locale,
      erasedAt: visitors.erasedAt,
      name: organizations.name,
      widgetSettings: organizations.widgetSettings,
    })
    .from(conversations)
    .innerJoin(organizations, eq(organizations.id, conversations.organizationId))
    .innerJoin(
      visitors,
      and(eq(visitors.organizationId, conversations.organizationId), eq(visitors.id, conversations.visitorId)),
    )
    .where(and(eq(conversations.organizationId, link.organizationId), eq(conversations.id, link.conversationId)));
  if (!row) return { kind: 'invalid', locale: 'en' };
  const locale = ZWidgetLocale.safeParse(row.locale).data ?? 'en';
  if (link.expiresAt.getTime() <= services.clock().getTime()) return { kind: 'expired', locale };
  const settings = presentWidgetSettings(row);
  if (settings.satisfactionSurvey === 'off' || row.status !== 'resolved' || row.erasedAt !== null)
    return { kind: 'unavailable', locale };
  return {
    kind: 'form',
    locale,
    organizationName: row.name,
    color: settings.color,
    conversationNumber: row.number,
    choices: ratingChoices(locale, settings.satisfactionSurvey),
    rating: row.ratingScore === null ? null : { score: row.ratingScore, comment: row.ratingComment },
    target: { organizationId: link.organizationId, conversationId: link.conversationId, visitorId: row.visitorId },
  };
}

/**
 * The rating page's form, sent: the choice must be one of the organization's scale (three faces are 1, 3 and 5),
 * the comment what the widget accepts; then the widget's own command records it as the conversation's visitor
 * (one rating per conversation, a later one replaces it; agents see it live). The token in the path is the form's
 * only credential (no cookie is involved, so another site cannot post it for the visitor).
 */
export async function rateByEmail(
  services: Services,
  token: string,
  form: { score: string | null; comment: string | null },
): Promise<RatingPage> {
  const page = await readRatingPage(services, token);
  if (page.kind !== 'form') return page;
  const score = Number(form.score);
  const body = ZRateConversationRequest.safeParse({ score, comment: form.comment?.trim() || undefined });
  if (!body.success || !page.choices.some((c) => c.score === score)) return { ...page, hasError: true };
  const { organizationId, conversationId, visitorId } = page.target;
  try {
    const rated = await rateConversation(
      services,
      { kind: 'visitor', organizationId, visitorId },
      conversationId,
      body.data,
    );
    return { ...page, rating: rated.rating, isRated: true };
  } catch (err) {
    if (err instanceof AppError && err.code === 'RATING_UNAVAILABLE')
      return { kind: 'unavailable', locale: page.locale };
    throw err;
  }
}
