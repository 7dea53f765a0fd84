import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvCell, csvLine, csvValue, parseCsv } from './csv.js';

describe('csvCell', () => {
  it('quotes what must be quoted and disarms what a spreadsheet would run as a formula', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    for (const danger of ['=1+1', '+33 1 23', '-2', '@SUM(A1)', '\tx', '\rx'])
      expect(csvCell(danger)).toBe(/[",\r\n]/.test(danger) ? `"'${danger}"` : `'${danger}`);
    expect(csvCell(3)).toBe('3');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(csvLine(['a', null, 2])).toBe('a,,2\r\n');
  });
});

describe('parseCsv', () => {
  it('reads quotes, doubled quotes, CRLF and LF, a byte order mark, and numbers each row by its line', () => {
    const text = `${CSV_BOM}email,name\r\na@x.test,"Doe, Jane"\n\nb@x.test,"two\nlines ""quoted"""\r\nc@x.test,`;
    expect(parseCsv(text)).toEqual([
      { line: 1, cells: ['email', 'name'] },
      { line: 2, cells: ['a@x.test', 'Doe, Jane'] },
      { line: 4, cells: ['b@x.test', 'two\nlines "quoted"'] },
      { line: 6, cells: ['c@x.test', ''] },
    ]);
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('a,b\n')).toEqual([{ line: 1, cells: ['a', 'b'] }]);
  });

  it('reads back what csvLine wrote, the formula guard taken off by csvValue', () => {
    const row = ['=HYPERLINK("http://x")', '+33 6 00', 'a,b', 'plain', 'quote " inside'];
    const [parsed] = parseCsv(csvLine(row));
    expect(parsed!.cells.map(csvValue)).toEqual(row);
    // A value that really starts with a quote and no formula character stays as it is.
    expect(csvValue("'quoted")).toBe("'quoted");
  });
});
