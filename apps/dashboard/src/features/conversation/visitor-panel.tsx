import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { dateTime, timeAgo } from '../../lib/format';
import { paths } from '../../lib/paths';
import { queries } from '../../lib/queries';
import { parseUserAgent } from '../../lib/user-agent';

/** Who the visitor is: name, email, first and last seen, browser, and their other conversations. */
export function VisitorPanel({
  visitorId,
  currentId,
  onClose,
}: {
  visitorId: string;
  currentId: string;
  /** Narrow windows show the panel over the thread, with a way back. */
  onClose?: () => void;
}) {
  const v = useQuery(queries.visitor(visitorId));
  const ua = parseUserAgent(v.data?.userAgent);
  const others = v.data?.conversations.filter((c) => c.id !== currentId) ?? [];
  return (
    <aside className="visitor-panel" aria-label="Visitor">
      <div className="panel-head">
        <h3>Visitor</h3>
        {onClose && (
          <button type="button" className="btn btn-small visitor-toggle" onClick={onClose}>
            Close
          </button>
        )}
      </div>
      {v.isError && <p className="error">Could not load the visitor.</p>}
      {v.data && (
        <>
          <dl className="facts">
            <dt>Name</dt>
            <dd>{v.data.name ?? <span className="muted">not given</span>}</dd>
            <dt>Email</dt>
            <dd>{v.data.email ?? <span className="muted">not given</span>}</dd>
            <dt>First seen</dt>
            <dd>{dateTime(v.data.firstSeenAt)}</dd>
            <dt>Last seen</dt>
            <dd>{dateTime(v.data.lastSeenAt)}</dd>
            <dt>Browser</dt>
            <dd>{ua ? `${ua.browser}${ua.os ? ` on ${ua.os}` : ''}` : <span className="muted">unknown</span>}</dd>
          </dl>
          <h3>Other conversations</h3>
          {others.length === 0 ? (
            <p className="muted">None</p>
          ) : (
            <ul className="other-convs">
              {others.map((c) => (
                <li key={c.id}>
                  <Link href={paths.conversation(c.id)}>
                    <span>
                      #{c.number} {c.subject ?? c.lastMessagePreview ?? ''}
                    </span>
                    <span className="muted">
                      {c.status} · {timeAgo(c.lastActivityAt)}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </aside>
  );
}
