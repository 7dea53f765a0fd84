import { isUniqueViolation } from '../../db/errors.js';
import { inTransaction } from '../../db/transaction.js';
import { signalListChanged } from '../../events/list-changed.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import type { Services } from '../../services.js';
import { forgetAutoReplySettings } from '../auto-replies/auto-reply-settings.js';
import { recordConversationEvent } from '../conversations/conversation-events.js';
import { presentTeam } from './team.presenter.js';
import {
  countAgents,
  deleteTeamRow,
  insertTeam,
  listTeams,
  lockTeam,
  membersOf,
  replaceMembers,
  updateTeamRow,
} from './team.repo.js';

/** The unique name answers 409 with the one code clients branch on. */
async function uniqueName<T>(name: string | undefined, write: () => Promise<T>) {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err, 'teams_org_name_key'))
      throw new AppError('TEAM_NAME_TAKEN', `another team is called ${name}`);
    throw err;
  }
}

/** Every id must be a current agent of the organization (another's, or a removed one, is not found). */
async function assertAgents(services: Services, organizationId: string, agentIds: string[]) {
  if ((await countAgents(services.db, organizationId, agentIds)) !== agentIds.length) throw notFound('agent');
}

export const teamHandlers = {
  async listTeams({ services, principal }) {
    const rows = await listTeams(services.db, principal.organizationId);
    return { teams: rows.map((r) => presentTeam(r.team, r.agentIds)) };
  },

  async createTeam({ services, principal, body }) {
    const { organizationId } = principal;
    await assertAgents(services, organizationId, body.agentIds);
    const team = await uniqueName(body.name, () =>
      inTransaction(services, async (tx, uow) => {
        const row = await insertTeam(tx, organizationId, {
          name: body.name,
          autoAssignment: body.autoAssignment,
          businessHours: body.businessHours,
        });
        await replaceMembers(tx, organizationId, row.id, body.agentIds);
        uow.afterCommit.push(() => {
          services.assignment.wake(organizationId);
          signalListChanged(services.bus, organizationId, 'teams', null);
          if (body.businessHours) forgetAutoReplySettings(organizationId);
        });
        return row;
      }),
    );
    const members = await membersOf(services.db, organizationId, [team.id]);
    return presentTeam(team, members.get(team.id) ?? []);
  },

  /** Members, the name and the switch change together; who may now take the team's queue is looked at again. */
  async updateTeam({ services, principal, params, body }) {
    const { organizationId } = principal;
    if (body.agentIds) await assertAgents(services, organizationId, body.agentIds);
    await uniqueName(body.name, () =>
      inTransaction(services, async (tx, uow) => {
        const team = await lockTeam(tx, organizationId, params.id);
        if (!team) throw notFound('team');
        await updateTeamRow(tx, organizationId, team.id, {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.autoAssignment !== undefined ? { autoAssignment: body.autoAssignment } : {}),
          ...(body.businessHours !== undefined ? { businessHours: body.businessHours } : {}),
        });
        if (body.agentIds) await replaceMembers(tx, organizationId, team.id, body.agentIds);
        uow.afterCommit.push(() => {
          services.assignment.wake(organizationId);
          signalListChanged(services.bus, organizationId, 'teams', null);
          if (body.businessHours !== undefined) forgetAutoReplySettings(organizationId);
        });
      }),
    );
    const [row] = (await listTeams(services.db, organizationId)).filter((r) => r.team.id === params.id);
    if (!row) throw notFound('team');
    return presentTeam(row.team, row.agentIds);
  },

  /** Its conversations keep their assignee and lose the team (conversation.updated for each). */
  async deleteTeam({ services, principal, params }) {
    const { organizationId } = principal;
    await inTransaction(services, async (tx, uow) => {
      const moved = await deleteTeamRow(tx, organizationId, params.id);
      if (!moved) throw notFound('team');
      for (const conv of moved) await recordConversationEvent(tx, uow, conv, 'updated', ['teamId']);
      uow.afterCommit.push(() => {
        services.assignment.wake(organizationId);
        signalListChanged(services.bus, organizationId, 'teams', null);
        forgetAutoReplySettings(organizationId);
      });
    });
    return { ok: true as const };
  },
} satisfies SomeHandlers;
