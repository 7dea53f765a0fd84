import { randomUUID } from 'node:crypto';
import { attachmentKindOf, type TCreateUploadRequest, type TUpload } from '@oceras/protocol';
import { inTransaction } from '../../db/transaction.js';
import { AppError } from '../../lib/errors.js';
import type { Services } from '../../services.js';
import { insertUpload, lockQuota, usedBytes } from './attachment.repo.js';
import { loadAttachmentSettings } from './attachment-settings.js';
import type { Uploader } from './file-urls.js';

const mb = (n: number) => `${Math.floor(n / 1024 / 1024)} MB`;

/**
 * A signed URL for one upload: the type must be one of the organization's allowed kinds, the size within its limit
 * and its quota (which counts the file from now on, so that concurrent uploads cannot overrun it together). The
 * row is the URL's state: one use, by this uploader, before it expires (the bytes are checked on arrival).
 */
export async function createUpload(
  services: Services,
  organizationId: string,
  uploader: Uploader,
  body: Required<TCreateUploadRequest>,
): Promise<TUpload> {
  const settings = await loadAttachmentSettings(services.db, organizationId);
  const kind = attachmentKindOf(body.contentType);
  if (!kind || !settings.allowedKinds.includes(kind))
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `this organization does not accept ${body.contentType} files`);
  if (body.size > settings.maxFileBytes)
    throw new AppError('PAYLOAD_TOO_LARGE', `files are limited to ${mb(settings.maxFileBytes)}`);
  const id = randomUUID();
  const storageKey = `${organizationId}/${id}`;
  const expiresAt = new Date(Date.now() + services.fileUrls.ttlSeconds * 1000);
  await inTransaction(services, async (tx) => {
    await lockQuota(tx, organizationId);
    if ((await usedBytes(tx, organizationId)) + body.size > settings.quotaBytes)
      throw new AppError('QUOTA_EXCEEDED', "the organization's file storage is full");
    await insertUpload(tx, organizationId, {
      id,
      uploaderType: uploader.type,
      uploaderId: uploader.id,
      fileName: body.fileName,
      contentType: body.contentType,
      size: body.size,
      storageKey,
      uploadExpiresAt: expiresAt,
    });
  });
  const target = await services.storage.uploadTarget({
    storageKey,
    contentType: body.contentType,
    size: body.size,
    expiresAt,
    localUrl: services.fileUrls.upload(id, uploader, expiresAt),
  });
  return {
    attachmentId: id,
    uploadUrl: target.url,
    uploadMethod: 'PUT',
    uploadHeaders: target.headers,
    expiresAt: expiresAt.toISOString(),
  };
}
