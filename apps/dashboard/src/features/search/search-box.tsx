// The top bar's search: a combobox whose results (a listbox under it) load as a separate chunk on the first query,
// so the first screen carries only this input. `/` focuses it (the shell's shortcut); arrows, Enter and Escape
// work while it has focus.
import { lazy, type RefObject, Suspense, useRef, useState } from 'react';
import { useStrings } from '../../i18n/i18n';
import { RESULTS_ID, type SearchKeys } from './search-keys';

const SearchResults = lazy(() => import('./search-results').then((m) => ({ default: m.SearchResults })));

export function SearchBox({ inputRef }: { inputRef: RefObject<HTMLInputElement | null> }) {
  const [text, setText] = useState('');
  const [isOpen, setOpen] = useState(false);
  const [activeId, setActiveId] = useState<string | undefined>(undefined);
  const keys: SearchKeys = useRef(null);
  const isShown = isOpen && text.trim() !== '';
  const t = useStrings().search;
  const close = () => {
    setOpen(false);
    setActiveId(undefined);
  };
  return (
    <div className="search-box">
      <input
        ref={inputRef}
        type="search"
        className="search"
        role="combobox"
        aria-label={t.label}
        aria-expanded={isShown}
        aria-controls={RESULTS_ID}
        aria-autocomplete="list"
        aria-activedescendant={isShown ? activeId : undefined}
        placeholder={t.placeholder}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={close}
        onKeyDown={(e) => {
          if (isShown && keys.current?.(e)) {
            e.preventDefault();
            return;
          }
          if (e.key === 'Escape') {
            if (isShown) close();
            else e.currentTarget.blur();
          } else if (e.key === 'ArrowDown') setOpen(true);
        }}
      />
      {isShown && (
        <Suspense fallback={null}>
          <SearchResults
            text={text}
            keys={keys}
            onActive={setActiveId}
            onOpened={() => {
              close();
              inputRef.current?.blur();
            }}
          />
        </Suspense>
      )}
    </div>
  );
}
