import type { TContactFilter, TImportVisitorsResult } from '@oceras/protocol';
import { CONTACT_LIMITS } from '@oceras/protocol/contact-rules';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, useDeferredValue, useState } from 'react';
import { Link } from 'wouter';
import { currentLocale, fill, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { download } from '../../lib/download';
import { errorMessage } from '../../lib/errors';
import { dateTime, timeAgo } from '../../lib/format';
import { usePageTitle } from '../../lib/page-title';
import { paths } from '../../lib/paths';
import { canManagePersonalData, isManager } from '../../lib/policy';
import { queries } from '../../lib/queries';
import { contactListsKey, contactQueries } from './contact-queries';
import './contacts.css';

const FILTERS: TContactFilter[] = ['all', 'identified', 'anonymous', 'with-email', 'erased'];

/**
 * Contacts: the organization's visitors (the API's `visitors`), newest seen first, searched by name, email, phone or
 * company. Admins export them all as CSV; managers and admins import a CSV. Loaded on first visit.
 */
export function ContactsPage() {
  const t = useStrings().contacts;
  const locale = currentLocale();
  const role = useQuery(queries.me()).data?.agent.role;
  const [text, setText] = useState('');
  const [filter, setFilter] = useState<TContactFilter>('all');
  // The list follows the box a render behind the keystrokes, and each request is cancelled by the next.
  const q = useDeferredValue(text.trim());
  const list = useInfiniteQuery(contactQueries.list(q, filter));
  const rows = list.data?.pages.flatMap((p) => p.visitors) ?? [];
  usePageTitle(t.title);
  return (
    <section className="page contacts-page">
      <div className="contacts-head">
        <h1>{t.title}</h1>
        {role && (
          <div className="contacts-tools">
            {canManagePersonalData(role) && <ExportButton />}
            {isManager(role) && <ImportButton />}
          </div>
        )}
      </div>
      <div className="contacts-filters">
        <label className="contacts-search">
          {t.search}
          <input
            type="search"
            value={text}
            maxLength={CONTACT_LIMITS.queryMax}
            placeholder={t.searchPlaceholder}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <div className="field">
          <label htmlFor="contacts-filter">{t.show}</label>
          <select id="contacts-filter" value={filter} onChange={(e) => setFilter(e.target.value as TContactFilter)}>
            {FILTERS.map((value) => (
              <option key={value} value={value}>
                {t.filters[value]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {list.isError && (
        <p className="error" role="alert">
          {errorMessage(list.error)}
        </p>
      )}
      <div className="card table-scroll">
        <table className="table contacts-table" aria-label={t.title} aria-busy={list.isFetching}>
          <thead>
            <tr>
              <th scope="col">{t.name}</th>
              <th scope="col">{t.email}</th>
              <th scope="col">{t.phone}</th>
              <th scope="col">{t.company}</th>
              <th scope="col">{t.conversations}</th>
              <th scope="col">{t.lastSeen}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link href={paths.contact(c.id)}>
                    {c.isErased ? t.erased : c.name || c.email || fill(t.unnamed, { id: c.id.slice(0, 8) })}
                  </Link>
                  {c.userId && <span className="pill verified-pill">{t.verified}</span>}
                </td>
                <td>{c.email ?? ''}</td>
                <td>{c.phone ?? ''}</td>
                <td>{c.company ?? ''}</td>
                <td>{c.conversationCount.toLocaleString(locale)}</td>
                <td title={dateTime(c.lastSeenAt, locale)}>{timeAgo(c.lastSeenAt, Date.now(), locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {!list.isPending && rows.length === 0 && <p className="muted">{t.none}</p>}
        {list.hasNextPage && (
          <button
            type="button"
            className="btn btn-small"
            disabled={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {list.isFetchingNextPage ? t.loadingMore : t.showMore}
          </button>
        )}
      </div>
    </section>
  );
}

function ExportButton() {
  const t = useStrings().contacts;
  const exported = useMutation({ mutationFn: () => download('exportVisitorsCsv', {}, 'contacts.csv') });
  return (
    <div>
      <button type="button" className="btn btn-small" disabled={exported.isPending} onClick={() => exported.mutate()}>
        {exported.isPending ? t.exporting : t.exportCsv}
      </button>
      {exported.isError && (
        <p className="error" role="alert">
          {errorMessage(exported.error)}
        </p>
      )}
    </div>
  );
}

/** A CSV file chosen here is sent as text; each refused row comes back with its line. */
function ImportButton() {
  const t = useStrings().contacts;
  const qc = useQueryClient();
  const [tooLarge, setTooLarge] = useState(false);
  const imported = useMutation({
    mutationFn: (csv: string) => api.call('importVisitorsCsv', { body: { csv } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: contactListsKey }),
  });
  const handleFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const csv = await file.text();
    setTooLarge(csv.length > CONTACT_LIMITS.importCharsMax);
    if (csv.length <= CONTACT_LIMITS.importCharsMax) imported.mutate(csv);
  };
  return (
    <div className="contacts-import">
      <label className="btn btn-small file-button">
        {imported.isPending ? t.importing : t.importCsv}
        <input
          type="file"
          accept=".csv,text/csv"
          className="sr-only"
          disabled={imported.isPending}
          onChange={(e) => void handleFile(e)}
        />
      </label>
      {tooLarge && (
        <p className="error" role="alert">
          {t.tooLarge}
        </p>
      )}
      {imported.isError && (
        <p className="error" role="alert">
          {errorMessage(imported.error)}
        </p>
      )}
      {imported.data && <ImportResult result={imported.data} />}
    </div>
  );
}

function ImportResult({ result }: { result: TImportVisitorsResult }) {
  const t = useStrings().contacts;
  const locale = currentLocale();
  const counts = { created: result.created.toLocaleString(locale), updated: result.updated.toLocaleString(locale) };
  return (
    <div role="status" className="import-result">
      <p className={result.errorCount > 0 ? '' : 'ok'}>
        {result.errorCount > 0
          ? fill(t.importedSkipped, { ...counts, skipped: result.errorCount.toLocaleString(locale) })
          : fill(t.imported, counts)}
      </p>
      {result.errors.length > 0 && (
        <ul className="import-errors">
          {result.errors.map((e) => (
            <li key={e.line}>{fill(t.importLine, { line: e.line, message: e.message })}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
