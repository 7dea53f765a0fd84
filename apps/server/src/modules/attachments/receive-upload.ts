import type { Readable } from 'node:stream';
import { AppError } from '../../lib/errors.js';
import type { Services } from '../../services.js';
import { claimUpload, failUpload, finishUpload, unsafeFindAttachmentById } from './attachment.repo.js';
import { bytesMatch, hasThumbnail, SNIFF_BYTES } from './file-kinds.js';
import { FILES_PATH, FileUrls } from './file-urls.js';
import type { LocalStorage } from './local-storage.js';

export interface IncomingUpload {
  id: string;
  expires: number;
  signature: string;
  contentType: string | undefined;
  contentLength: number | undefined;
  body: Readable;
}

const refusedType = () => new AppError('UNSUPPORTED_MEDIA_TYPE', 'the bytes are not of the declared type');

/**
 * The local driver's PUT: the URL's signature (over the path, expiry and uploader), its one use, then the bytes
 * streamed to disk through a check that counts them (no more than declared) and reads the type from the first
 * ones. Whatever is refused or cut leaves no file, and the URL is spent: the client asks for a new one.
 */
export async function receiveUpload(services: Services, storage: LocalStorage, upload: IncomingUpload): Promise<void> {
  const row = await unsafeFindAttachmentById(services.db, upload.id);
  const verdict = row
    ? services.fileUrls.check(
        'PUT',
        `${FILES_PATH}/${upload.id}`,
        upload,
        FileUrls.uploaderSubject({ type: row.uploaderType, id: row.uploaderId }),
      )
    : 'forged';
  if (!row || verdict === 'forged') throw new AppError('FORBIDDEN', 'this upload URL is not valid');
  if (verdict === 'expired') throw new AppError('URL_EXPIRED', 'this upload URL has expired: ask for a new one');
  const declared = (upload.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (declared !== row.contentType)
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `send Content-Type: ${row.contentType}`);
  if (upload.contentLength !== undefined && upload.contentLength > row.size)
    throw new AppError('PAYLOAD_TOO_LARGE', `this upload takes at most ${row.size} bytes`);
  const org = row.organizationId;
  if (!(await claimUpload(services.db, org, row.id)))
    throw new AppError('CONFLICT', 'this upload URL has been used: ask for a new one');

  let size = 0;
  const sample = Buffer.alloc(SNIFF_BYTES);
  let sampled = 0;
  let isChecked = false;
  async function* checked(source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > row!.size) throw new AppError('PAYLOAD_TOO_LARGE', `this upload takes at most ${row!.size} bytes`);
      if (!isChecked) {
        sampled += chunk.copy(sample, sampled);
        if (sampled === SNIFF_BYTES) {
          isChecked = true;
          if (!(await bytesMatch(row!.contentType, sample, false))) throw refusedType();
        }
      }
      yield chunk;
    }
    if (size === 0) throw new AppError('VALIDATION_FAILED', 'the upload is empty');
    if (!isChecked && !(await bytesMatch(row!.contentType, sample.subarray(0, sampled), true))) throw refusedType();
  }
  try {
    await storage.receive(row.storageKey, upload.body, checked);
  } catch (err) {
    await failUpload(services.db, org, row.id);
    if (err instanceof AppError) throw err;
    throw new AppError('VALIDATION_FAILED', 'the upload was cut off: ask for a new URL and send it again');
  }
  const withThumbnail = hasThumbnail(row.contentType);
  await finishUpload(services.db, org, row.id, 'uploading', size, withThumbnail);
  if (withThumbnail) services.thumbnails.wake();
}
