import { createSearchSession, EMPTY_SEARCH, type SearchState } from '@oceras/protocol';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api';

/** Results for the box's text: debounced, stale requests cancelled (createSearchSession, shared with the app). */
export function useSearch(text: string) {
  const [state, setState] = useState<SearchState>(EMPTY_SEARCH);
  const session = useRef<ReturnType<typeof createSearchSession> | null>(null);
  useEffect(() => {
    const s = createSearchSession({
      run: (q, cursor, signal) =>
        api.call('searchConversations', { query: { q, ...(cursor ? { cursor } : {}) }, signal }),
      onChange: setState,
    });
    session.current = s;
    return () => s.dispose();
  }, []);
  useEffect(() => session.current?.set(text), [text]);
  return { ...state, loadMore: () => session.current?.loadMore() };
}
