// Results as you type, for the dashboard and the mobile app alike: each keystroke waits SEARCH_DEBOUNCE_MS for the
// next; a newer query cancels the request of an older one, and an answer that arrives late is dropped, so what is
// shown always belongs to the text in the box. No DOM, no React: each app wraps it in a small hook.
import { parseSearchQuery, SEARCH_DEBOUNCE_MS, type TSearchHit, type TSearchPage } from './search.js';

export interface SearchState {
  /** The query the results are for (trimmed); empty when the box is. */
  q: string;
  status: 'idle' | 'loading' | 'done' | 'error';
  hits: TSearchHit[];
  order: TSearchPage['order'] | null;
  nextCursor: string | null;
  error: unknown;
}

export const EMPTY_SEARCH: SearchState = {
  q: '',
  status: 'idle',
  hits: [],
  order: null,
  nextCursor: null,
  error: null,
};

export interface SearchSession {
  /** The box's text changed. */
  set(text: string): void;
  /** The next page of the current results, appended. */
  loadMore(): void;
  dispose(): void;
}

export function createSearchSession(options: {
  run: (q: string, cursor: string | undefined, signal: AbortSignal) => Promise<TSearchPage>;
  onChange: (state: SearchState) => void;
  debounceMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}): SearchSession {
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let state = EMPTY_SEARCH;
  let timer: unknown = null;
  let inFlight: AbortController | null = null;
  const emit = (next: SearchState) => {
    state = next;
    options.onChange(state);
  };
  const cancel = () => {
    if (timer !== null) clearTimer(timer);
    timer = null;
    inFlight?.abort();
    inFlight = null;
  };
  const fetchPage = (q: string, cursor?: string) => {
    const controller = new AbortController();
    inFlight = controller;
    options.run(q, cursor, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return;
        inFlight = null;
        const hits = cursor ? [...state.hits, ...page.hits] : page.hits;
        emit({ q, status: 'done', hits, order: page.order, nextCursor: page.nextCursor, error: null });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        inFlight = null;
        emit({ ...state, q, status: 'error', error });
      },
    );
  };
  return {
    set(text) {
      const q = text.trim();
      if (q === state.q && state.status !== 'error') return;
      cancel();
      if (!q || !parseSearchQuery(q)) {
        emit({ ...EMPTY_SEARCH, q });
        return;
      }
      emit({ ...state, q, status: 'loading' });
      timer = setTimer(() => {
        timer = null;
        fetchPage(q);
      }, options.debounceMs ?? SEARCH_DEBOUNCE_MS);
    },
    loadMore() {
      if (state.status !== 'done' || !state.nextCursor || inFlight) return;
      emit({ ...state, status: 'loading' });
      fetchPage(state.q, state.nextCursor);
    },
    dispose: cancel,
  };
}
