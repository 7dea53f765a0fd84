import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { agents, conversations, organizations } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { notFound } from '../../lib/errors.js';
import { Replayed, replayedIf } from '../../lib/replayed.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import type { Services } from '../../services.js';
import { confirmUploads } from '../attachments/confirm-uploads.js';
import { replyToVisitor } from '../auto-replies/reply-to-visitor.js';
import { recordConsent } from '../consent/consent-records.js';
import { presentVisitorConversation } from '../conversations/conversation.presenter.js';
import { findVisitorConversation, insertConversation } from '../conversations/conversation.repo.js';
import { recordConversationEvent } from '../conversations/conversation-events.js';
import { agentLabels } from '../conversations/labels.js';
import { markVisitorRead } from '../conversations/mark-visitor-read.js';
import { hasEmailFollowUp, linkablePageUrl } from '../email/followup-policy.js';
import { startVisitorSession } from '../identity/start-visitor-session.js';
import { appendMessage } from '../messages/append-message.js';
import { listMessages } from '../messages/list-messages.js';
import { visitorSendMessage } from '../messages/visitor-send-message.js';
import { businessHoursOf, presentWidgetSettings } from '../organizations/organization.presenter.js';
import { checkEmbeddingOrigin } from './check-embedding-origin.js';
import { presentWidgetVisitor, updateVisitorProfile } from './update-visitor-profile.js';

async function isAgentOnline(db: Services['db'], organizationId: string) {
  const [online] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(agents)
    .where(and(eq(agents.organizationId, organizationId), eq(agents.availability, 'online'), isNull(agents.removedAt)));
  return Number(online?.n ?? 0) > 0;
}

export const widgetHandlers = {
  /** The loader's first call, from the customer's page: public settings, and the allowedDomains check. */
  async getWidgetConfig({ services, query, request }) {
    const [org] = await services.db
      .select()
      .from(organizations)
      .where(eq(organizations.widgetKey, (query.widgetKey ?? query.key)!));
    if (!org) throw notFound('widget');
    const settings = presentWidgetSettings(org);
    checkEmbeddingOrigin(request, settings.allowedDomains, services.env.PUBLIC_URL);
    const { allowedDomains: _, ...publicSettings } = settings;
    return {
      organization: { name: org.name, widgetSettings: publicSettings },
      isAgentOnline: await isAgentOnline(services.db, org.id),
    };
  },

  /**
   * Starts or resumes a visitor. Name and email are labels only: they never unlock anyone's conversations; a verified
   * userId does (modules/identity/start-visitor-session.ts).
   */
  async createWidgetSession({ services, body, meta, request }) {
    const [org] = await services.db.select().from(organizations).where(eq(organizations.widgetKey, body.widgetKey));
    if (!org) throw notFound('widget');
    const { allowedDomains } = presentWidgetSettings(org);
    checkEmbeddingOrigin(request, allowedDomains, services.env.PUBLIC_URL);
    // What the follow-up emails need (modules/email): the visitor's language and the page, kept only when that page is
    // on the organization's allowedDomains (else anyone could put their link in the organization's emails).
    const pageUrl = body.pageUrl ? linkablePageUrl(body.pageUrl, allowedDomains) : null;
    // The contact's location is the browser's time zone (nothing is looked up from the IP); the page's title goes
    // with the page it names, or not at all.
    const { visitor, sessionToken, isResumed } = await startVisitorSession(services, org, body, meta, {
      ...(body.locale ? { locale: body.locale } : {}),
      ...(pageUrl ? { pageUrl, pageTitle: body.pageTitle ?? null } : {}),
      ...(body.timeZone ? { timeZone: body.timeZone } : {}),
    });
    if (body.consent) await recordConsent(services.db, org.id, visitor.id, body.consent);
    return {
      visitorId: visitor.id,
      sessionToken,
      isResumed,
      visitor: presentWidgetVisitor(visitor),
      organization: {
        name: org.name,
        widgetSettings: presentWidgetSettings(org),
        hasEmailFollowUp: hasEmailFollowUp(services.env, org),
        businessHours: businessHoursOf(org),
        timeZone: org.timeZone,
      },
      isAgentOnline: await isAgentOnline(services.db, org.id),
    };
  },

  /** Labels (name, email), the pre-chat consent, and Oceras.update()'s custom attributes (merged, size-limited). */
  async identifyVisitor({ services, principal, body }) {
    const v = await updateVisitorProfile(services, principal, body);
    if (body.consent) await recordConsent(services.db, principal.organizationId, v.id, body.consent);
    return presentWidgetVisitor(v);
  },

  async listVisitorConversations({ services, principal }) {
    const rows = await services.db
      .select()
      .from(conversations)
      .where(
        and(
          eq(conversations.organizationId, principal.organizationId),
          eq(conversations.visitorId, principal.visitorId),
        ),
      )
      .orderBy(desc(conversations.lastActivityAt))
      .limit(100);
    const labels = await agentLabels(services.db, principal.organizationId, [
      ...new Set(rows.map((r) => r.assigneeId).filter((x): x is string => !!x)),
    ]);
    return {
      conversations: rows.map((c) => presentVisitorConversation(c, (c.assigneeId && labels.get(c.assigneeId)) || null)),
    };
  },

  /** Idempotent by clientId; the optional first message is stored in the same transaction. */
  async startConversation({ services, principal, body }) {
    const { organizationId, visitorId } = principal;
    const existing = await services.db
      .select()
      .from(conversations)
      .where(
        and(
          eq(conversations.organizationId, organizationId),
          eq(conversations.visitorId, visitorId),
          eq(conversations.clientId, body.clientId),
        ),
      );
    if (existing[0]) return new Replayed(presentVisitorConversation(existing[0], null));
    const attachmentIds = body.message?.attachmentIds ?? [];
    await confirmUploads(services, organizationId, { type: 'visitor', id: visitorId }, attachmentIds);
    const conv = await inTransaction(services, async (tx, uow) => {
      const c = await insertConversation(tx, organizationId, {
        visitorId,
        clientId: body.clientId,
        waitingSince: body.message ? new Date() : null,
        // The page the visitor is on as they start it (their session's): the contact page lists where they wrote.
        pageUrl: sql`(select v.page_url from visitors v where v.organization_id = ${organizationId} and v.id = ${visitorId})`,
        pageTitle: sql`(select v.page_title from visitors v where v.organization_id = ${organizationId} and v.id = ${visitorId})`,
      });
      await recordConversationEvent(tx, uow, c, 'created');
      if (body.message) {
        await appendMessage(tx, uow, {
          organizationId,
          conversationId: c.id,
          type: 'message',
          author: { type: 'visitor', id: visitorId },
          body: body.message.body,
          clientId: body.message.clientId,
          attachmentIds,
        });
      }
      const [fresh] = await tx.select().from(conversations).where(eq(conversations.id, c.id));
      return fresh ?? c;
    });
    replyToVisitor(services, organizationId, conv.id, { kind: 'conversation-started' });
    return presentVisitorConversation(conv, null);
  },

  async listVisitorMessages({ services, principal, params, query: q }) {
    await findVisitorConversation(services.db, principal.organizationId, principal.visitorId, params.id);
    return listMessages(services, principal.organizationId, params.id, q, {
      kind: 'visitor',
      visitorId: principal.visitorId,
    });
  },

  async sendVisitorMessage({ services, principal, params, body }) {
    const sent = await visitorSendMessage(services, principal, params.id, body);
    return replayedIf(sent.isReplay, sent.message);
  },

  async markVisitorRead({ services, principal, params, body }) {
    return markVisitorRead(services, principal, params.id, body.seq);
  },
} satisfies SomeHandlers;
