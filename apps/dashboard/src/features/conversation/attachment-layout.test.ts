import { describe, expect, it } from 'vitest';
import { fileIcon, PREVIEW_UNKNOWN, previewBox } from './attachment-layout';

describe('previewBox', () => {
  it('fits the image in the box, keeping its shape, never enlarging it', () => {
    expect(previewBox({ width: 1200, height: 800 })).toEqual({ width: 280, height: 187 });
    expect(previewBox({ width: 400, height: 1600 })).toEqual({ width: 55, height: 220 });
    expect(previewBox({ width: 100, height: 60 })).toEqual({ width: 100, height: 60 });
  });
  it('reserves a fixed box while the dimensions are not known', () => {
    expect(previewBox({})).toEqual(PREVIEW_UNKNOWN);
  });
});

describe('fileIcon', () => {
  it('names the kind, with the extension printed on it', () => {
    expect(fileIcon({ fileName: 'invoice.pdf', contentType: 'application/pdf' })).toEqual({
      kind: 'pdf',
      label: 'PDF',
    });
    expect(fileIcon({ fileName: 'q3.xlsx', contentType: 'application/vnd.ms-excel' })).toEqual({
      kind: 'office',
      label: 'XLSX',
    });
    expect(fileIcon({ fileName: 'notes', contentType: 'text/plain' })).toEqual({ kind: 'text', label: 'TXT' });
    expect(fileIcon({ fileName: 'x.weird-long', contentType: 'application/x-unknown' })).toEqual({
      kind: 'file',
      label: 'FILE',
    });
  });
});
