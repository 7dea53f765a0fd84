import { and, eq } from 'drizzle-orm';
import { conversations } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import type { Services } from '../../services.js';
import { changeConversation } from '../conversations/change-conversation.js';
import { lockOfflineAssignment, offlineAssignments } from './assignment.repo.js';

/**
 * Takes unresolved conversations back from assignees offline longer than their organization's grace period
 * (`reassignOfflineAfterMinutes`), each through changeConversation (a system line saying why, back in the queue).
 * Safe in every process at once: each conversation is locked with SKIP LOCKED and checked again. Answers the
 * organizations whose queue grew.
 */
export async function releaseOfflineAssignees(services: Pick<Services, 'db' | 'bus'>, limit: number) {
  const touched = new Set<string>();
  for (const { id, organizationId } of await offlineAssignments(services.db, limit)) {
    await inTransaction(services, async (tx, uow) => {
      const due = await lockOfflineAssignment(tx, organizationId, id);
      if (!due) return;
      const [conv] = await tx
        .select()
        .from(conversations)
        .where(and(eq(conversations.organizationId, organizationId), eq(conversations.id, id)));
      if (!conv) return;
      await changeConversation(
        tx,
        uow,
        conv,
        { assigneeId: null },
        { by: null, reason: 'assignee_offline', facts: { offlineMinutes: due.minutes } },
      );
      touched.add(organizationId);
    });
  }
  return [...touched];
}
