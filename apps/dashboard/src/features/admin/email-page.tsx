import type { TOrganization } from '@oceras/protocol';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { currentLocale, fill, fillNodes, useStrings } from '../../i18n/i18n';
import { errorMessage } from '../../lib/errors';
import { dateTime } from '../../lib/format';
import { queries } from '../../lib/queries';
import './audit-log-page.css';
import { EmailInboxes } from './email-inboxes';
import { SaveStatus } from './save-status';
import { useSaveOrganization } from './use-save-organization';

/**
 * Settings → Email (issue 16), for admins: whether visitors who gave an email get the replies they missed, after how
 * long, and the log of every email the organization sent (recipient, subject, status, attempts, the last SMTP error;
 * never the body).
 */
export function EmailPage() {
  const t = useStrings().admin.email;
  const org = useQuery(queries.organization());
  return (
    <section className="page">
      <h1>{t.title}</h1>
      {org.data ? <FollowUpSettings org={org.data} /> : <div className="card" aria-busy="true" />}
      <EmailInboxes />
      <DeliveryLog />
    </section>
  );
}

function FollowUpSettings({ org }: { org: TOrganization }) {
  const t = useStrings().admin.email;
  const [isOn, setOn] = useState(org.emailFollowUp);
  // Minutes in the form, seconds on the wire; empty: the server's default (EMAIL_FOLLOWUP_DELAY_SECONDS).
  const [minutes, setMinutes] = useState(
    org.emailFollowUpDelaySeconds === null ? '' : String(Math.max(1, Math.round(org.emailFollowUpDelaySeconds / 60))),
  );
  const save = useSaveOrganization();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      emailFollowUp: isOn,
      emailFollowUpDelaySeconds: minutes.trim() === '' ? null : Math.round(Number(minutes) * 60),
    });
  };
  return (
    <form className="card stack narrow" onSubmit={submit} aria-labelledby="followup-title">
      <h2 id="followup-title">{t.followUpTitle}</h2>
      <div className="switches">
        <label>
          <input
            type="checkbox"
            checked={isOn}
            aria-describedby="followup-hint"
            onChange={(e) => setOn(e.target.checked)}
          />
          {t.followUpLabel}
        </label>
        <p className="muted" id="followup-hint">
          {fillNodes(t.followUpHint, { smtp: <code>SMTP_URL</code> })}
        </p>
      </div>
      <label>
        {t.delay}
        <input
          type="number"
          inputMode="numeric"
          min={1}
          max={1440}
          placeholder={fill(t.delayDefault, { minutes: 2 })}
          value={minutes}
          disabled={!isOn}
          onChange={(e) => setMinutes(e.target.value)}
        />
      </label>
      <SaveStatus save={save} />
      <div>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {t.save}
        </button>
      </div>
    </form>
  );
}

function DeliveryLog() {
  const t = useStrings().admin.email;
  const locale = currentLocale();
  const log = useInfiniteQuery(queries.emailDeliveries());
  const rows = log.data?.pages.flatMap((p) => p.deliveries) ?? [];
  return (
    <section className="card" aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">{t.sentTitle}</h2>
      {log.isError && (
        <p className="error" role="alert">
          {errorMessage(log.error)}
        </p>
      )}
      {log.data && rows.length === 0 ? (
        <p className="muted">{t.none}</p>
      ) : (
        <div className="table-scroll">
          <table className="table audit-table" aria-busy={log.isPending}>
            <thead>
              <tr>
                <th>{t.queued}</th>
                <th>{t.to}</th>
                <th>{t.subject}</th>
                <th>{t.status}</th>
                <th>{t.attempts}</th>
                <th>{t.lastError}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id}>
                  <td className="nowrap">{dateTime(d.createdAt, locale)}</td>
                  <td>{d.recipient}</td>
                  <td>{d.subject}</td>
                  <td title={d.sentAt ? fill(t.sentAt, { date: dateTime(d.sentAt, locale) }) : undefined}>
                    {t.statuses[d.status]}
                  </td>
                  <td>{d.attempts.toLocaleString(locale)}</td>
                  <td className="muted">{d.lastError ?? ''}</td>
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
    </section>
  );
}
