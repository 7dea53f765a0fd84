import { createSearchSession, EMPTY_SEARCH, type SearchState } from '@oceras/protocol';
import { useEffect, useRef, useState } from 'react';
import type { Session } from './session';

/** Results for the search field's text: debounced, stale requests cancelled (createSearchSession, as the dashboard). */
export function useSearch(session: Session, text: string) {
  const [state, setState] = useState<SearchState>(EMPTY_SEARCH);
  const search = useRef<ReturnType<typeof createSearchSession> | null>(null);
  useEffect(() => {
    const s = createSearchSession({
      run: (q, cursor, signal) =>
        session.client.call('searchConversations', { query: { q, ...(cursor ? { cursor } : {}) }, signal }),
      onChange: setState,
    });
    search.current = s;
    return () => s.dispose();
  }, [session]);
  useEffect(() => search.current?.set(text), [text]);
  return { ...state, loadMore: () => search.current?.loadMore() };
}
