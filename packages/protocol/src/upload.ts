/**
 * Sending a file, the same way in the widget, the dashboard and the mobile app: ask for an upload
 * (`createUpload` / `createVisitorUpload`) with `uploadRequestFor(file)`, send the bytes with `sendUpload`, then put
 * the `attachmentId` in a message's `attachmentIds`. XMLHttpRequest rather than fetch because only it reports upload
 * progress (in browsers and in React Native alike).
 */

import { ATTACHMENT_KINDS, attachmentKindOf } from './attachment-kinds.js';
import type { TCreateUploadRequest, TUpload } from './attachments.js';
import type { TUpdateMeResponse } from './auth.js';
import type { OcerasClient } from './client.js';

// Imports no zod (types only from attachments.ts): the widget bundles this. Showing files: files.ts.
export { formatBytes, isPreviewable } from './files.js';

/** What a picker, a paste or a drop gives: a browser `File`, or a React Native blob with its name. */
export interface UploadFile {
  name: string;
  type: string;
  size: number;
}

const BY_EXTENSION: Record<string, string> = {
  jpg: ATTACHMENT_KINDS.image[1],
  jpeg: ATTACHMENT_KINDS.image[1],
  png: ATTACHMENT_KINDS.image[0],
  gif: ATTACHMENT_KINDS.image[2],
  webp: ATTACHMENT_KINDS.image[3],
  heic: ATTACHMENT_KINDS.image[7],
  pdf: ATTACHMENT_KINDS.pdf[0],
  txt: ATTACHMENT_KINDS.text[0],
  log: ATTACHMENT_KINDS.text[0],
  csv: ATTACHMENT_KINDS.text[1],
  md: ATTACHMENT_KINDS.text[2],
  docx: ATTACHMENT_KINDS.office[0],
  xlsx: ATTACHMENT_KINDS.office[1],
  pptx: ATTACHMENT_KINDS.office[2],
  doc: ATTACHMENT_KINDS.office[3],
  xls: ATTACHMENT_KINDS.office[4],
  ppt: ATTACHMENT_KINDS.office[5],
  odt: ATTACHMENT_KINDS.office[6],
  ods: ATTACHMENT_KINDS.office[7],
  odp: ATTACHMENT_KINDS.office[8],
  rtf: ATTACHMENT_KINDS.office[9],
  zip: ATTACHMENT_KINDS.archive[0],
  gz: ATTACHMENT_KINDS.archive[1],
  tar: ATTACHMENT_KINDS.archive[2],
  '7z': ATTACHMENT_KINDS.archive[3],
  rar: ATTACHMENT_KINDS.archive[4],
};

/**
 * The content type to declare: the one the platform reported when the server knows it, else the one its extension
 * names (platforms report "" or a legacy alias for many documents), else what was reported. The server checks the
 * bytes either way, so this only spares a needless refusal.
 */
export function uploadContentType(file: Pick<UploadFile, 'name' | 'type'>): string {
  const reported = file.type.toLowerCase();
  if (attachmentKindOf(reported)) return reported;
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  return BY_EXTENSION[extension] ?? (reported || 'application/octet-stream');
}

/** The body of `createUpload` / `createVisitorUpload` for a file; a pasted image without a name gets one. */
export function uploadRequestFor(file: UploadFile): TCreateUploadRequest {
  const contentType = uploadContentType(file);
  const fileName = file.name.trim() || `pasted.${contentType.split('/')[1] ?? 'bin'}`;
  return { fileName, contentType, size: file.size };
}

export class UploadError extends Error {
  constructor(
    /** The storage's HTTP status, or 0 when the request never got an answer (offline, aborted). */
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'UploadError';
  }
  /** Worth trying again with a new upload URL, unless the file itself was refused (too large, not its type). */
  get retryable(): boolean {
    return this.status !== 413 && this.status !== 415;
  }
}

export interface SendUploadOptions {
  onProgress?: (sentBytes: number, totalBytes: number) => void;
  signal?: AbortSignal;
  /** Injected in tests and in runtimes without a global XMLHttpRequest. */
  XMLHttpRequest?: typeof XMLHttpRequest;
}

/** Sends the bytes to a signed upload URL; resolves once the store has them, rejects with an `UploadError`. */
export function sendUpload(upload: TUpload, body: Blob, options: SendUploadOptions = {}): Promise<void> {
  const Xhr = options.XMLHttpRequest ?? XMLHttpRequest;
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new UploadError(0, 'The upload was cancelled.'));
    const xhr = new Xhr();
    xhr.open(upload.uploadMethod, upload.uploadUrl);
    for (const [name, value] of Object.entries(upload.uploadHeaders)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => options.onProgress?.(e.loaded, e.lengthComputable ? e.total : body.size);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress?.(body.size, body.size);
        resolve();
      } else reject(new UploadError(xhr.status, uploadFailureMessage(xhr.status, xhr.responseText)));
    };
    xhr.onerror = () => reject(new UploadError(0, 'The file could not be sent: check the connection.'));
    xhr.ontimeout = xhr.onerror;
    xhr.onabort = () => reject(new UploadError(0, 'The upload was cancelled.'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

/** Oceras' own storage answers `{ error: { message } }`; an S3 store answers XML, so say it plainly. */
function uploadFailureMessage(status: number, text: string): string {
  try {
    const message = (JSON.parse(text) as { error?: { message?: string } }).error?.message;
    if (message) return message;
  } catch {}
  if (status === 403) return 'The upload link expired; try again.';
  return `The file could not be stored (HTTP ${status}).`;
}

/**
 * A new avatar, the same way in the dashboard and the mobile app: the image is uploaded like an attachment
 * (progress through `onProgress`), then `PATCH /api/v1/me` with its `avatarAttachmentId`; the server re-encodes it
 * and answers as GET /me does, the agent with their new `avatarUrl` (on the server's own origin).
 */
export async function uploadAvatar(
  api: Pick<OcerasClient, 'call'>,
  body: Blob,
  file: UploadFile,
  options: SendUploadOptions = {},
): Promise<TUpdateMeResponse> {
  const upload = await api.call('createUpload', { body: uploadRequestFor(file) });
  await sendUpload(upload, body, options);
  return api.call('updateMe', { body: { avatarAttachmentId: upload.attachmentId } });
}
