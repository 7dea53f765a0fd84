import type { TAttachment } from '@oceras/protocol';
import type { FileUrls, Reader } from './file-urls.js';

/**
 * An attachment as messages and events store it: what every reader sees alike, without URLs (they are signed per
 * reader when presented: REST answers and socket emits). `hasThumbnail` says whether `thumbnailUrl` can be signed.
 */
export interface StoredAttachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  width?: number;
  height?: number;
  hasThumbnail?: true;
}

/**
 * THE stored shape, in SQL, of the attachment row `a`: the append statements write it into the message and its
 * event, the thumbnail writes it again when the image is ready. Null fields are left out.
 */
export const storedAttachmentSql = (a: string) =>
  `jsonb_strip_nulls(jsonb_build_object('id', ${a}.id, 'fileName', ${a}.file_name, 'contentType', ${a}.content_type,
    'size', ${a}.size, 'width', ${a}.width, 'height', ${a}.height,
    'hasThumbnail', case when ${a}.thumbnail_key is not null then true end))`;

/** A stored attachment as `reader` gets it: the same fields with URLs signed for them. */
export function presentAttachment(stored: StoredAttachment, urls: FileUrls, reader: Reader): TAttachment {
  const { hasThumbnail, ...fields } = stored;
  return {
    ...fields,
    url: urls.download(stored.id, 'original', reader),
    ...(hasThumbnail ? { thumbnailUrl: urls.download(stored.id, 'thumbnail', reader) } : {}),
  };
}

/** A message view (as stored) with its attachments presented for `reader`. */
export function presentAttachmentsOf<M extends { attachments?: unknown }>(
  message: M,
  urls: FileUrls,
  reader: Reader,
): Omit<M, 'attachments'> & { attachments: TAttachment[] } {
  const stored = (message.attachments ?? []) as StoredAttachment[];
  return { ...message, attachments: stored.map((a) => presentAttachment(a, urls, reader)) };
}

/**
 * A stored event's payload as `reader` gets it: the one place where stream items (live and replayed) get their
 * URLs. Only the events that carry attachments change.
 */
export function presentPayload(type: string, payload: unknown, urls: FileUrls, reader: Reader): unknown {
  if (type === 'message.created') return presentAttachmentsOf(payload as { attachments?: unknown }, urls, reader);
  if (type === 'attachment.ready') {
    const p = payload as { attachment: StoredAttachment };
    return { ...p, attachment: presentAttachment(p.attachment, urls, reader) };
  }
  return payload;
}
