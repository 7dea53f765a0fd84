import type { TCustomAttributes } from '@oceras/protocol';
import { inTransaction } from '../../db/transaction.js';
import { forbidden, notFound } from '../../lib/errors.js';
import { JsonDownload, jsonArray, jsonObject, paged } from '../../lib/json-stream.js';
import type { AgentPrincipal, VisitorPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import { presentNote } from '../contacts/contact.presenter.js';
import { listNotes } from '../contacts/contact.repo.js';
import { type ConversationRow, presentRating } from '../conversations/conversation.presenter.js';
import { messageAuthors } from '../conversations/labels.js';
import { visitorEmails } from '../email/email.repo.js';
import { type MessageView, presentMessageForVisitor } from '../messages/message.presenter.js';
import { attachmentsOf, consentsOf } from './kept-records.js';
import { canActOnVisitor } from './privacy.policy.js';
import {
  findOrganization,
  findVisitor,
  publicMessagesPage,
  visitorConversationsPage,
  visitorSessionsOf,
} from './privacy.repo.js';

/** Messages read per query: the export's memory is about one page, whatever the visitor's history. */
export const EXPORT_PAGE = 500;

/**
 * Access and portability (privacy policy §7) for a visitor: everything kept about them as one JSON document
 * (ZVisitorExport), for their admin or for themselves. The profile is read and the export recorded in the audit
 * log before the first byte; the conversations and their public messages are then read a page at a time as the
 * client downloads (lib/json-stream.ts).
 */
export async function exportVisitor(
  services: Services,
  actor: AgentPrincipal | VisitorPrincipal,
  visitorId: string,
): Promise<JsonDownload> {
  const { organizationId } = actor;
  const visitor = await findVisitor(services.db, organizationId, visitorId);
  if (!visitor) throw notFound('visitor');
  if (!canActOnVisitor(actor, visitorId)) throw forbidden();
  const organization = await findOrganization(services.db, organizationId);
  if (!organization) throw notFound('organization');
  const sessions = await visitorSessionsOf(services.db, organizationId, visitorId);
  const emails = await visitorEmails(services.db, organizationId, visitorId);
  await inTransaction(services, (tx) => recordAudit(tx, actor, 'visitor.exported', { type: 'visitor', id: visitorId }));

  const { db } = services;
  const messagesOf = (conversationId: string) =>
    paged<MessageView>(async (after, size) => {
      const rows = await publicMessagesPage(db, organizationId, conversationId, after?.seq ?? 0, size);
      const authorOf = await messageAuthors(db, organizationId, rows);
      return rows.map((m) => presentMessageForVisitor(m, authorOf(m))!);
    }, EXPORT_PAGE);
  const conversations = paged<ConversationRow>(
    (after, size) => visitorConversationsPage(db, organizationId, visitorId, after, size),
    EXPORT_PAGE,
  );
  const exportedAt = new Date().toISOString();
  return new JsonDownload(
    `oceras-visitor-${visitorId}.json`,
    jsonObject({
      format: 'oceras.visitor-export',
      version: 1,
      exportedAt,
      organization: { name: organization.name },
      visitor: {
        id: visitor.id,
        name: visitor.name,
        email: visitor.email,
        firstSeenAt: visitor.firstSeenAt.toISOString(),
        lastSeenAt: visitor.lastSeenAt.toISOString(),
        isRestricted: visitor.restrictedAt !== null,
        userId: visitor.externalUserId,
        customAttributes: visitor.customAttributes as TCustomAttributes,
        customFields: visitor.customFields,
        locale: visitor.locale,
        pageUrl: visitor.pageUrl,
        phone: visitor.phone,
        company: visitor.company,
        timeZone: visitor.timeZone,
        pageTitle: visitor.pageTitle,
      },
      // Agents' notes about them: in the admin's export (an access request's answer), not the widget's (notes are
      // the agents', as the conversations' internal notes are).
      notes:
        actor.kind === 'agent'
          ? (await listNotes(services.db, organizationId, visitorId, 'all')).map(presentNote)
          : undefined,
      // Only the last widget session's address and browser are kept (visitors.ip, user_agent).
      network:
        visitor.ip || visitor.userAgent
          ? [{ ip: visitor.ip, userAgent: visitor.userAgent, seenAt: visitor.lastSeenAt.toISOString() }]
          : [],
      sessions: sessions.map((s) => ({
        createdAt: s.createdAt.toISOString(),
        revokedAt: s.revokedAt?.toISOString() ?? null,
      })),
      consents: jsonArray(consentsOf(services, organizationId, visitorId)),
      attachments: jsonArray(attachmentsOf(services, organizationId, visitorId)),
      conversations: jsonArray(conversations, (c) =>
        jsonObject({
          id: c.id,
          status: c.status,
          createdAt: c.createdAt.toISOString(),
          lastActivityAt: c.lastActivityAt.toISOString(),
          rating: presentRating(c),
          pageUrl: c.pageUrl,
          pageTitle: c.pageTitle,
          customFields: c.customFields,
          messages: jsonArray(messagesOf(c.id)),
        }),
      ),
      emails: emails.map((e) => ({
        conversationId: e.conversationId,
        recipient: e.recipient,
        subject: e.subject,
        status: e.status,
        createdAt: e.createdAt.toISOString(),
        sentAt: e.sentAt?.toISOString() ?? null,
      })),
    }),
  );
}
