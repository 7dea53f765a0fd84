import { IMAGE_TYPES } from './files.js';

/**
 * The kinds of file an organization may allow, each a fixed set of content types that the server can verify from
 * the bytes (file-type's signatures; text as UTF-8 without NUL). SVG and HTML are in no kind: a browser runs their
 * scripts.
 */
export const ATTACHMENT_KINDS = {
  image: IMAGE_TYPES,
  pdf: ['application/pdf'],
  text: ['text/plain', 'text/csv', 'text/markdown'],
  office: [
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    'application/msword',
    'application/vnd.ms-excel',
    'application/vnd.ms-powerpoint',
    'application/vnd.oasis.opendocument.text',
    'application/vnd.oasis.opendocument.spreadsheet',
    'application/vnd.oasis.opendocument.presentation',
    'application/rtf',
  ],
  archive: [
    'application/zip',
    'application/gzip',
    'application/x-tar',
    'application/x-7z-compressed',
    'application/vnd.rar',
  ],
} as const;

/** The kind a content type belongs to, or null: a type in no kind is never accepted. */
export function attachmentKindOf(contentType: string): keyof typeof ATTACHMENT_KINDS | null {
  for (const kind of Object.keys(ATTACHMENT_KINDS) as (keyof typeof ATTACHMENT_KINDS)[])
    if ((ATTACHMENT_KINDS[kind] as readonly string[]).includes(contentType)) return kind;
  return null;
}
