import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { agents, conversations, organizations, visitorSessions, visitors } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { hashToken, randomToken } from '../../lib/crypto.js';
import { notFound } from '../../lib/errors.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import type { Services } from '../../services.js';
import { confirmUploads } from '../attachments/confirm-uploads.js';
import { recordConsent } from '../consent/consent-records.js';
import { presentVisitorConversation } from '../conversations/conversation.presenter.js';
import { findVisitorConversation } from '../conversations/conversation.repo.js';
import { recordConversationEvent } from '../conversations/conversation-events.js';
import { agentLabels } from '../conversations/labels.js';
import { markVisitorRead } from '../conversations/mark-visitor-read.js';
import { hasEmailFollowUp, linkablePageUrl } from '../email/followup-policy.js';
import { appendMessage } from '../messages/append-message.js';
import { listMessages } from '../messages/list-messages.js';
import { visitorSendMessage } from '../messages/visitor-send-message.js';
import { presentWidgetSettings } from '../organizations/organization.presenter.js';
import { checkEmbeddingOrigin } from './check-embedding-origin.js';
import { findLiveVisitorSession } from './find-live-visitor-session.js';

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
    const [org] = await services.db.select().from(organizations).where(eq(organizations.widgetKey, query.key));
    if (!org) throw notFound('widget');
    const settings = presentWidgetSettings(org);
    checkEmbeddingOrigin(request, settings.allowedDomains, services.env.PUBLIC_URL);
    const { allowedDomains: _, ...publicSettings } = settings;
    return {
      organization: { name: org.name, widgetSettings: publicSettings },
      isAgentOnline: await isAgentOnline(services.db, org.id),
    };
  },

  /** Starts or resumes a visitor. Name and email are labels only: they never unlock anyone's conversations. */
  async createWidgetSession({ services, body, meta, request }) {
    const [org] = await services.db.select().from(organizations).where(eq(organizations.widgetKey, body.widgetKey));
    if (!org) throw notFound('widget');
    const { allowedDomains } = presentWidgetSettings(org);
    checkEmbeddingOrigin(request, allowedDomains, services.env.PUBLIC_URL);
    const pageUrl = body.pageUrl ? linkablePageUrl(body.pageUrl, allowedDomains) : null;
    const kept = {
      ...(body.locale ? { locale: body.locale } : {}),
      ...(pageUrl ? { pageUrl } : {}),
    };
    let visitor: typeof visitors.$inferSelect | undefined;
    let sessionToken = body.sessionToken;
    // A revoked session, or one unused for VISITOR_SESSION_TTL_DAYS, starts a new visitor.
    const live = sessionToken
      ? await findLiveVisitorSession(services.db, hashToken(sessionToken), services.env.VISITOR_SESSION_TTL_DAYS)
      : undefined;
    if (live && live.organizationId === org.id) {
      [visitor] = await services.db
        .update(visitors)
        .set({
          lastSeenAt: new Date(),
          ip: meta.ip,
          userAgent: meta.userAgent,
          ...(body.name ? { name: body.name } : {}),
          ...(body.email ? { email: body.email } : {}),
          ...kept,
        })
        .where(and(eq(visitors.organizationId, org.id), eq(visitors.id, live.visitorId)))
        .returning();
    }
    const isResumed = Boolean(visitor);
    if (!visitor) {
      sessionToken = randomToken('vs_');
      const token = sessionToken;
      visitor = await inTransaction(services, async (tx) => {
        const [v] = await tx
          .insert(visitors)
          .values({
            organizationId: org.id,
            name: body.name ?? null,
            email: body.email ?? null,
            ip: meta.ip,
            userAgent: meta.userAgent,
            ...kept,
          })
          .returning();
        if (!v) throw new Error('visitor insert returned nothing');
        await tx
          .insert(visitorSessions)
          .values({ tokenHash: hashToken(token), organizationId: org.id, visitorId: v.id });
        return v;
      });
    }
    if (body.consent) await recordConsent(services.db, org.id, visitor.id, body.consent);
    return {
      visitorId: visitor.id,
      sessionToken: sessionToken!,
      isResumed,
      visitor: { id: visitor.id, name: visitor.name, email: visitor.email },
      organization: {
        name: org.name,
        widgetSettings: presentWidgetSettings(org),
        hasEmailFollowUp: hasEmailFollowUp(services.env, org),
      },
      isAgentOnline: await isAgentOnline(services.db, org.id),
    };
  },

  async identifyVisitor({ services, principal, body }) {
    const where = and(eq(visitors.organizationId, principal.organizationId), eq(visitors.id, principal.visitorId));
    const label = { ...(body.name ? { name: body.name } : {}), ...(body.email ? { email: body.email } : {}) };
    const [v] =
      Object.keys(label).length > 0
        ? await services.db.update(visitors).set(label).where(where).returning()
        : await services.db.select().from(visitors).where(where);
    if (!v) throw notFound('visitor');
    if (body.consent) await recordConsent(services.db, principal.organizationId, v.id, body.consent);
    return { id: v.id, name: v.name, email: v.email };
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
    if (existing[0]) return presentVisitorConversation(existing[0], null);
    const attachmentIds = body.message?.attachmentIds ?? [];
    await confirmUploads(services, organizationId, { type: 'visitor', id: visitorId }, attachmentIds);
    const conv = await inTransaction(services, async (tx, uow) => {
      const [org] = await tx
        .update(organizations)
        .set({ conversationCounter: sql`${organizations.conversationCounter} + 1` })
        .where(eq(organizations.id, organizationId))
        .returning({ n: organizations.conversationCounter });
      const [c] = await tx
        .insert(conversations)
        .values({
          organizationId,
          visitorId,
          clientId: body.clientId,
          number: org!.n,
          waitingSince: body.message ? new Date() : null,
        })
        .returning();
      if (!c) throw new Error('conversation insert returned nothing');
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
    return visitorSendMessage(services, principal, params.id, body);
  },

  async markVisitorRead({ services, principal, params, body }) {
    return markVisitorRead(services, principal, params.id, body.seq);
  },
} satisfies SomeHandlers;
