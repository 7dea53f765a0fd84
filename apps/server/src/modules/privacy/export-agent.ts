import type { TAvailabilitySchedule } from '@oceras/protocol';
import { inTransaction } from '../../db/transaction.js';
import { notFound } from '../../lib/errors.js';
import { JsonDownload, jsonArray, jsonObject, paged } from '../../lib/json-stream.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { noticesOf } from '../agent-notices/agent-notices.repo.js';
import { recordAudit } from '../audit/record-audit.js';
import { presentCannedResponse } from '../canned-responses/canned-response.presenter.js';
import { personalCannedResponses } from '../canned-responses/canned-response.repo.js';
import { notesByAuthor } from '../contacts/contact.repo.js';
import type { MessageRow } from '../messages/message.presenter.js';
import { notificationSettings } from '../push/notification-settings.js';
import { presentDevice } from '../push/push.presenter.js';
import { listAgentDevices } from '../push/push.repo.js';
import { presentSavedViews } from '../saved-views/saved-view.presenter.js';
import { personalSavedViews } from '../saved-views/saved-view.repo.js';
import { teamsOfAgent } from '../teams/team.repo.js';
import { EXPORT_PAGE } from './export-visitor.js';
import { agentSessionsOf, authoredMessagesPage, findAgent, findOrganization } from './privacy.repo.js';

/**
 * Access and portability for the signed-in agent: their profile, sessions (with addresses and browsers), devices,
 * personal canned responses and saved views, notes about contacts, notification settings, notices (mentions, assignments) and every message they wrote, as one JSON document (ZAgentExport), the messages read a
 * page at a time as the client downloads.
 */
export async function exportAgent(services: Services, actor: AgentPrincipal): Promise<JsonDownload> {
  const { db } = services;
  const { organizationId, agentId } = actor;
  const agent = await findAgent(db, organizationId, agentId);
  const organization = await findOrganization(db, organizationId);
  if (!agent || !organization) throw notFound('agent');
  const sessions = await agentSessionsOf(db, organizationId, agentId);
  const devices = await listAgentDevices(db, organizationId, agentId);
  const cannedResponses = await personalCannedResponses(db, organizationId, agentId);
  const savedViews = await personalSavedViews(db, organizationId, agentId);
  const teams = await teamsOfAgent(db, organizationId, agentId);
  const contactNotes = await notesByAuthor(db, organizationId, agentId);
  const notices = await noticesOf(db, organizationId, agentId);
  await inTransaction(services, (tx) => recordAudit(tx, actor, 'agent.exported', { type: 'agent', id: agentId }));

  const messages = paged<MessageRow>(
    (after, size) => authoredMessagesPage(db, organizationId, agentId, after, size),
    EXPORT_PAGE,
  );
  const exportedAt = new Date().toISOString();
  return new JsonDownload(
    `oceras-agent-${agentId}.json`,
    jsonObject({
      format: 'oceras.agent-export',
      version: 1,
      exportedAt,
      organization: { id: organization.id, name: organization.name, slug: organization.slug },
      agent: {
        id: agent.id,
        name: agent.name,
        email: agent.email,
        role: agent.role,
        avatarUrl: agent.avatarUrl,
        availability: agent.availability,
        isRestricted: agent.restrictedAt !== null,
        capacity: agent.capacity,
        createdAt: agent.createdAt.toISOString(),
      },
      notificationSettings: notificationSettings(agent.notificationSettings),
      availabilitySchedule: (agent.availabilitySchedule as TAvailabilitySchedule | null) ?? null,
      sessions: sessions.map((s) => ({
        id: s.id,
        createdAt: s.createdAt.toISOString(),
        lastUsedAt: s.lastUsedAt.toISOString(),
        expiresAt: s.expiresAt.toISOString(),
        revokedAt: s.revokedAt?.toISOString() ?? null,
        revokedReason: s.revokedReason,
        userAgent: s.userAgent,
        ip: s.ip,
      })),
      devices: devices.map(presentDevice),
      cannedResponses: cannedResponses.map(presentCannedResponse),
      savedViews: await presentSavedViews(db, organizationId, savedViews),
      teams,
      contactNotes: contactNotes.map((n) => ({
        id: n.id,
        visitorId: n.visitorId,
        body: n.body,
        createdAt: n.createdAt.toISOString(),
      })),
      notices: notices.map((n) => ({
        id: n.id,
        kind: n.kind,
        conversationId: n.conversationId,
        messageId: n.messageId,
        createdAt: n.createdAt.toISOString(),
        readAt: n.readAt?.toISOString() ?? null,
        emailStatus: n.emailStatus,
      })),
      messages: jsonArray(messages, (m) => ({
        id: m.id,
        conversationId: m.conversationId,
        seq: m.seq,
        type: m.type,
        body: m.body,
        createdAt: m.createdAt.toISOString(),
      })),
    }),
  );
}
