import type { SomeHandlers } from '../../plugins/routes.js';
import { deleteOrganization } from './delete-organization.js';
import { deleteOwnAccount } from './delete-own-account.js';
import { eraseVisitor } from './erase-visitor.js';
import { exportAgent } from './export-agent.js';
import { exportVisitor } from './export-visitor.js';
import { setAgentRestriction } from './set-agent-restriction.js';
import { setVisitorRestriction } from './set-visitor-restriction.js';
import { updateVisitor } from './update-visitor.js';

/** The rights of privacy policy §7, for visitors (by their admin or themselves), agents and organizations. */
export const privacyHandlers = {
  async exportVisitor({ services, principal, params }) {
    return exportVisitor(services, principal, params.id);
  },

  async exportWidgetVisitor({ services, principal }) {
    return exportVisitor(services, principal, principal.visitorId);
  },

  async eraseVisitor({ services, principal, params }) {
    await eraseVisitor(services, principal, params.id);
    return { ok: true as const };
  },

  async eraseWidgetVisitor({ services, principal }) {
    await eraseVisitor(services, principal, principal.visitorId);
    return { ok: true as const };
  },

  async updateVisitor({ services, principal, params, body }) {
    return updateVisitor(services, principal, params.id, body);
  },

  async setVisitorRestriction({ services, principal, params, body }) {
    return setVisitorRestriction(services, principal, params.id, body.isRestricted);
  },

  async setAgentRestriction({ services, principal, params, body }) {
    return setAgentRestriction(services, principal, params.id, body.isRestricted);
  },

  async exportMe({ services, principal }) {
    return exportAgent(services, principal);
  },

  async deleteMe({ services, principal }) {
    await deleteOwnAccount(services, principal);
    return { ok: true as const };
  },

  async deleteOrganization({ services, principal, query }) {
    await deleteOrganization(services, principal, query.confirm);
    return { ok: true as const };
  },
} satisfies SomeHandlers;
