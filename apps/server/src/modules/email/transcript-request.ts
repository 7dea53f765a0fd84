import type { TSetTranscriptRequest, TTranscriptQueued, TVisitorConversation } from '@oceras/protocol';
import { and, eq } from 'drizzle-orm';
import { conversations } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import type { AgentPrincipal, VisitorPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { conversationPolicy } from '../conversations/conversation.policy.js';
import { presentVisitorConversation } from '../conversations/conversation.presenter.js';
import { agentLabel } from '../conversations/labels.js';
import { emailReach, markTranscriptDue } from './email.repo.js';
import { canEmailVisitor } from './followup-policy.js';

/** The conversation's email facts (404 for another organization's), and the visitor's address if it may be used. */
async function reachOf(services: Services, db: Parameters<typeof emailReach>[0], orgId: string, id: string) {
  const reach = await emailReach(db, orgId, id);
  if (!reach) throw notFound('conversation');
  const facts = {
    email: reach.email,
    erasedAt: reach.erased_at,
    restrictedAt: reach.restricted_at,
    unsubscribedAt: reach.unsubscribed_at,
  };
  return { assigneeId: reach.assignee_id, email: canEmailVisitor(services.env, facts) ? reach.email : null };
}

const unreachable = () => new AppError('EMAIL_UNAVAILABLE', 'no email can reach this conversation’s visitor');

/**
 * PUT /api/v1/widget/conversations/:id/transcript: the widget's "Email me a transcript" switch. Turning it on needs
 * a visitor who can be emailed (EMAIL_UNAVAILABLE otherwise); the transcript leaves on each resolve (transcript.ts).
 */
export async function setTranscriptRequest(
  services: Services,
  actor: VisitorPrincipal,
  conversationId: string,
  body: TSetTranscriptRequest,
): Promise<TVisitorConversation> {
  return inTransaction(services, async (tx) => {
    const mine = and(
      eq(conversations.organizationId, actor.organizationId),
      eq(conversations.visitorId, actor.visitorId),
      eq(conversations.id, conversationId),
    );
    const [conv] = await tx.select({ id: conversations.id }).from(conversations).where(mine).for('update');
    if (!conv) throw notFound('conversation');
    if (body.emailTranscript && !(await reachOf(services, tx, actor.organizationId, conversationId)).email)
      throw unreachable();
    const [fresh] = await tx
      .update(conversations)
      .set({ emailTranscript: body.emailTranscript })
      .where(mine)
      .returning();
    return presentVisitorConversation(fresh!, await agentLabel(tx, actor.organizationId, fresh!.assigneeId));
  });
}

/**
 * POST /api/v1/conversations/:id/transcript: an agent who may change the conversation emails its transcript to the
 * visitor now, through the outbound queue (the transcript pass picks it up at once).
 */
export async function sendTranscript(
  services: Services,
  actor: AgentPrincipal,
  conversationId: string,
): Promise<TTranscriptQueued> {
  const recipient = await services.db.transaction(async (tx) => {
    const reach = await reachOf(services, tx, actor.organizationId, conversationId);
    if (!conversationPolicy.canChange(actor, reach)) throw forbidden('this conversation is assigned to a colleague');
    if (!reach.email) throw unreachable();
    await markTranscriptDue(tx, actor.organizationId, conversationId);
    return reach.email;
  });
  services.email.wake();
  return { recipient };
}
