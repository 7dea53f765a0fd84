import type { TAuditAction, TAuditEntry } from '@oceras/protocol';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { download } from '../../lib/download';
import { errorMessage } from '../../lib/errors';
import { dateTime } from '../../lib/format';
import { keys, queries, useAgents } from '../../lib/queries';
import './audit-log-page.css';

const ACTIONS: Record<TAuditAction, string> = {
  'visitor.exported': 'Visitor data exported',
  'visitor.rectified': 'Visitor details corrected',
  'visitor.restricted': 'Visitor restricted',
  'visitor.unrestricted': 'Visitor restriction lifted',
  'visitor.erased': 'Visitor erased',
  'agent.exported': 'Agent data exported',
  'agent.role_changed': 'Agent role changed',
  'agent.restricted': 'Agent restricted',
  'agent.unrestricted': 'Agent restriction lifted',
  'agent.removed': 'Agent removed',
  'agent.erased': 'Agent personal data erased',
  'audit_log.exported': 'Audit log exported',
  'organization.deleted': 'Organization deleted',
  'organization.two_factor_required': 'Two-factor requirement changed',
  'agent.two_factor_enabled': 'Two-factor sign-in turned on',
  'agent.two_factor_disabled': 'Two-factor sign-in turned off',
  'agent.recovery_code_used': 'Recovery code used to sign in',
  'agent.recovery_codes_regenerated': 'New recovery codes made',
  'organization.identity_secret_rotated': 'Identity secret created or rotated',
  'organization.verified_identity_required': 'Verified identity requirement changed',
  'api_token.created': 'API token created',
  'api_token.revoked': 'API token revoked',
  'webhook.created': 'Webhook added',
  'webhook.updated': 'Webhook changed',
  'webhook.deleted': 'Webhook deleted',
  'email_inbox.created': 'Email inbox connected',
  'email_inbox.deleted': 'Email inbox disconnected',
  'visitor.merged': 'Contacts merged (a visitor who identified, or by an agent)',
  'visitors.imported': 'Contacts imported from CSV',
  'visitors.exported': 'Contacts exported to CSV',
  'saved_view.created': 'Shared view created',
  'saved_view.updated': 'Shared view changed',
  'saved_view.deleted': 'Shared view deleted',
  'custom_field.created': 'Custom field created',
  'custom_field.updated': 'Custom field changed',
  'custom_field.deleted': 'Custom field deleted',
};

const shortId = (id: string | null) => (id ? id.slice(0, 8) : '');

function who(actor: TAuditEntry['actor']) {
  if (actor.type === 'visitor') return 'The visitor';
  if (actor.type === 'system') return 'Oceras (automatic)';
  return actor.name ?? 'Deleted agent';
}

/** What the entry holds besides who and what: which fields, roles, counts; never a name, an email or content. */
function detailsOf(details: TAuditEntry['details']) {
  return Object.entries(details)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('; ');
}

/**
 * The audit log (privacy policy §7), for admins: who did what to whom and when (exports, corrections, restrictions,
 * erasures, role changes), newest first, a page at a time; "Export" downloads all of it as JSON.
 */
export function AuditLogPage() {
  const qc = useQueryClient();
  const log = useInfiniteQuery(queries.auditLog());
  const agents = new Map((useAgents().data?.agents ?? []).map((a) => [a.id, a.name]));
  const exported = useMutation({
    mutationFn: () => download('exportAuditLog', {}, 'audit-log.json'),
    // The export is itself recorded: show it.
    onSettled: () => qc.invalidateQueries({ queryKey: keys.auditLog() }),
  });
  const target = (t: TAuditEntry['target']) => {
    if (t.type === 'organization') return 'The organization';
    if (t.type === 'agent') return t.id && agents.has(t.id) ? agents.get(t.id) : `Former agent ${shortId(t.id)}`;
    if (t.type === 'api_token') return `API token ${shortId(t.id)}`;
    if (t.type === 'webhook') return `Webhook ${shortId(t.id)}`;
    if (t.type === 'custom_field') return `Custom field ${shortId(t.id)}`;
    return `Visitor ${shortId(t.id)}`;
  };
  const entries = log.data?.pages.flatMap((p) => p.entries) ?? [];

  return (
    <section className="page">
      <div className="page-head">
        <h1>Audit log</h1>
        <button type="button" className="btn" disabled={exported.isPending} onClick={() => exported.mutate()}>
          {exported.isPending ? 'Exporting…' : 'Export'}
        </button>
      </div>
      <p className="muted audit-intro">
        Every export, correction, restriction and erasure of personal data, every role change and removal: who did it,
        when, and to whom. It never holds names of visitors, emails or messages.
      </p>
      {exported.isError && (
        <p className="error" role="alert">
          {errorMessage(exported.error)}
        </p>
      )}
      {exported.isSuccess && (
        <p className="ok" role="status">
          Downloaded {exported.data}.
        </p>
      )}
      {log.isError && (
        <p className="error" role="alert">
          {errorMessage(log.error)}
        </p>
      )}
      <div className="card">
        {log.data && entries.length === 0 ? (
          <p className="muted">Nothing recorded yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="table audit-table" aria-busy={log.isPending}>
              <thead>
                <tr>
                  <th>When</th>
                  <th>Who</th>
                  <th>Action</th>
                  <th>Target</th>
                  <th>Details</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id}>
                    <td className="nowrap">{dateTime(e.at)}</td>
                    <td>{who(e.actor)}</td>
                    <td title={e.action}>{ACTIONS[e.action] ?? e.action}</td>
                    <td>{target(e.target)}</td>
                    <td className="muted">{detailsOf(e.details)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {log.hasNextPage && (
          <button
            type="button"
            className="btn load-older"
            disabled={log.isFetchingNextPage}
            onClick={() => log.fetchNextPage()}
          >
            {log.isFetchingNextPage ? 'Loading…' : 'Load older entries'}
          </button>
        )}
      </div>
    </section>
  );
}
