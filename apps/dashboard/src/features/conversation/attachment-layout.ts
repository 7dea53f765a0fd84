import { attachmentKindOf, type TAttachment } from '@oceras/protocol';

/** The largest box an image preview takes in the thread. */
export const PREVIEW_MAX = { width: 280, height: 220 };
/** An image whose dimensions are not known yet (its thumbnail is being made): a box of this size meanwhile. */
export const PREVIEW_UNKNOWN = { width: 200, height: 150 };

/** The preview's size, reserved before the image loads so the thread does not jump: fitted, never enlarged. */
export function previewBox(a: Pick<TAttachment, 'width' | 'height'>) {
  if (!a.width || !a.height) return PREVIEW_UNKNOWN;
  const scale = Math.min(1, PREVIEW_MAX.width / a.width, PREVIEW_MAX.height / a.height);
  return { width: Math.max(1, Math.round(a.width * scale)), height: Math.max(1, Math.round(a.height * scale)) };
}

/** A file card's icon: its kind, and the short name printed on it (the extension when it is a short one). */
export function fileIcon(a: Pick<TAttachment, 'fileName' | 'contentType'>) {
  const kind = attachmentKindOf(a.contentType) ?? 'file';
  const ext = /\.([a-z0-9]{1,4})$/i.exec(a.fileName)?.[1];
  const label = ext
    ? ext.toUpperCase()
    : { image: 'IMG', pdf: 'PDF', text: 'TXT', office: 'DOC', archive: 'ZIP', file: 'FILE' }[kind];
  return { kind, label };
}
