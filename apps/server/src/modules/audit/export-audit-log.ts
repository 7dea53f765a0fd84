import { inTransaction } from '../../db/transaction.js';
import { JsonDownload, jsonArray, jsonObject, paged } from '../../lib/json-stream.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { presentAuditEntry } from './audit.presenter.js';
import { auditPageForward } from './audit.repo.js';
import { recordAudit } from './record-audit.js';

/** The whole audit log, oldest first, streamed (ZAuditLogExport); the export itself is its last entry. */
export async function exportAuditLog(services: Services, actor: AgentPrincipal): Promise<JsonDownload> {
  const { organizationId } = actor;
  await inTransaction(services, (tx) =>
    recordAudit(tx, actor, 'audit_log.exported', { type: 'organization', id: organizationId }),
  );
  const entries = paged((after: Awaited<ReturnType<typeof auditPageForward>>[number] | null, size) =>
    auditPageForward(services.db, organizationId, after?.entry.id ?? 0, size),
  );
  const exportedAt = new Date().toISOString();
  return new JsonDownload(
    `oceras-audit-log-${exportedAt.slice(0, 10)}.json`,
    jsonObject({
      format: 'oceras.audit-log-export',
      version: 1,
      exportedAt,
      organizationId,
      entries: jsonArray(entries, presentAuditEntry),
    }),
  );
}
