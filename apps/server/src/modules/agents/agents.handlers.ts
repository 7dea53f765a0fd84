import { lowRatingThresholds } from '@oceras/protocol';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { isUniqueViolation } from '../../db/errors.js';
import { agents, organizations } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { recordEvent } from '../../events/record-event.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import { recordAudit } from '../audit/record-audit.js';
import { forgetAutoReplySettings } from '../auto-replies/auto-reply-settings.js';
import { changeIdentityRequirement } from '../identity/require-verified-identity.js';
import {
  lowRatingActionsOf,
  presentOrganization,
  presentWidgetSettings,
} from '../organizations/organization.presenter.js';
import { changeTwoFactorRequirement } from '../two-factor/require-two-factor.js';
import { presentAgent } from './agent.presenter.js';
import { getAvailabilitySchedule, updateAvailabilitySchedule } from './availability-schedule.js';
import { findMe } from './find-me.js';
import { removeAgent } from './remove-agent.js';
import { updateMe } from './update-me.js';

export const agentHandlers = {
  async listAgents({ services, principal }) {
    const rows = await services.db
      .select()
      .from(agents)
      .where(and(eq(agents.organizationId, principal.organizationId), isNull(agents.removedAt)))
      .orderBy(asc(agents.name));
    return { agents: rows.map((a) => presentAgent(a, services.presence)) };
  },

  /**
   * Own profile, availability and avatar; colleagues see the change live (agent.updated). Answers GET /me's shape,
   * with protocol 1's top-level agent fields (deprecated) for the clients that read them.
   */
  async updateMe({ services, principal, body }) {
    const agent = await updateMe(services, principal, body);
    return { ...agent, ...(await findMe(services, principal)), agent };
  },

  async updateAgent({ services, principal, params, body }) {
    if (params.id === principal.agentId && body.role !== undefined && body.role !== 'admin') {
      throw new AppError('CONFLICT', 'you cannot lower your own role; ask another admin');
    }
    const dto = await inTransaction(services, async (tx, uow) => {
      uow.afterCommit.push(() => services.principals.forgetAgent(params.id));
      const [before] = await tx
        .select({ role: agents.role })
        .from(agents)
        .where(
          and(eq(agents.organizationId, principal.organizationId), eq(agents.id, params.id), isNull(agents.removedAt)),
        )
        .for('no key update');
      if (!before) throw notFound('agent');
      const [row] = await tx
        .update(agents)
        .set({
          ...(body.role !== undefined ? { role: body.role } : {}),
          ...(body.capacity !== undefined ? { capacity: body.capacity } : {}),
        })
        .where(
          and(eq(agents.organizationId, principal.organizationId), eq(agents.id, params.id), isNull(agents.removedAt)),
        )
        .returning();
      if (!row) throw notFound('agent');
      const out = presentAgent(row, services.presence);
      await recordEvent(tx, uow, principal.organizationId, { type: 'agent.updated', payload: out });
      if (before.role !== row.role)
        await recordAudit(
          tx,
          principal,
          'agent.role_changed',
          { type: 'agent', id: row.id },
          { from: before.role, to: row.role },
        );
      return out;
    });
    return dto;
  },

  /** Removal keeps the agent's messages (authorship) but ends their sessions and unassigns their conversations. */
  async removeAgent({ services, principal, params, query }) {
    await removeAgent(services, principal, params.id, { erase: query.erase });
    return { ok: true as const };
  },

  getAvailabilitySchedule: ({ services, principal, params }) => getAvailabilitySchedule(services, principal, params.id),
  updateAvailabilitySchedule: ({ services, principal, params, body }) =>
    updateAvailabilitySchedule(services, principal, params.id, body),

  async updateOrganization({ services, principal, body }) {
    try {
      return await inTransaction(services, async (tx, uow) => {
        const [current] = await tx
          .select()
          .from(organizations)
          .where(eq(organizations.id, principal.organizationId))
          .for('update');
        if (!current) throw notFound('organization');
        if (body.requireTwoFactor !== undefined) {
          const change = { from: current.requireTwoFactor, to: body.requireTwoFactor };
          await changeTwoFactorRequirement(services, tx, uow, principal, change);
        }
        if (body.requireVerifiedIdentity !== undefined)
          await changeIdentityRequirement(tx, principal, current, body.requireVerifiedIdentity);
        // A threshold given must be one of the scale's (the scale given with it, else the organization's).
        const threshold = body.lowRatingActions?.threshold;
        const survey = body.widgetSettings?.satisfactionSurvey ?? presentWidgetSettings(current).satisfactionSurvey;
        if (threshold !== undefined && !lowRatingThresholds(survey).includes(threshold))
          throw new AppError(
            'VALIDATION_FAILED',
            `lowRatingActions.threshold must be one of ${lowRatingThresholds(survey).join(', ')} on the ${survey} scale`,
          );
        const [row] = await tx
          .update(organizations)
          .set({
            ...(body.name ? { name: body.name } : {}),
            ...(body.slug ? { slug: body.slug } : {}),
            ...(body.autoAssignOnReply !== undefined ? { autoAssignOnReply: body.autoAssignOnReply } : {}),
            ...(body.requireTwoFactor !== undefined ? { requireTwoFactor: body.requireTwoFactor } : {}),
            ...(body.requireVerifiedIdentity !== undefined
              ? { requireVerifiedIdentity: body.requireVerifiedIdentity }
              : {}),
            ...(body.timeZone ? { timeZone: body.timeZone } : {}),
            ...(body.emailFollowUp !== undefined ? { emailFollowup: body.emailFollowUp } : {}),
            ...(body.emailFollowUpDelaySeconds !== undefined
              ? { emailFollowupDelaySeconds: body.emailFollowUpDelaySeconds }
              : {}),
            ...(body.autoAssignment !== undefined ? { autoAssignment: body.autoAssignment } : {}),
            ...(body.awayAfterInactiveMinutes !== undefined
              ? { awayAfterInactiveMinutes: body.awayAfterInactiveMinutes }
              : {}),
            ...(body.reassignOfflineAfterMinutes !== undefined
              ? { reassignOfflineAfterMinutes: body.reassignOfflineAfterMinutes }
              : {}),
            ...(body.conversationRetentionDays !== undefined
              ? { conversationRetentionDays: body.conversationRetentionDays }
              : {}),
            ...(body.widgetSettings
              ? { widgetSettings: { ...(current.widgetSettings as object), ...body.widgetSettings } }
              : {}),
            ...(body.attachmentSettings
              ? { attachmentSettings: { ...(current.attachmentSettings as object), ...body.attachmentSettings } }
              : {}),
            ...(body.businessHours !== undefined ? { businessHours: body.businessHours } : {}),
            ...(body.autoReplies ? { autoReplies: { ...(current.autoReplies as object), ...body.autoReplies } } : {}),
            ...(body.lowRatingActions
              ? { lowRatingActions: { ...lowRatingActionsOf(current), ...body.lowRatingActions } }
              : {}),
          })
          .where(eq(organizations.id, principal.organizationId))
          .returning();
        const dto = presentOrganization(row!);
        uow.afterCommit.push(() => forgetAutoReplySettings(principal.organizationId));
        await recordEvent(tx, uow, principal.organizationId, { type: 'organization.updated', payload: dto });
        return dto;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'slug')) throw new AppError('SLUG_TAKEN', 'this slug is taken');
      throw err;
    }
  },
} satisfies SomeHandlers;
