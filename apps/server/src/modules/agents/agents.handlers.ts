import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { isUniqueViolation } from '../../db/errors.js';
import { agents, conversations, devices, organizations } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { recordEvent } from '../../events/record-event.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import { revokeSessions } from '../auth/sessions.js';
import { recordConversationEvent } from '../conversations/conversation-events.js';
import { presentOrganization } from '../organizations/organization.presenter.js';
import { presentAgent } from './agent.presenter.js';

export const agentHandlers = {
  async listAgents({ services, principal }) {
    const rows = await services.db
      .select()
      .from(agents)
      .where(and(eq(agents.organizationId, principal.organizationId), isNull(agents.removedAt)))
      .orderBy(asc(agents.name));
    return { agents: rows.map((a) => presentAgent(a, services.presence)) };
  },

  /** Own profile and availability; colleagues see the change live (agent.updated). */
  async updateMe({ services, principal, body }) {
    return inTransaction(services, async (tx, uow) => {
      const [row] = await tx
        .update(agents)
        .set(body)
        .where(and(eq(agents.organizationId, principal.organizationId), eq(agents.id, principal.agentId)))
        .returning();
      if (!row) throw notFound('agent');
      const dto = presentAgent(row, services.presence);
      await recordEvent(tx, uow, principal.organizationId, { type: 'agent.updated', payload: dto });
      return dto;
    });
  },

  async updateAgent({ services, principal, params, body }) {
    if (params.id === principal.agentId && body.role !== 'admin') {
      throw new AppError('CONFLICT', 'you cannot lower your own role; ask another admin');
    }
    const dto = await inTransaction(services, async (tx, uow) => {
      uow.afterCommit.push(() => services.principals.forgetAgent(params.id));
      const [row] = await tx
        .update(agents)
        .set({ role: body.role })
        .where(
          and(eq(agents.organizationId, principal.organizationId), eq(agents.id, params.id), isNull(agents.removedAt)),
        )
        .returning();
      if (!row) throw notFound('agent');
      const out = presentAgent(row, services.presence);
      await recordEvent(tx, uow, principal.organizationId, { type: 'agent.updated', payload: out });
      return out;
    });
    return dto;
  },

  /** Removal keeps the agent's messages (authorship) but ends their sessions and unassigns their conversations. */
  async removeAgent({ services, principal, params }) {
    if (params.id === principal.agentId) throw new AppError('CONFLICT', 'you cannot remove yourself');
    await inTransaction(services, async (tx, uow) => {
      const [row] = await tx
        .update(agents)
        .set({
          removedAt: new Date(),
          availability: 'offline',
          email: sql`${agents.email} || '#removed-' || ${agents.id}`,
        })
        .where(
          and(eq(agents.organizationId, principal.organizationId), eq(agents.id, params.id), isNull(agents.removedAt)),
        )
        .returning({ id: agents.id });
      if (!row) throw notFound('agent');
      await revokeSessions(
        services,
        tx,
        { organizationId: principal.organizationId, agentId: params.id, sessionIds: 'all' },
        'agent_removed',
        uow,
      );
      await tx.delete(devices).where(eq(devices.agentId, params.id));
      const unassigned = await tx
        .update(conversations)
        .set({ assigneeId: null })
        .where(and(eq(conversations.organizationId, principal.organizationId), eq(conversations.assigneeId, params.id)))
        .returning();
      for (const conv of unassigned) await recordConversationEvent(tx, uow, conv, 'updated', ['assigneeId']);
      await recordEvent(tx, uow, principal.organizationId, {
        type: 'agent.removed',
        payload: { agentId: params.id, unassignedConversationIds: unassigned.map((c) => c.id) },
      });
    });
    return { ok: true as const };
  },

  async updateOrganization({ services, principal, body }) {
    try {
      return await inTransaction(services, async (tx, uow) => {
        const [current] = await tx
          .select()
          .from(organizations)
          .where(eq(organizations.id, principal.organizationId))
          .for('update');
        if (!current) throw notFound('organization');
        const [row] = await tx
          .update(organizations)
          .set({
            ...(body.name ? { name: body.name } : {}),
            ...(body.slug ? { slug: body.slug } : {}),
            ...(body.autoAssignOnReply !== undefined ? { autoAssignOnReply: body.autoAssignOnReply } : {}),
            ...(body.conversationRetentionDays !== undefined
              ? { conversationRetentionDays: body.conversationRetentionDays }
              : {}),
            ...(body.widgetSettings
              ? { widgetSettings: { ...(current.widgetSettings as object), ...body.widgetSettings } }
              : {}),
          })
          .where(eq(organizations.id, principal.organizationId))
          .returning();
        const dto = presentOrganization(row!);
        await recordEvent(tx, uow, principal.organizationId, { type: 'organization.updated', payload: dto });
        return dto;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'slug')) throw new AppError('SLUG_TAKEN', 'this slug is taken');
      throw err;
    }
  },
} satisfies SomeHandlers;
