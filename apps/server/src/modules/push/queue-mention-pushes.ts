import type { TMention } from '@oceras/protocol';
import type { Tx } from '../../db/client.js';
import { devicesForPush, insertMessageDeliveries } from './push.repo.js';
import { PUSH_TITLE_MAX, pushStrings, shorten, wantsMentionPush } from './push-recipients.js';

/**
 * Queues the pushes of a note's mentions (push-recipients.ts R11) in the note's transaction, one per device of each
 * mentioned agent who wants them. `viewers`: agents who have the conversation open (R4). Answers how many.
 */
export async function queueMentionPushes(
  tx: Tx,
  organizationId: string,
  mentions: readonly { agentId: string; mention: TMention }[],
  viewers: ReadonlySet<string>,
): Promise<number> {
  const wanted = mentions.filter((m) => !viewers.has(m.agentId));
  if (wanted.length === 0) return 0;
  const devices = await devicesForPush(tx, organizationId);
  const pushes = wanted.flatMap(({ agentId, mention }) =>
    devices
      .filter((d) => wantsMentionPush(organizationId, agentId, d))
      .map((d) => ({
        agentId,
        deviceId: d.deviceId,
        conversationId: mention.conversationId,
        messageId: mention.messageId,
        title: shorten(pushStrings(d.language).mentioned(mention.author?.name ?? null), PUSH_TITLE_MAX),
        body: mention.excerpt,
        data: { kind: 'mention' as const, conversationId: mention.conversationId, messageId: mention.messageId },
      })),
  );
  return insertMessageDeliveries(tx, organizationId, pushes, 'mention');
}
