import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TSearchPage } from './search.js';
import { createSearchSession, type SearchState } from './search-session.js';

const page = (q: string, nextCursor: string | null = null): TSearchPage => ({
  hits: [{ snippet: { text: q, highlights: [] } } as never],
  order: 'relevance',
  nextCursor,
});

describe('createSearchSession', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function scene() {
    const calls: { q: string; cursor?: string; signal: AbortSignal; resolve: (p: TSearchPage) => void }[] = [];
    const states: SearchState[] = [];
    const session = createSearchSession({
      run: (q, cursor, signal) => new Promise((resolve) => calls.push({ q, cursor, signal, resolve })),
      onChange: (s) => states.push(s),
    });
    return { calls, states, session, last: () => states.at(-1)! };
  }

  it('asks once, 200 ms after the last keystroke', async () => {
    const { calls, session, last } = scene();
    for (const text of ['t', 'te', 'tea', 'teap']) {
      session.set(text);
      vi.advanceTimersByTime(150);
    }
    expect(calls).toHaveLength(0);
    expect(last().status).toBe('loading');
    vi.advanceTimersByTime(50);
    expect(calls.map((c) => c.q)).toEqual(['teap']);
    calls[0]!.resolve(page('teap'));
    await vi.runAllTimersAsync();
    expect(last()).toMatchObject({ q: 'teap', status: 'done', hits: [{ snippet: { text: 'teap' } }] });
  });

  it('cancels a stale request and never shows its late answer', async () => {
    const { calls, session, last } = scene();
    session.set('walrus');
    vi.advanceTimersByTime(200);
    session.set('teapot');
    expect(calls[0]!.signal.aborted).toBe(true);
    vi.advanceTimersByTime(200);
    calls[0]!.resolve(page('walrus'));
    calls[1]!.resolve(page('teapot'));
    await vi.runAllTimersAsync();
    expect(last()).toMatchObject({ q: 'teapot', hits: [{ snippet: { text: 'teapot' } }] });
  });

  it('empties at once for an empty or symbol-only box, and appends the next page', async () => {
    const { calls, session, last } = scene();
    session.set('kettle');
    vi.advanceTimersByTime(200);
    calls[0]!.resolve(page('one', 'c1'));
    await vi.runAllTimersAsync();
    session.loadMore();
    expect(calls[1]).toMatchObject({ q: 'kettle', cursor: 'c1' });
    calls[1]!.resolve(page('two'));
    await vi.runAllTimersAsync();
    expect(last().hits.map((h) => h.snippet.text)).toEqual(['one', 'two']);
    session.set('  ');
    expect(last()).toMatchObject({ status: 'idle', hits: [] });
    session.set('?!');
    expect(last()).toMatchObject({ status: 'idle', hits: [] });
    vi.advanceTimersByTime(1000);
    expect(calls).toHaveLength(2);
  });
});
