import { mentionedAgentIds, type TMention } from '@oceras/protocol';
import type { Tx } from '../../db/client.js';
import type { UnitOfWork } from '../../events/record-event.js';
import type { Services } from '../../services.js';
import { queueMentionPushes } from '../push/queue-mention-pushes.js';
import { insertNotices, mentionCandidates, noteContext } from './agent-notices.repo.js';
import { presentMention } from './mention.presenter.js';

export interface NoteWritten {
  organizationId: string;
  conversationId: string;
  messageId: string;
  authorId: string;
  body: string;
}

/**
 * The mentions of a note, in the note's transaction: the agents its text names (`findMentions`, resolved here among
 * the organization's agents who are not removed, erased or restricted; never the author), one notice each
 * (the mentions list and the email pass read them), their pushes queued; after commit, `mention.created` to each
 * mentioned agent's sockets only. The text is the only source: what the apps highlight is what was resolved.
 */
export async function recordMentions(
  tx: Tx,
  uow: UnitOfWork,
  services: Pick<Services, 'bus' | 'push' | 'email' | 'presence'>,
  note: NoteWritten,
): Promise<{ agentId: string; mention: TMention }[]> {
  if (!note.body.includes('@')) return [];
  const candidates = await mentionCandidates(tx, note.organizationId);
  const agentIds = mentionedAgentIds(note.body, candidates).filter((id) => id !== note.authorId);
  if (agentIds.length === 0) return [];
  const rows = await insertNotices(
    tx,
    note.organizationId,
    agentIds.map((agentId) => ({
      agentId,
      kind: 'mention',
      conversationId: note.conversationId,
      messageId: note.messageId,
      authorId: note.authorId,
      emailDueAt: new Date(),
    })),
  );
  if (rows.length === 0) return [];
  const context = await noteContext(tx, note.organizationId, note.conversationId, note.authorId);
  const mentions = rows.map((r) => ({
    agentId: r.agentId,
    mention: presentMention({
      id: r.id,
      kind: 'mention',
      rating_score: null,
      rating_scale: null,
      conversation_id: r.conversationId,
      conversation_number: context?.number ?? 0,
      message_id: note.messageId,
      author_id: note.authorId,
      author_name: context?.author_name ?? null,
      body: note.body,
      created_at: r.createdAt,
      read_at: null,
    }),
  }));
  const queued = await queueMentionPushes(
    tx,
    note.organizationId,
    mentions,
    new Set(services.presence.viewersOf(note.conversationId)),
  );
  uow.afterCommit.push(() => {
    for (const { agentId, mention } of mentions)
      services.bus.signal({
        kind: 'agent',
        organizationId: note.organizationId,
        agentId,
        event: 'mention.created',
        payload: mention,
      });
    if (queued > 0) services.push.wake(note.organizationId);
    services.email.wake();
  });
  return mentions;
}

/**
 * A conversation given to an agent by someone else (a colleague, an admin, automatic assignment): a notice for the
 * email pass, in the assignment's transaction. Taking it oneself (`by` the assignee) is no news.
 */
export async function recordAssignmentNotice(
  tx: Tx,
  organizationId: string,
  assignment: { agentId: string; conversationId: string; by: string | null },
) {
  if (assignment.by === assignment.agentId) return;
  await insertNotices(tx, organizationId, [
    {
      agentId: assignment.agentId,
      kind: 'assigned',
      conversationId: assignment.conversationId,
      messageId: null,
      authorId: assignment.by,
      emailDueAt: new Date(),
    },
  ]);
}
