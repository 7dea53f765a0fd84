import { snippetParts, type TSearchHit } from '@oceras/protocol';
import { useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import { useStrings } from '../../i18n/i18n';
import { errorMessage } from '../../lib/errors';
import { paths } from '../../lib/paths';
import { RESULTS_ID, type SearchKeys } from './search-keys';
import { useSearch } from './use-search';
import './search.css';

const optionId = (i: number) => `${RESULTS_ID}-${i}`;

/** The listbox of results under the search box (its own chunk). */
export function SearchResults(props: {
  text: string;
  keys: SearchKeys;
  onActive: (id: string | undefined) => void;
  onOpened: () => void;
}) {
  const { text, keys, onActive, onOpened } = props;
  const t = useStrings().search;
  const search = useSearch(text);
  const [active, setActive] = useState(0);
  const [, navigate] = useLocation();
  const { hits } = search;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new query starts at its first result
  useEffect(() => setActive(0), [search.q]);
  useEffect(
    () => onActive(hits.length ? optionId(Math.min(active, hits.length - 1)) : undefined),
    [active, hits, onActive],
  );
  const open = (hit: TSearchHit | undefined) => {
    if (!hit) return;
    navigate(paths.conversation(hit.conversation.id));
    onOpened();
  };
  keys.current = (e) => {
    if (e.key === 'ArrowDown') setActive((i) => Math.min(i + 1, hits.length - 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (e.key === 'Enter') open(hits[Math.min(active, hits.length - 1)]);
    else return false;
    if (e.key === 'ArrowDown' && active >= hits.length - 3) search.loadMore();
    return true;
  };
  useEffect(
    () => () => {
      keys.current = null;
    },
    [keys],
  );
  const status =
    search.status === 'error'
      ? errorMessage(search.error)
      : search.status === 'loading' && hits.length === 0
        ? t.searching
        : search.status === 'done' && hits.length === 0
          ? t.none
          : null;
  return (
    <div className="search-popup">
      <div id={RESULTS_ID} role="listbox" aria-label={t.results} className="search-results">
        {hits.map((hit, i) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: keys are the combobox's (ArrowUp, ArrowDown, Enter)
          <div
            key={hit.conversation.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            tabIndex={-1}
            className="search-hit"
            // Before the input's blur closes the list.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => open(hit)}
            onMouseEnter={() => setActive(i)}
          >
            <span className="search-hit-title">
              #{hit.conversation.number} ·{' '}
              {hit.conversation.visitor.name ?? hit.conversation.visitor.email ?? t.visitor}
              {hit.conversation.subject ? ` · ${hit.conversation.subject}` : ''}
            </span>
            <span className="search-hit-meta">
              {t.statuses[hit.conversation.status]} · {t.where[hit.match]}
            </span>
            <span className="search-hit-snippet">
              {snippetParts(hit.snippet).map((part, j) =>
                // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one snippet never move
                part.isMatch ? <mark key={j}>{part.text}</mark> : <span key={j}>{part.text}</span>,
              )}
            </span>
          </div>
        ))}
      </div>
      {status && (
        <p className="search-status" role="status">
          {status}
        </p>
      )}
      {search.order === 'recent' && hits.length > 0 && <p className="search-status">{t.manyMatches}</p>}
    </div>
  );
}
