import { CSV_BOM, csvLine } from '@oceras/protocol/csv';

/**
 * A CSV file of rows, as spreadsheets read it: comma-separated, fields quoted where they must be, CRLF lines, with a
 * byte order mark so that Excel reads UTF-8. A text cell that a spreadsheet would run as a formula (`=`, `+`, `-`,
 * `@`, tab, carriage return first) is prefixed with `'` (the protocol's csvCell): a tag or a name typed by anyone
 * cannot become one.
 */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return CSV_BOM + rows.map(csvLine).join('');
}

/** Saves `text` as a file, from the page itself (nothing is sent anywhere). */
export function saveCsv(fileName: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
