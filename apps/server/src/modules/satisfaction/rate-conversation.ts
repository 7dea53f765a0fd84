import type { TRateConversationRequest, TVisitorConversation } from '@oceras/protocol';
import { and, eq } from 'drizzle-orm';
import { conversations, organizations } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { VisitorPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { changeConversation } from '../conversations/change-conversation.js';
import { presentVisitorConversation } from '../conversations/conversation.presenter.js';
import { agentLabel } from '../conversations/labels.js';
import { presentWidgetSettings } from '../organizations/organization.presenter.js';
import { actOnLowRating } from './act-on-low-rating.js';

/**
 * POST /api/v1/widget/conversations/:id/rating: the visitor rates their resolved conversation (issue 18). Rating
 * again replaces the score and comment. Agents see it live (`conversation.updated` with `rating`, and a line in the
 * thread); the visitor's other tabs and devices too. A low rating may reopen it and tell the team
 * (act-on-low-rating.ts).
 */
export async function rateConversation(
  services: Services,
  actor: VisitorPrincipal,
  conversationId: string,
  body: TRateConversationRequest,
): Promise<TVisitorConversation> {
  return inTransaction(services, async (tx, uow) => {
    const [conv] = await tx
      .select()
      .from(conversations)
      .where(
        and(
          eq(conversations.organizationId, actor.organizationId),
          eq(conversations.visitorId, actor.visitorId),
          eq(conversations.id, conversationId),
        ),
      )
      .for('update');
    if (!conv) throw notFound('conversation');
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, actor.organizationId));
    if (!org || presentWidgetSettings(org).satisfactionSurvey === 'off')
      throw new AppError('RATING_UNAVAILABLE', 'this organization does not ask for ratings');
    if (conv.status !== 'resolved')
      throw new AppError('RATING_UNAVAILABLE', 'only a resolved conversation can be rated');
    const scale = presentWidgetSettings(org).satisfactionSurvey === 'faces' ? 'faces' : 'stars';
    const rated = await changeConversation(
      tx,
      uow,
      conv,
      { rating: { score: body.score, comment: body.comment || null, scale } },
      { by: null },
    );
    const fresh = await actOnLowRating(tx, uow, services, org, conv, rated, scale);
    return presentVisitorConversation(fresh, await agentLabel(tx, actor.organizationId, fresh.assigneeId));
  });
}
