import type { TAuditEntry } from '@oceras/protocol';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { currentLocale, fill, type Strings, useStrings } from '../../i18n/i18n';
import { download } from '../../lib/download';
import { errorMessage } from '../../lib/errors';
import { dateTime } from '../../lib/format';
import { keys, queries, useAgents } from '../../lib/queries';
import './audit-log-page.css';

const shortId = (id: string | null) => (id ? id.slice(0, 8) : '');

function who(actor: TAuditEntry['actor'], t: Strings['admin']['audit']) {
  if (actor.type === 'visitor') return t.theVisitor;
  if (actor.type === 'system') return t.system;
  return actor.name ?? t.deletedAgent;
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
  const t = useStrings().admin.audit;
  const locale = currentLocale();
  const qc = useQueryClient();
  const log = useInfiniteQuery(queries.auditLog());
  const agents = new Map((useAgents().data?.agents ?? []).map((a) => [a.id, a.name]));
  const exported = useMutation({
    mutationFn: () => download('exportAuditLog', {}, 'audit-log.json'),
    // The export is itself recorded: show it.
    onSettled: () => qc.invalidateQueries({ queryKey: keys.auditLog() }),
  });
  const target = (x: TAuditEntry['target']) => {
    if (x.type === 'organization') return t.theOrganization;
    if (x.type === 'agent')
      return x.id && agents.has(x.id) ? agents.get(x.id) : fill(t.targets.formerAgent, { id: shortId(x.id) });
    if (x.type === 'api_token') return fill(t.targets.apiToken, { id: shortId(x.id) });
    if (x.type === 'webhook') return fill(t.targets.webhook, { id: shortId(x.id) });
    if (x.type === 'custom_field') return fill(t.targets.customField, { id: shortId(x.id) });
    return fill(t.targets.visitor, { id: shortId(x.id) });
  };
  const entries = log.data?.pages.flatMap((p) => p.entries) ?? [];

  return (
    <section className="page">
      <div className="page-head">
        <h1>{t.title}</h1>
        <button type="button" className="btn" disabled={exported.isPending} onClick={() => exported.mutate()}>
          {exported.isPending ? t.exporting : t.export}
        </button>
      </div>
      <p className="muted audit-intro">{t.help}</p>
      {exported.isError && (
        <p className="error" role="alert">
          {errorMessage(exported.error)}
        </p>
      )}
      {exported.isSuccess && (
        <p className="ok" role="status">
          {fill(t.downloaded, { file: exported.data })}
        </p>
      )}
      {log.isError && (
        <p className="error" role="alert">
          {errorMessage(log.error)}
        </p>
      )}
      <div className="card">
        {log.data && entries.length === 0 ? (
          <p className="muted">{t.none}</p>
        ) : (
          <div className="table-scroll">
            <table className="table audit-table" aria-busy={log.isPending}>
              <thead>
                <tr>
                  <th>{t.when}</th>
                  <th>{t.who}</th>
                  <th>{t.action}</th>
                  <th>{t.target}</th>
                  <th>{t.details}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id}>
                    <td className="nowrap">{dateTime(e.at, locale)}</td>
                    <td>{who(e.actor, t)}</td>
                    <td title={e.action}>{t.actions[e.action] ?? e.action}</td>
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
            {log.isFetchingNextPage ? t.loading : t.loadOlder}
          </button>
        )}
      </div>
    </section>
  );
}
