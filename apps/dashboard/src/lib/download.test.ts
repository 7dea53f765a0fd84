// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { fileNameOf } from './download';

describe("an export is saved under the server's file name", () => {
  it('reads the quoted filename of Content-Disposition', () => {
    expect(fileNameOf('attachment; filename="visitor-abc.json"', 'x.json')).toBe('visitor-abc.json');
  });

  it('falls back without a header, without a name, or with a name that has a path in it', () => {
    expect(fileNameOf(null, 'x.json')).toBe('x.json');
    expect(fileNameOf('attachment', 'x.json')).toBe('x.json');
    expect(fileNameOf('attachment; filename="../etc/passwd"', 'x.json')).toBe('x.json');
  });
});
