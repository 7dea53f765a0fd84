import { describe, expect, it } from 'vitest';
import { parseSearchQuery, snippetParts, ZSearchQuery } from './search.js';

describe('parseSearchQuery', () => {
  it('reads words, "phrases", the word being typed and #number', () => {
    expect(parseSearchQuery('refund "blue teapot" parc')).toEqual({
      number: null,
      terms: ['refund', 'blue teapot', 'parc'],
      prefix: 'parc',
      needle: 'refund "blue teapot" parc',
    });
    expect(parseSearchQuery(' #42 ')).toMatchObject({ number: 42, terms: ['#42'], prefix: null, needle: '#42' });
    expect(parseSearchQuery('42')).toMatchObject({ number: 42, prefix: '42' });
  });

  it('takes no prefix after a space, inside an unclosed phrase, or from a word with punctuation', () => {
    expect(parseSearchQuery('refund ')?.prefix).toBeNull();
    expect(parseSearchQuery('"blue tea')).toMatchObject({ terms: ['blue tea'], prefix: null });
    expect(parseSearchQuery('ada@exa')).toMatchObject({ terms: ['ada@exa'], prefix: null });
    expect(parseSearchQuery('a')?.prefix).toBeNull();
  });

  it('keeps at most 8 terms and drops terms with no letter or digit', () => {
    expect(parseSearchQuery('a b c d e f g h i j')?.terms).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(parseSearchQuery('refund -- !!')?.terms).toEqual(['refund']);
  });

  it('is null for a query with nothing to look for, which the schema refuses', () => {
    for (const q of ['', '  ', '?!', '🙂', '\u0301']) expect(parseSearchQuery(q)).toBeNull();
    expect(ZSearchQuery.safeParse({ q: '?!' }).success).toBe(false);
    expect(ZSearchQuery.safeParse({ q: 'café' }).success).toBe(true);
    expect(ZSearchQuery.safeParse({ q: 'x'.repeat(101) }).success).toBe(false);
  });
});

describe('snippetParts', () => {
  it('cuts the text into plain and matched runs, in order, ignoring ranges out of bounds or overlapping', () => {
    const snippet = {
      text: 'the blue teapot',
      highlights: [
        { start: 9, end: 15 },
        { start: 4, end: 8 },
        { start: 5, end: 7 },
        { start: 40, end: 50 },
      ],
    };
    expect(snippetParts(snippet)).toEqual([
      { text: 'the ', isMatch: false },
      { text: 'blue', isMatch: true },
      { text: ' ', isMatch: false },
      { text: 'teapot', isMatch: true },
    ]);
    expect(snippetParts({ text: '<b>x</b>', highlights: [] })).toEqual([{ text: '<b>x</b>', isMatch: false }]);
  });
});
