import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('quotes what must be quoted, leaves numbers alone, and disarms formulas', () => {
    const text = toCsv([
      ['tag', 'opened', 'note'],
      ['billing', 3, 'plain'],
      ['a,b', 0, 'say "hi"'],
      ['=HYPERLINK("http://evil")', -2, '@SUM(A1)'],
      ['line\nbreak', null, undefined],
    ]);
    expect(text).toBe(
      '\uFEFFtag,opened,note\r\nbilling,3,plain\r\n"a,b",0,"say ""hi"""\r\n' +
        `"'=HYPERLINK(""http://evil"")",-2,'@SUM(A1)\r\n"line\nbreak",,\r\n`,
    );
  });
});
