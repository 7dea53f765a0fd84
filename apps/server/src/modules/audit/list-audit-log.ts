import type { TAuditLogPage } from '@oceras/protocol';
import { AppError } from '../../lib/errors.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { decodeAuditCursor, encodeAuditCursor, presentAuditEntry } from './audit.presenter.js';
import { auditPage } from './audit.repo.js';

/** A page of the organization's audit log, newest first (the route is admins' only). */
export async function listAuditLog(
  services: Services,
  actor: AgentPrincipal,
  query: { cursor?: string; limit: number; targetId?: string },
): Promise<TAuditLogPage> {
  const before = query.cursor === undefined ? null : decodeAuditCursor(query.cursor);
  if (query.cursor !== undefined && before === null) throw new AppError('VALIDATION_FAILED', 'cursor is not valid');
  const rows = await auditPage(services.db, actor.organizationId, {
    before,
    limit: query.limit + 1,
    targetId: query.targetId,
  });
  const page = rows.slice(0, query.limit);
  return {
    entries: page.map(presentAuditEntry),
    nextCursor: rows.length > query.limit ? encodeAuditCursor(page.at(-1)!.entry.id) : null,
  };
}
