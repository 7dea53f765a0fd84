import { z } from 'zod';
import { ATTACHMENT_KINDS, attachmentKindOf } from './attachment-kinds.js';
import { LIMITS, ZId, ZTimestamp } from './common.js';

// The kinds and their types live in attachment-kinds.ts, which imports no zod (the widget bundles it).
export { ATTACHMENT_KINDS, attachmentKindOf };
export const ZAttachmentKind = z.enum(['image', 'pdf', 'text', 'office', 'archive']);
export type TAttachmentKind = z.infer<typeof ZAttachmentKind>;

/** Per organization: which kinds, how large a file, how much in all. */
export const ZAttachmentSettings = z.strictObject({
  allowedKinds: z.array(ZAttachmentKind).max(ZAttachmentKind.options.length),
  maxFileBytes: z.number().int().min(1).max(LIMITS.attachmentBytesMax),
  quotaBytes: z.number().int().min(0).max(LIMITS.attachmentQuotaMax),
});
export type TAttachmentSettings = z.infer<typeof ZAttachmentSettings>;

export const DEFAULT_ATTACHMENT_SETTINGS: TAttachmentSettings = {
  allowedKinds: ['image', 'pdf', 'text', 'office', 'archive'],
  maxFileBytes: 25 * 1024 * 1024,
  quotaBytes: 10 * 1024 * 1024 * 1024,
};

const isForbiddenInName = (c: string) => c < ' ' || c === '\u007f' || c === '/' || c === '\\';
/** A file name as shown and offered on download: no path, no control characters. */
const ZFileName = z
  .string()
  .trim()
  .min(1)
  .max(LIMITS.fileNameMax)
  .refine((s) => ![...s].some(isForbiddenInName) && s.isWellFormed() && s !== '.' && s !== '..', {
    message: 'a file name without path or control characters',
  });

export const ZCreateUploadRequest = z.strictObject({
  fileName: ZFileName,
  /** One of the organization's allowed kinds' types (ATTACHMENT_KINDS); checked again from the bytes. */
  contentType: z
    .string()
    .max(100)
    .transform((s) => s.toLowerCase()),
  /** Exactly the bytes that will be sent. */
  size: z.number().int().min(1).max(LIMITS.attachmentBytesMax),
});
export type TCreateUploadRequest = z.input<typeof ZCreateUploadRequest>;

/**
 * Where to send the bytes: one request with `uploadMethod` to `uploadUrl`, with `uploadHeaders`, before
 * `expiresAt`. The URL takes exactly one upload of `size` bytes of `contentType`, from this uploader.
 */
export const ZUpload = z.object({
  attachmentId: ZId,
  uploadUrl: z.string(),
  uploadMethod: z.literal('PUT'),
  uploadHeaders: z.record(z.string(), z.string()),
  expiresAt: ZTimestamp,
});
export type TUpload = z.infer<typeof ZUpload>;

/**
 * An attachment as a reader gets it: `url` and `thumbnailUrl` are signed GET URLs for this reader that expire
 * (fetch the messages again for fresh ones). Images get `width`, `height` and `thumbnailUrl` once the server has
 * computed them (then `attachment.ready`).
 */
export const ZAttachment = z.object({
  id: ZId,
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  url: z.string(),
  thumbnailUrl: z.string().optional(),
});
export type TAttachment = z.infer<typeof ZAttachment>;

/** The socket event that completes an image's attachment (dimensions and thumbnail) after its message. */
export interface AttachmentReady {
  conversationId: string;
  messageId: string;
  attachment: TAttachment;
}
