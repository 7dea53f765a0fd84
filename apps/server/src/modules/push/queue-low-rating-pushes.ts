import type { TRatingScale } from '@oceras/protocol';
import type { Tx } from '../../db/client.js';
import { agentLanguage, agentRatingText } from '../email/agent-email-i18n/index.js';
import { devicesForPush, insertMessageDeliveries } from './push.repo.js';
import { PUSH_TITLE_MAX, pushStrings, shorten, wantsLowRatingPush } from './push-recipients.js';

export interface LowRatingPush {
  conversationId: string;
  conversationNumber: number;
  /** The rating's line in the thread: the push hangs on it (one per line and device). */
  messageId: string;
  score: number;
  scale: TRatingScale;
  comment: string | null;
}

/**
 * Queues the pushes of a low rating (push-recipients.ts R12) in the rating's transaction, one per device of each
 * agent told. Answers how many.
 */
export async function queueLowRatingPushes(
  tx: Tx,
  organizationId: string,
  agentIds: readonly string[],
  rating: LowRatingPush,
): Promise<number> {
  if (agentIds.length === 0) return 0;
  const devices = await devicesForPush(tx, organizationId);
  const said = (language: unknown) => agentRatingText(agentLanguage(language), rating);
  const pushes = agentIds.flatMap((agentId) =>
    devices
      .filter((d) => wantsLowRatingPush(organizationId, agentId, d))
      .map((d) => ({
        agentId,
        deviceId: d.deviceId,
        conversationId: rating.conversationId,
        messageId: rating.messageId,
        title: shorten(
          pushStrings(d.language).lowRatingTitle(said(d.language), rating.conversationNumber),
          PUSH_TITLE_MAX,
        ),
        body: shorten(rating.comment || pushStrings(d.language).lowRatingBody(said(d.language))),
        data: { kind: 'low_rating' as const, conversationId: rating.conversationId, messageId: rating.messageId },
      })),
  );
  return insertMessageDeliveries(tx, organizationId, pushes, 'low_rating');
}
