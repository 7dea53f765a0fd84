import { describe, expect, it } from 'vitest';
import { linkify, safeHref } from './linkify.js';

describe('linkify', () => {
  it('turns http and https addresses into links and leaves the rest as text', () => {
    expect(linkify('see https://a.test/x?y=1 and http://b.test')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://a.test/x?y=1', href: 'https://a.test/x?y=1' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://b.test', href: 'http://b.test/' },
    ]);
  });
  it('leaves trailing punctuation out, but keeps a balanced closing parenthesis', () => {
    expect(linkify('go to https://a.test/page.')[1]).toMatchObject({ text: 'https://a.test/page' });
    expect(linkify('(https://a.test/x)')[1]).toMatchObject({ text: 'https://a.test/x' });
    expect(linkify('https://en.wikipedia.org/wiki/X_(Y)')[0]).toMatchObject({
      text: 'https://en.wikipedia.org/wiki/X_(Y)',
    });
  });
  it('never links other schemes and stops at quotes and angle brackets', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x', 'ftp://a.test/file'])
      expect(linkify(text)).toEqual([{ kind: 'text', text }]);
    const parts = linkify('http://a.test/"><img src=x onerror=alert(1)>');
    expect(parts[0]).toMatchObject({ kind: 'link', text: 'http://a.test/' });
    expect(parts.map((p) => p.text).join('')).toBe('http://a.test/"><img src=x onerror=alert(1)>');
  });
  it('keeps the text whole: the segments join back to the input', () => {
    const text = 'a https://x.test/1, b http://y.test/(2) c\nhttps://z.test';
    expect(
      linkify(text)
        .map((s) => s.text)
        .join(''),
    ).toBe(text);
  });
  it('safeHref refuses anything but http(s)', () => {
    expect(safeHref('https://a.test')).toBe('https://a.test/');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('not a url')).toBeNull();
  });
});
