import { inTransaction } from '../../db/transaction.js';
import { recordEvent } from '../../events/record-event.js';
import { forbidden, notFound } from '../../lib/errors.js';
import type { AgentPrincipal, VisitorPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import { presentConversation } from '../conversations/conversation.presenter.js';
import { eraseFilesOf } from './erase-files.js';
import { canActOnVisitor } from './privacy.policy.js';
import {
  eraseVisitorProfile,
  findVisitor,
  lockVisitorConversations,
  VISITOR_ERASERS,
  type VisitorTarget,
} from './privacy.repo.js';

/**
 * Erasure (privacy policy §7) of a visitor, by their admin or by themselves: their name, email, IP address, browser,
 * messages, files and push records are gone from the live database when this returns; their conversations stay
 * as shells (number, status, times) for the organization's counts, resolved and empty. Their sessions end (every
 * process closes their sockets), and agents' clients are told (`conversation.updated` for each conversation, then
 * `visitor.erased`). Erasing an erased visitor changes nothing.
 */
export async function eraseVisitor(
  services: Services,
  actor: AgentPrincipal | VisitorPrincipal,
  visitorId: string,
): Promise<void> {
  const { organizationId } = actor;
  const found = await findVisitor(services.db, organizationId, visitorId);
  if (!found) throw notFound('visitor');
  if (!canActOnVisitor(actor, visitorId)) throw forbidden();
  if (found.erasedAt) return;
  await eraseFilesOf(services, { organizationId, visitorId });
  await inTransaction(services, async (tx, uow) => {
    const locked = await lockVisitorConversations(tx, organizationId, visitorId);
    const target: VisitorTarget = { organizationId, visitorId, conversationIds: locked.map((c) => c.id) };
    const erased: Record<string, number> = {};
    for (const eraser of VISITOR_ERASERS) erased[eraser.key] = await eraser.erase(tx, target);
    const shells = await lockVisitorConversations(tx, organizationId, visitorId);
    const label = { id: visitorId, name: null, email: null, isErased: true };
    for (const conv of shells) {
      await recordEvent(tx, uow, organizationId, {
        type: 'conversation.updated',
        conversationId: conv.id,
        payload: {
          conversation: presentConversation(conv, label),
          changes: ['status', 'subject', 'visitor', 'lastMessagePreview'],
        },
      });
    }
    await recordEvent(tx, uow, organizationId, {
      type: 'visitor.erased',
      payload: { visitorId, conversationIds: target.conversationIds },
    });
    // Last: the visitor's row after the organization's (record-event.ts's lock order).
    await eraseVisitorProfile(tx, organizationId, visitorId);
    await recordAudit(tx, actor, 'visitor.erased', { type: 'visitor', id: visitorId }, erased);
    uow.afterCommit.push(() => services.bus.signal({ kind: 'visitor-sessions-revoked', organizationId, visitorId }));
  });
}
