import { isLowRating, type TRatingScale } from '@oceras/protocol';
import type { Tx } from '../../db/client.js';
import type { organizations } from '../../db/schema.js';
import type { UnitOfWork } from '../../events/record-event.js';
import type { Services } from '../../services.js';
import { insertNotices, latestRatingLine, lowRatingRecipients } from '../agent-notices/agent-notices.repo.js';
import { changeConversation } from '../conversations/change-conversation.js';
import type { ConversationRow } from '../conversations/conversation.presenter.js';
import { lowRatingActionsOf } from '../organizations/organization.presenter.js';
import { queueLowRatingPushes } from '../push/queue-low-rating-pushes.js';

/**
 * What a visitor's low rating does (issue 18), in the rating's transaction, once the rating is written
 * (`before`: the conversation as it was, `rated`: with the new rating). At or below the organization's threshold:
 *
 * L1. `reopen`: a resolved conversation becomes open through changeConversation (the `conversation.updated`
 *     event, a line whose `system` says `low_rating`, the score and the scale (the apps say "Reopened: rated 1/5"
 *     in their words), the assignment queue: as an agent's reopen).
 * L2. `notify`: the assignee (unassigned, or the assignee gone: the admins and managers) gets a `low_rating` notice
 *     (the email pass mails it to those offline, in their language), and a push (push-recipients.ts R12).
 * L3. Once per rating: a rating given again with the same score does nothing more (the visitor re-rating, a page
 *     sent twice); a new low score is a new rating and acts; a score above the threshold never acts. The caller
 *     holds the conversation's row lock, so two ratings at once are decided one after the other.
 */
export async function actOnLowRating(
  tx: Tx,
  uow: UnitOfWork,
  services: Pick<Services, 'push' | 'email'>,
  org: Pick<typeof organizations.$inferSelect, 'lowRatingActions'>,
  before: ConversationRow,
  rated: ConversationRow,
  scale: TRatingScale,
): Promise<ConversationRow> {
  const actions = lowRatingActionsOf(org);
  const score = rated.ratingScore;
  if (score === null || (!actions.reopen && !actions.notify)) return rated;
  if (!isLowRating(score, actions.threshold) || before.ratingScore === score) return rated;
  let fresh = rated;
  if (actions.reopen && rated.status === 'resolved')
    fresh = await changeConversation(
      tx,
      uow,
      rated,
      { status: 'open', snoozedUntil: null },
      { by: null, reason: 'low_rating', facts: { score, scale } },
    );
  if (!actions.notify) return fresh;
  const lineId = await latestRatingLine(tx, rated.organizationId, rated.id);
  if (!lineId) return fresh;
  const agentIds = await lowRatingRecipients(tx, rated.organizationId, rated.assigneeId);
  const notices = await insertNotices(
    tx,
    rated.organizationId,
    agentIds.map((agentId) => ({
      agentId,
      kind: 'low_rating',
      conversationId: rated.id,
      messageId: lineId,
      authorId: null,
      emailDueAt: new Date(),
    })),
  );
  const queued = await queueLowRatingPushes(
    tx,
    rated.organizationId,
    notices.map((n) => n.agentId),
    {
      conversationId: rated.id,
      conversationNumber: rated.number,
      messageId: lineId,
      score,
      scale,
      comment: rated.ratingComment,
    },
  );
  uow.afterCommit.push(() => {
    if (queued > 0) services.push.wake(rated.organizationId);
    if (notices.length > 0) services.email.wake();
  });
  return fresh;
}
