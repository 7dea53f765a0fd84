import type { TVisitorDetail } from '@oceras/protocol';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'wouter';
import { errorMessage } from '../../lib/errors';
import { dateTime, timeAgo } from '../../lib/format';
import { usePageTitle } from '../../lib/page-title';
import { paths } from '../../lib/paths';
import { canManagePersonalData, isManager } from '../../lib/policy';
import { queries } from '../../lib/queries';
import { describeUserAgent } from '../../lib/user-agent';
import { VisitorEdit } from '../conversation/visitor-edit';
import { VisitorConversations } from '../conversation/visitor-panel';
import { ContactFields } from '../custom-fields/contact-fields';
import { ContactAttributes } from './contact-attributes';
import { ContactNotes } from './contact-notes';
import { MergeDialog } from './merge-dialog';
import './contacts.css';

const VisitorPrivacy = lazy(() =>
  import('../conversation/visitor-privacy').then((m) => ({ default: m.VisitorPrivacy })),
);

/** Where the contact is, from their browser alone: "Europe/Paris · fr" (time zone, then the widget's language). */
export const locationOf = (v: Pick<TVisitorDetail, 'timeZone' | 'locale'>) =>
  [v.timeZone, v.locale].filter(Boolean).join(' · ') || null;

const displayName = (v: TVisitorDetail) =>
  v.erasedAt ? 'Erased contact' : v.name || v.email || `Contact ${v.id.slice(0, 8)}`;

/**
 * One contact: who they are (editable), where they are from their browser, their browser and device, when they were
 * seen, the pages they wrote from, every conversation, custom attributes and the agents' notes. Managers and admins
 * merge them into another contact; admins also see the privacy rights.
 */
export function ContactPage({ id }: { id: string }) {
  const v = useQuery(queries.visitor(id));
  const role = useQuery(queries.me()).data?.agent.role;
  const [isEditing, setEditing] = useState(false);
  const [isMerging, setMerging] = useState(false);
  usePageTitle(v.data ? displayName(v.data) : 'Contact');
  if (v.isError)
    return (
      <section className="page">
        <h1>Contact</h1>
        <p className="error" role="alert">
          {errorMessage(v.error)}
        </p>
        <Link href={paths.contacts}>All contacts</Link>
      </section>
    );
  if (!v.data) return <section className="page" aria-busy="true" />;
  const c = v.data;
  const pages = c.conversations.filter((x) => x.pageUrl);
  const isLive = !c.erasedAt;
  return (
    <section className="page contact-page">
      <p>
        <Link href={paths.contacts}>← All contacts</Link>
      </p>
      <div className="contacts-head">
        <h1>{displayName(c)}</h1>
        {c.userId && (
          <span
            className="pill verified-pill"
            title="Their site signed this user id: the same contact on every device."
          >
            Verified
          </span>
        )}
        {role && isManager(role) && isLive && (
          <button type="button" className="btn btn-small contacts-tools" onClick={() => setMerging(true)}>
            Merge into another contact…
          </button>
        )}
      </div>
      {!isLive && (
        <p className="notice erased-notice" role="status">
          <strong>Erased contact.</strong> Their personal data was erased on {dateTime(c.erasedAt!)}.
        </p>
      )}
      <div className="contact-grid">
        <section className="card" aria-labelledby="contact-details-title">
          <h2 id="contact-details-title">Details</h2>
          {isEditing ? (
            <VisitorEdit visitor={c} onDone={() => setEditing(false)} />
          ) : (
            <>
              <dl className="facts">
                {c.userId && (
                  <>
                    <dt>User id</dt>
                    <dd className="mono">{c.userId}</dd>
                  </>
                )}
                <Fact label="Name" value={c.name} />
                <Fact label="Email" value={c.email} />
                <Fact label="Phone" value={c.phone} />
                <Fact label="Company" value={c.company} />
                <Fact label="Location" value={locationOf(c)} />
                <Fact label="Browser" value={describeUserAgent(c.userAgent)} />
                <Fact label="First seen" value={dateTime(c.firstSeenAt)} />
                <Fact label="Last seen" value={dateTime(c.lastSeenAt)} />
              </dl>
              {isLive && (
                <button type="button" className="btn btn-small" onClick={() => setEditing(true)}>
                  Edit details
                </button>
              )}
            </>
          )}
        </section>
        <ContactFields visitor={c} isEditable={isLive} />
        <ContactAttributes visitor={c} isEditable={isLive} />
        <ContactNotes visitorId={c.id} isWritable={isLive} />
        <section className="card" aria-labelledby="contact-pages-title">
          <h2 id="contact-pages-title">Pages they wrote from</h2>
          {pages.length === 0 ? (
            <p className="muted">None known.</p>
          ) : (
            <ul className="plain-list contact-pages">
              {pages.map((p) => (
                <li key={p.id}>
                  <span className="page-title">{p.pageTitle || p.pageUrl}</span>{' '}
                  <span className="muted small mono">{p.pageUrl}</span>{' '}
                  <span className="muted small">
                    #{p.number} · {timeAgo(p.createdAt)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="contact-conversations-title">
          <h2 id="contact-conversations-title">Conversations</h2>
          <VisitorConversations conversations={c.conversations} />
        </section>
        {role && canManagePersonalData(role) && isLive && (
          <section className="card">
            <Suspense fallback={null}>
              <VisitorPrivacy visitor={c} />
            </Suspense>
          </section>
        )}
      </div>
      {isMerging && <MergeDialog visitor={c} onClose={() => setMerging(false)} />}
    </section>
  );
}

const Fact = ({ label, value }: { label: string; value: string | null }) => (
  <>
    <dt>{label}</dt>
    <dd>{value ?? <span className="muted">not known</span>}</dd>
  </>
);
