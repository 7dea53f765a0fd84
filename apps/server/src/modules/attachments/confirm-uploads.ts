import type { Services } from '../../services.js';
import { failUpload, finishUpload, pendingUploadsOf } from './attachment.repo.js';
import { bytesMatch, hasThumbnail, SNIFF_BYTES } from './file-kinds.js';
import type { Uploader } from './file-urls.js';

/**
 * s3: the server never sees the bytes arrive, so before a message may attach an upload, the object is looked at:
 * HEAD (size and type as declared) and its first bytes (the type, as file-type reads it). A match makes the
 * upload attachable; a mismatch deletes the object and spends the upload; no object yet leaves it pending (the
 * append then refuses it). The local driver confirmed its uploads as they arrived.
 */
export async function confirmUploads(
  services: Services,
  organizationId: string,
  uploader: Uploader,
  ids: string[],
): Promise<void> {
  if (services.storage.driver === 'local' || ids.length === 0) return;
  for (const row of await pendingUploadsOf(services.db, organizationId, uploader, ids)) {
    const seen = await services.storage.inspect(row.storageKey, SNIFF_BYTES);
    if (!seen) continue;
    const ok =
      seen.size > 0 &&
      seen.size === row.size &&
      seen.contentType === row.contentType &&
      (await bytesMatch(row.contentType, seen.head, seen.size <= SNIFF_BYTES));
    if (!ok) {
      await services.storage.remove([row.storageKey]);
      await failUpload(services.db, organizationId, row.id);
      continue;
    }
    const withThumbnail = hasThumbnail(row.contentType);
    if ((await finishUpload(services.db, organizationId, row.id, 'pending', seen.size, withThumbnail)) && withThumbnail)
      services.thumbnails.wake();
  }
}
