import type { TConversationBase, TVisitorDetail } from '@oceras/protocol';
import { useQuery } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense, useState } from 'react';
import { Link } from 'wouter';
import { fill, useStrings } from '../../i18n/i18n';
import { dateTime, relativeTime, timeAgo, visitorName } from '../../lib/format';
import { paths } from '../../lib/paths';
import { canManagePersonalData } from '../../lib/policy';
import { queries, useMe } from '../../lib/queries';
import { describeUserAgent } from '../../lib/user-agent';
import { VisitorEdit } from './visitor-edit';
import './visitor-panel.css';

// The admins' privacy actions load when first shown: the inbox's first screen stays under its goal
// (bench/dashboard.bench.ts). That chunk imports no value from '@oceras/protocol': one that did made the bundler move
// zod into a chunk of its own, heavier to download.
const VisitorPrivacy = lazy(() => import('./visitor-privacy').then((m) => ({ default: m.VisitorPrivacy })));

/**
 * Who the visitor is: name and email (any agent corrects them), first and last seen, browser, their other
 * conversations, and for admins their privacy rights (export, restriction, erasure).
 */
export function VisitorPanel({
  visitorId,
  currentId,
  onClose,
  children,
}: {
  visitorId: string;
  currentId: string;
  /** Shown first: the conversation's own fields. */
  children?: ReactNode;
  /** Narrow windows show the panel over the thread, with a way back. */
  onClose?: () => void;
}) {
  const v = useQuery(queries.visitor(visitorId));
  const role = useMe().data?.agent.role;
  const [isEditing, setEditing] = useState(false);
  const strings = useStrings();
  const t = strings.conversation.visitor;
  const browser = describeUserAgent(v.data?.userAgent, t.userAgent);
  const others = v.data?.conversations.filter((c) => c.id !== currentId) ?? [];
  return (
    <aside className="visitor-panel" aria-label={t.title}>
      <div className="panel-head">
        <h3>{v.data?.erasedAt ? strings.desk.erasedVisitor : t.title}</h3>
        {onClose && (
          <button type="button" className="btn btn-small visitor-toggle" onClick={onClose}>
            {t.close}
          </button>
        )}
      </div>
      {children}
      {v.isError && <p className="error">{t.loadFailed}</p>}
      {v.data?.erasedAt && (
        <p className="notice erased-notice" role="status">
          <strong>{t.erasedTitle}</strong> {fill(t.erasedOn, { date: dateTime(v.data.erasedAt) })}
        </p>
      )}
      {v.data && !v.data.erasedAt && isEditing && <VisitorEdit visitor={v.data} onDone={() => setEditing(false)} />}
      {v.data && !v.data.erasedAt && !isEditing && (
        <>
          {v.data.userId && (
            <p className="pill verified-pill" title={t.verifiedHelp}>
              {t.verified}
            </p>
          )}
          {v.data.isRestricted && (
            <p className="pill restricted-pill" title={t.restrictedHelp}>
              {t.restricted}
            </p>
          )}
          <dl className="facts">
            {v.data.userId && (
              <>
                <dt>{t.userId}</dt>
                <dd className="mono">{v.data.userId}</dd>
              </>
            )}
            <dt>{t.name}</dt>
            <dd>{v.data.name ?? <span className="muted">{t.notGiven}</span>}</dd>
            <dt>{t.email}</dt>
            <dd>{v.data.email ?? <span className="muted">{t.notGiven}</span>}</dd>
            <dt>{t.firstSeen}</dt>
            <dd>{dateTime(v.data.firstSeenAt)}</dd>
            <dt>{t.lastSeen}</dt>
            <dd>{dateTime(v.data.lastSeenAt)}</dd>
            <dt>{t.browser}</dt>
            <dd>{browser ?? <span className="muted">{t.unknown}</span>}</dd>
            {Object.entries(v.data.customAttributes).map(([key, value]) => (
              <Fact key={`attr-${key}`} label={key} value={String(value)} />
            ))}
          </dl>
          <div className="row-actions">
            <button type="button" className="btn btn-small edit-visitor" onClick={() => setEditing(true)}>
              {t.edit}
            </button>
            <Link href={paths.contact(visitorId)} className="btn btn-small">
              {t.contactPage}
            </Link>
          </div>
        </>
      )}
      {v.data && (
        <>
          <h3>{t.otherConversations}</h3>
          <VisitorConversations conversations={others} />
          {role && canManagePersonalData(role) && !v.data.erasedAt && (
            <Suspense fallback={null}>
              <VisitorPrivacy visitor={v.data} />
            </Suspense>
          )}
        </>
      )}
    </aside>
  );
}

/** A visitor's conversations as links (the panel's others, the contact page's all), or "None". */
export function VisitorConversations({ conversations }: { conversations: TVisitorDetail['conversations'] }) {
  const strings = useStrings();
  if (conversations.length === 0) return <p className="muted">{strings.conversation.visitor.none}</p>;
  return (
    <ul className="other-convs">
      {conversations.map((c) => (
        <li key={c.id}>
          <Link href={paths.conversation(c.id)}>
            <span>
              #{c.number} {c.subject ?? c.lastMessagePreview ?? ''}
            </span>
            <span className="muted">
              {strings.desk.statuses[c.status]} ·{' '}
              <time dateTime={c.lastActivityAt} title={relativeTime(c.lastActivityAt)}>
                {timeAgo(c.lastActivityAt)}
              </time>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** A custom attribute the site set (Oceras.update), shown as text. */
const Fact = ({ label, value }: { label: string; value: string }) => (
  <>
    <dt className="attribute">{label}</dt>
    <dd>{value}</dd>
  </>
);

/** The conversation's title: the visitor's name, "Visitor #n", or "Erased visitor" (the protocol's one rule). */
export function VisitorTitle({ conv }: { conv: Pick<TConversationBase, 'visitor' | 'number'> }) {
  useStrings();
  return <h2>{visitorName(conv)}</h2>;
}
