import type { TVisitorDetail } from '@oceras/protocol';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'wouter';
import { currentLocale, fill, fillNodes, type Strings, useStrings } from '../../i18n/i18n';
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

const displayName = (v: TVisitorDetail, t: Strings['contacts']) =>
  v.erasedAt ? t.erased : v.name || v.email || fill(t.unnamed, { id: v.id.slice(0, 8) });

/**
 * One contact: who they are (editable), where they are from their browser, their browser and device, when they were
 * seen, the pages they wrote from, every conversation, custom attributes and the agents' notes. Managers and admins
 * merge them into another contact; admins also see the privacy rights.
 */
export function ContactPage({ id }: { id: string }) {
  const t = useStrings().contacts;
  const locale = currentLocale();
  const v = useQuery(queries.visitor(id));
  const role = useQuery(queries.me()).data?.agent.role;
  const [isEditing, setEditing] = useState(false);
  const [isMerging, setMerging] = useState(false);
  usePageTitle(v.data ? displayName(v.data, t) : t.contact);
  if (v.isError)
    return (
      <section className="page">
        <h1>{t.contact}</h1>
        <p className="error" role="alert">
          {errorMessage(v.error)}
        </p>
        <Link href={paths.contacts}>{t.allContacts}</Link>
      </section>
    );
  if (!v.data) return <section className="page" aria-busy="true" />;
  const c = v.data;
  const pages = c.conversations.filter((x) => x.pageUrl);
  const isLive = !c.erasedAt;
  return (
    <section className="page contact-page">
      <p>
        <Link href={paths.contacts}>← {t.allContacts}</Link>
      </p>
      <div className="contacts-head">
        <h1>{displayName(c, t)}</h1>
        {c.userId && (
          <span className="pill verified-pill" title={t.verifiedHelp}>
            {t.verified}
          </span>
        )}
        {role && isManager(role) && isLive && (
          <button type="button" className="btn btn-small contacts-tools" onClick={() => setMerging(true)}>
            {t.mergeInto}
          </button>
        )}
      </div>
      {!isLive && (
        <p className="notice erased-notice" role="status">
          {fillNodes(t.erasedOn, { erased: <strong>{t.erasedTitle}</strong>, date: dateTime(c.erasedAt!, locale) })}
        </p>
      )}
      <div className="contact-grid">
        <section className="card" aria-labelledby="contact-details-title">
          <h2 id="contact-details-title">{t.details}</h2>
          {isEditing ? (
            <VisitorEdit visitor={c} onDone={() => setEditing(false)} />
          ) : (
            <>
              <dl className="facts">
                {c.userId && (
                  <>
                    <dt>{t.userId}</dt>
                    <dd className="mono">{c.userId}</dd>
                  </>
                )}
                <Fact label={t.name} value={c.name} />
                <Fact label={t.email} value={c.email} />
                <Fact label={t.phone} value={c.phone} />
                <Fact label={t.company} value={c.company} />
                <Fact label={t.location} value={locationOf(c)} />
                <Fact label={t.browser} value={describeUserAgent(c.userAgent)} />
                <Fact label={t.firstSeen} value={dateTime(c.firstSeenAt, locale)} />
                <Fact label={t.lastSeen} value={dateTime(c.lastSeenAt, locale)} />
              </dl>
              {isLive && (
                <button type="button" className="btn btn-small" onClick={() => setEditing(true)}>
                  {t.editDetails}
                </button>
              )}
            </>
          )}
        </section>
        <ContactFields visitor={c} isEditable={isLive} />
        <ContactAttributes visitor={c} isEditable={isLive} />
        <ContactNotes visitorId={c.id} isWritable={isLive} />
        <section className="card" aria-labelledby="contact-pages-title">
          <h2 id="contact-pages-title">{t.pages}</h2>
          {pages.length === 0 ? (
            <p className="muted">{t.noPages}</p>
          ) : (
            <ul className="plain-list contact-pages">
              {pages.map((p) => (
                <li key={p.id}>
                  <span className="page-title">{p.pageTitle || p.pageUrl}</span>{' '}
                  <span className="muted small mono">{p.pageUrl}</span>{' '}
                  <span className="muted small">
                    #{p.number} · {timeAgo(p.createdAt, Date.now(), locale)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="contact-conversations-title">
          <h2 id="contact-conversations-title">{t.conversations}</h2>
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

function Fact({ label, value }: { label: string; value: string | null }) {
  const t = useStrings().contacts;
  return (
    <>
      <dt>{label}</dt>
      <dd>{value ?? <span className="muted">{t.notKnown}</span>}</dd>
    </>
  );
}
