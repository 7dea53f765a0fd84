import { attachmentKindOf } from '@oceras/protocol';
import { fileTypeFromBuffer } from 'file-type';

/** How many leading bytes decide a file's type (file-type's own sample size). */
export const SNIFF_BYTES = 4100;

/**
 * What file-type may report for a declared type, when that differs from the type itself: Office documents are
 * zip (OOXML, OpenDocument) or Compound File containers, and a container's name is all a short sample may show.
 */
const ALSO: Record<string, string[]> = {
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['application/zip'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['application/zip'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['application/zip'],
  'application/vnd.oasis.opendocument.text': ['application/zip'],
  'application/vnd.oasis.opendocument.spreadsheet': ['application/zip'],
  'application/vnd.oasis.opendocument.presentation': ['application/zip'],
  'application/msword': ['application/x-cfb'],
  'application/vnd.ms-excel': ['application/x-cfb'],
  'application/vnd.ms-powerpoint': ['application/x-cfb'],
  'application/vnd.rar': ['application/x-rar-compressed'],
  'image/heic': ['image/heif'],
};
/** Types with no signature: accepted when file-type finds none and the bytes are text. */
const TEXT = new Set(['text/plain', 'text/csv', 'text/markdown']);

/** Text: no NUL and valid UTF-8 (a multi-byte character cut at the sample's end is allowed). */
function isText(sample: Uint8Array, isWhole: boolean): boolean {
  if (sample.includes(0)) return false;
  let end = sample.length;
  if (!isWhole) while (end > 0 && end > sample.length - 4 && (sample[end - 1]! & 0xc0) === 0x80) end--;
  if (!isWhole && end > 0 && sample[end - 1]! >= 0xc0) end--;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/**
 * Do these leading bytes show the declared type? `isWhole`: the sample is the whole file. The type comes from the
 * bytes, never the name: a PNG declared as a PDF, or a program declared as text, is refused.
 */
export async function bytesMatch(declared: string, sample: Uint8Array, isWhole: boolean): Promise<boolean> {
  const found = await fileTypeFromBuffer(sample);
  if (TEXT.has(declared)) return !found && isText(sample, isWhole);
  if (!found) return false;
  return found.mime === declared || (ALSO[declared] ?? []).includes(found.mime);
}

/**
 * The type of a whole file the server received itself (an email's attachment), from its bytes alone: what
 * file-type finds, or text when the bytes are UTF-8 without NUL. The sender's claim only picks among what the
 * bytes allow: an Office document or a RAR archive whose signature is its container's (ALSO), or a text subtype.
 * Null when the bytes show nothing we know.
 */
export async function sniffType(bytes: Uint8Array, claimed: string | undefined): Promise<string | null> {
  const found = await fileTypeFromBuffer(bytes);
  const claim = (claimed ?? '').split(';')[0]!.trim().toLowerCase();
  if (found) return (ALSO[claim] ?? []).includes(found.mime) ? claim : found.mime;
  if (!isText(bytes, true)) return null;
  return TEXT.has(claim) ? claim : 'text/plain';
}

/** Shown in the page that opens them: raster images a browser draws and never runs. Everything else downloads. */
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp']);
export const isInline = (contentType: string) => INLINE.has(contentType);

/** Images the thumbnailer reads (sharp's prebuilt libvips). */
const THUMBNAILABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/tiff']);
export const hasThumbnail = (contentType: string) => THUMBNAILABLE.has(contentType);

/**
 * The headers of a download, for any driver: inline only for raster images, `attachment` with the file's name for
 * everything else, the declared type only when it is one of ours (an SVG or HTML file never is: it would go as
 * application/octet-stream), never sniffed, and no script or plugin even if opened.
 */
export function downloadHeaders(contentType: string, fileName: string): Record<string, string> {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const disposition = `${isInline(contentType) ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
  const safeType = contentType.startsWith('text/') ? `${contentType}; charset=utf-8` : contentType;
  return {
    'content-type': attachmentKindOf(contentType) ? safeType : 'application/octet-stream',
    'content-disposition': disposition,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cross-origin-resource-policy': 'cross-origin',
  };
}
