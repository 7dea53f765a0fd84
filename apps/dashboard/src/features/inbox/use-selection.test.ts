import { describe, expect, it } from 'vitest';
import { selectRange } from './use-selection';

describe('selectRange (shift-click)', () => {
  const ids = ['a', 'b', 'c', 'd', 'e'];
  it('adds every row between the anchor and the clicked one, either way, keeping the rest', () => {
    expect([...selectRange(ids, new Set(['a']), 'b', 'd')].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect([...selectRange(ids, new Set(), 'd', 'b')].sort()).toEqual(['b', 'c', 'd']);
  });
  it('toggles the one row when there is no anchor, or it left the list', () => {
    expect([...selectRange(ids, new Set(), null, 'c')]).toEqual(['c']);
    expect([...selectRange(ids, new Set(['c']), 'gone', 'c')]).toEqual([]);
  });
});
