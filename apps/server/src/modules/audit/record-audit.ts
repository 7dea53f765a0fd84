import type { TAuditAction, TAuditEntry } from '@oceras/protocol';
import type { DbOrTx } from '../../db/client.js';
import type { AgentPrincipal, VisitorPrincipal } from '../../principals.js';
import { insertAudit } from './audit.repo.js';

/** Who acted: an agent, the visitor themselves (the widget's rights), or the system (a scheduled erasure). */
export type AuditActor =
  | Pick<AgentPrincipal, 'kind' | 'organizationId' | 'agentId'>
  | Pick<VisitorPrincipal, 'kind' | 'organizationId' | 'visitorId'>
  | { kind: 'system'; organizationId: string };

export interface AuditTarget {
  type: TAuditEntry['target']['type'];
  id: string;
}

/**
 * Writes one audit entry in the caller's transaction, so the record exists exactly when the act does. `details`
 * holds which fields, roles or counts: never a name, an email or any content (the log outlives erasures).
 */
export async function recordAudit(
  db: DbOrTx,
  actor: AuditActor,
  action: TAuditAction,
  target: AuditTarget,
  details: Record<string, string | number | boolean | string[] | null> = {},
) {
  await insertAudit(db, actor.organizationId, {
    actorType: actor.kind,
    actorId: actor.kind === 'agent' ? actor.agentId : actor.kind === 'visitor' ? actor.visitorId : null,
    action,
    targetType: target.type,
    targetId: target.id,
    details,
  });
}
