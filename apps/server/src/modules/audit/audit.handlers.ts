import type { SomeHandlers } from '../../plugins/routes.js';
import { exportAuditLog } from './export-audit-log.js';
import { listAuditLog } from './list-audit-log.js';

export const auditHandlers = {
  async listAuditLog({ services, principal, query }) {
    return listAuditLog(services, principal, query);
  },

  async exportAuditLog({ services, principal }) {
    return exportAuditLog(services, principal);
  },
} satisfies SomeHandlers;
