import { and, eq } from 'drizzle-orm';
import { conversations } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import type { Services } from '../../services.js';
import { changeConversation } from '../conversations/change-conversation.js';
import { lockAssignment, pickNext, takeAgent } from './assignment.repo.js';

type Outcome = 'assigned' | 'idle' | 'changed';

/**
 * One decision, in its own short transaction under the organization's assignment lock: the next queued conversation
 * and its agent (one statement, assignment.repo.ts), then the assignment through changeConversation, so that the
 * system line (with why) and `conversation.updated` come out the usual way. `changed`: the conversation or the agent
 * moved between the pick and the locks (an agent took it, the agent went offline); the next pick reads them again.
 */
export async function assignNext(services: Pick<Services, 'db' | 'bus'>, organizationId: string): Promise<Outcome> {
  return inTransaction(services, async (tx, uow) => {
    await lockAssignment(tx, organizationId);
    const pick = await pickNext(tx, organizationId);
    if (!pick) return 'idle';
    const [conv] = await tx
      .select()
      .from(conversations)
      .where(and(eq(conversations.organizationId, organizationId), eq(conversations.id, pick.conversationId)))
      .for('update');
    if (!conv || conv.assigneeId !== null || conv.status !== 'open') return 'changed';
    if (!(await takeAgent(tx, organizationId, pick.agentId))) return 'changed';
    await changeConversation(
      tx,
      uow,
      conv,
      { assigneeId: pick.agentId },
      {
        by: null,
        reason: 'auto_assigned',
        facts: { rule: 'fewest_open', open: pick.open, capacity: pick.capacity, teamId: conv.teamId },
      },
    );
    return 'assigned';
  });
}

/**
 * Hands out the organization's queue until nobody has room or `max` decisions were made (the caller comes back
 * for the rest). Answers how many conversations were assigned.
 */
export async function assignQueued(services: Pick<Services, 'db' | 'bus'>, organizationId: string, max: number) {
  let assigned = 0;
  // A `changed` outcome means something else moved; a few in a row are fine, an endless run is not.
  for (let tries = 0; assigned < max && tries < max * 2; tries++) {
    const outcome = await assignNext(services, organizationId);
    if (outcome === 'idle') break;
    if (outcome === 'assigned') assigned++;
  }
  return assigned;
}
