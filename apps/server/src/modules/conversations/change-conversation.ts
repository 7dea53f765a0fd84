import { ratingText, type TRatingScale } from '@oceras/protocol/notices';
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { conversationStatusChanges, conversations, organizations } from '../../db/schema.js';
import type { UnitOfWork } from '../../events/record-event.js';
import { notFound } from '../../lib/errors.js';
import { recordAssignmentNotice } from '../agent-notices/record-notices.js';
import { assertRequiredFieldsFilled } from '../custom-fields/check-field-values.js';
import { writeMessage } from '../messages/write-message.js';
import type { Status } from './conversation.policy.js';
import type { ConversationRow } from './conversation.presenter.js';
import { recordConversationEvent } from './conversation-events.js';

export interface ConversationChange {
  status?: Status;
  snoozedUntil?: Date | null;
  assigneeId?: string | null;
  /** Its team; the caller checked that the team is the organization's. */
  teamId?: string | null;
  priority?: ConversationRow['priority'];
  tags?: string[];
  subject?: string | null;
  /**
   * A visitor's rating (they give it once the conversation is resolved); rating again replaces it. `scale`: the
   * survey's at the time (stars unless said), kept in the line so the apps say it right after the setting changes.
   */
  rating?: { score: number; comment: string | null; scale?: TRatingScale };
}

/**
 * Who changed it and why: an agent (`by` their id) or the system (`by` null). `snooze_ended` is the scheduler
 * waking a conversation, `visitor_wrote` a visitor's message reopening one (no line: the message says it),
 * `replied` an agent taking a conversation by answering it (assign-on-reply), `auto_assigned` the assignment
 * engine handing it out (modules/assignment), `assignee_offline` the engine taking it back from an assignee offline
 * past the organization's grace period, `low_rating` a visitor's low rating reopening it (modules/satisfaction,
 * `facts.score` the rating, `facts.scale` its scale).
 */
export interface ChangeCause {
  by: string | null;
  reason?: 'snooze_ended' | 'visitor_wrote' | 'replied' | 'auto_assigned' | 'assignee_offline' | 'low_rating';
  /** What the engine weighed, kept in the system line (`open`, `capacity`, `rule`, `offlineMinutes`). */
  facts?: Record<string, unknown>;
}

/** The system line's words for an assignment; the apps say it in their own words from `system`. */
function assignmentBody(to: string | null, cause: ChangeCause) {
  if (cause.reason === 'auto_assigned') return 'Assigned automatically: fewest open conversations';
  if (cause.reason === 'assignee_offline') return 'Unassigned automatically: the assignee is offline';
  return to ? 'Conversation assigned' : 'Conversation unassigned';
}

type Line = { body: string; system: Record<string, unknown> };

/**
 * A rating in the line's stored English (what older clients show; the apps say it from `system`'s `score` and
 * `scale`, ratingText).
 */
const englishRating = (facts: { score?: unknown; scale?: unknown } | undefined) =>
  ratingText(
    { score: Number(facts?.score), scale: typeof facts?.scale === 'string' ? facts.scale : null },
    { stars: '{score}/5', faces: { sad: 'sad face', neutral: 'neutral face', happy: 'happy face' } },
  );

/**
 * THE command that changes a conversation's ticket fields, whoever asks: an agent's update, the snooze wake-up, a
 * visitor's message reopening it, an answer assigning it. It writes the row, a system line for each status move
 * and assignment (in the thread, for agents), the new assignee's notice (their email, modules/agent-notices), and
 * one `conversation.updated` naming the fields that changed. The
 * caller has locked `before` (SELECT ... FOR UPDATE) and decided that the change is allowed.
 */
export async function changeConversation(
  tx: Tx,
  uow: UnitOfWork,
  before: ConversationRow,
  change: ConversationChange,
  cause: ChangeCause,
): Promise<ConversationRow> {
  const patch: Partial<typeof conversations.$inferInsert> = {};
  const changes: string[] = [];
  const lines: Line[] = [];

  // Required-on-resolve custom fields bind agents (`by` set: their update, and any later path that resolves for
  // them); the system's own moves (`by` null) never resolve today, and would not be held up by a form nobody fills.
  if (change.status === 'resolved' && before.status !== 'resolved' && cause.by !== null)
    await assertRequiredFieldsFilled(tx, before.organizationId, before.customFields);
  // Snoozing again moves the time: a move, with its line, though the status stays.
  if (change.status !== undefined && (change.status !== before.status || change.status === 'snoozed')) {
    if (change.status !== before.status) {
      patch.status = change.status;
      changes.push('status');
    }
    if (cause.reason === 'snooze_ended')
      lines.push({
        body: 'Snooze ended',
        system: { action: 'status_changed', from: before.status, to: change.status, by: null },
      });
    else if (cause.reason === 'low_rating')
      lines.push({
        body: `Reopened: rated ${englishRating(cause.facts)}`,
        system: {
          action: 'status_changed',
          from: before.status,
          to: change.status,
          by: null,
          reason: 'low_rating',
          ...cause.facts,
        },
      });
    else if (cause.reason !== 'visitor_wrote')
      lines.push({
        body: `Status changed to ${change.status}`,
        system: { action: 'status_changed', from: before.status, to: change.status, by: cause.by },
      });
  }
  if (change.snoozedUntil !== undefined && change.snoozedUntil?.getTime() !== before.snoozedUntil?.getTime()) {
    patch.snoozedUntil = change.snoozedUntil;
    changes.push('snoozedUntil');
  }
  if (change.assigneeId !== undefined && change.assigneeId !== before.assigneeId) {
    patch.assigneeId = change.assigneeId;
    changes.push('assigneeId');
    lines.push({
      body: assignmentBody(change.assigneeId, cause),
      system: {
        action: 'assigned',
        from: before.assigneeId,
        to: change.assigneeId,
        by: cause.by,
        ...(cause.reason === 'replied' || cause.reason === 'auto_assigned' || cause.reason === 'assignee_offline'
          ? { reason: cause.reason }
          : {}),
        ...cause.facts,
      },
    });
  }
  if (change.teamId !== undefined && change.teamId !== before.teamId) {
    patch.teamId = change.teamId;
    changes.push('teamId');
    lines.push({
      body: change.teamId ? 'Team changed' : 'Team removed',
      system: { action: 'team_changed', from: before.teamId, to: change.teamId, by: cause.by },
    });
  }
  // The assignment queue's order (modules/assignment): a conversation joins it again when it becomes open and
  // unassigned (reopened, unassigned, moved to another team).
  const status = patch.status ?? before.status;
  const assignee = patch.assigneeId !== undefined ? patch.assigneeId : before.assigneeId;
  if (
    status === 'open' &&
    assignee === null &&
    (patch.status !== undefined || patch.assigneeId !== undefined || patch.teamId !== undefined)
  )
    patch.queuedAt = sql`now()` as never;
  if (change.priority !== undefined && change.priority !== before.priority) {
    patch.priority = change.priority;
    changes.push('priority');
  }
  if (change.tags !== undefined) {
    const tags = [...new Set(change.tags)].sort();
    if (tags.join('\u0000') !== [...before.tags].sort().join('\u0000')) {
      patch.tags = tags;
      changes.push('tags');
    }
  }
  if (change.subject !== undefined && change.subject !== before.subject) {
    patch.subject = change.subject;
    changes.push('subject');
  }
  if (change.rating !== undefined) {
    patch.ratingScore = change.rating.score;
    patch.ratingComment = change.rating.comment;
    patch.ratedAt = sql`now()` as never;
    changes.push('rating');
    lines.push({
      body: `Visitor rated the conversation ${englishRating(change.rating)}`,
      system: {
        action: 'rated',
        score: change.rating.score,
        previous: before.ratingScore,
        scale: change.rating.scale ?? 'stars',
      },
    });
  }
  if (changes.length === 0 && lines.length === 0) return before;

  // A new status or assignee moves the trigger-kept inbox counts (conversation_counts), and a status, assignee,
  // team, tags or rating the trigger-kept report rollups (report_days, migration 0032), whose rows every new
  // conversation and a first reply also take, after the organization's row (its counter, its event sequence). The
  // organization's row is locked first here too (the event below takes it anyway), so every path takes them in one
  // order and none can deadlock: a tag change that took the day's rollup row before the organization's would meet
  // a new conversation holding the organization's row and waiting for that rollup row.
  if (
    patch.status !== undefined ||
    patch.assigneeId !== undefined ||
    patch.teamId !== undefined ||
    patch.tags !== undefined ||
    patch.ratingScore !== undefined
  )
    await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, before.organizationId))
      .for('no key update');
  if (changes.length > 0) await tx.update(conversations).set(patch).where(eq(conversations.id, before.id));
  if (patch.status !== undefined) await recordStatusChange(tx, before, patch.status, patch.assigneeId, cause.by);
  if (patch.assigneeId)
    await recordAssignmentNotice(tx, before.organizationId, {
      agentId: patch.assigneeId,
      conversationId: before.id,
      by: cause.by,
    });
  for (const line of lines) {
    await writeMessage(tx, uow, {
      organizationId: before.organizationId,
      conversationId: before.id,
      type: 'system',
      author: { type: 'system', id: null },
      body: line.body,
      clientId: null,
      system: line.system,
    });
  }
  const [fresh] = await tx.select().from(conversations).where(eq(conversations.id, before.id));
  if (!fresh) throw notFound('conversation');
  if (changes.length > 0) await recordConversationEvent(tx, uow, fresh, 'updated', changes);
  return fresh;
}

/**
 * Keeps the move for the reports (migration 0016). A resolution carries how long the conversation had been open:
 * since it was last reopened (its last move out of resolved), or since it was created.
 */
async function recordStatusChange(
  tx: Tx,
  before: ConversationRow,
  to: ConversationRow['status'],
  newAssignee: string | null | undefined,
  by: string | null,
) {
  const t = conversationStatusChanges;
  const openSince = sql`coalesce((select max(${t.changedAt}) from ${t} where ${t.conversationId} = ${before.id} and ${t.fromStatus} = 'resolved'), (select ${conversations.createdAt} from ${conversations} where ${conversations.id} = ${before.id}))`;
  await tx.insert(t).values({
    organizationId: before.organizationId,
    conversationId: before.id,
    fromStatus: before.status,
    toStatus: to,
    agentId: by,
    assigneeId: newAssignee === undefined ? before.assigneeId : newAssignee,
    openMs: to === 'resolved' ? sql`(extract(epoch from now() - ${openSince}) * 1000)::bigint` : null,
  });
}
