import { randomUUID } from 'node:crypto';
import { attachmentKindOf, LIMITS } from '@oceras/protocol';
import { inTransaction } from '../../db/transaction.js';
import type { Services } from '../../services.js';
import { failUpload, finishUpload, insertUpload, lockQuota, usedBytes } from './attachment.repo.js';
import { loadAttachmentSettings } from './attachment-settings.js';
import { deleteAttachmentsOf } from './delete-attachments.js';
import { hasThumbnail, sniffType } from './file-kinds.js';
import type { Uploader } from './file-urls.js';

/** A whole file the server received itself (an email's attachment), with what its sender claimed about it. */
export interface ReceivedFile {
  fileName: string | undefined;
  claimedType: string | undefined;
  bytes: Buffer;
}

/** Why a received file was not kept: a kind the organization does not allow, too large, its quota, too many. */
export type RefusalReason = 'type' | 'size' | 'quota' | 'count' | 'empty';
export interface RefusedFile {
  fileName: string;
  contentType: string | null;
  size: number;
  reason: RefusalReason;
}

/** A name fit for ZFileName: its last path part, no control characters, at most LIMITS.fileNameMax; else `fallback`. */
export function safeFileName(name: string | undefined, fallback: string): string {
  const base = (name ?? '').split(/[/\\]/).pop() ?? '';
  const visible = [...base].filter((c) => c >= ' ' && c !== '\u007f').join('');
  const clean = [...visible.trim()].slice(0, LIMITS.fileNameMax).join('');
  return clean && clean !== '.' && clean !== '..' && clean.isWellFormed() ? clean : fallback;
}

/**
 * Files the server received whole (an email's attachments) stored as the uploads of `uploader`, under the same rules
 * as a client's upload (create-upload.ts): the type read from the bytes (never the claim), one of the organization's
 * allowed kinds, within its size limit, and its quota (checked and counted under the quota lock, so concurrent
 * emails and uploads cannot overrun it together), at most LIMITS.attachmentsPerMessageMax. The files that pass are
 * written to the store (outside any transaction) and become finished uploads, images queued for their thumbnail;
 * the others are answered with why. Answers the kept uploads' ids in order, for the message to attach. A store that
 * fails takes back what this call stored and throws: the caller's sender should try again later.
 */
export async function storeReceivedFiles(
  services: Services,
  organizationId: string,
  uploader: Uploader,
  files: ReceivedFile[],
): Promise<{ attachmentIds: string[]; refused: RefusedFile[] }> {
  if (files.length === 0) return { attachmentIds: [], refused: [] };
  const settings = await loadAttachmentSettings(services.db, organizationId);
  const refused: RefusedFile[] = [];
  const accepted: { id: string; fileName: string; contentType: string; bytes: Buffer }[] = [];
  for (const [i, file] of files.entries()) {
    const contentType = await sniffType(file.bytes, file.claimedType);
    const fileName = safeFileName(file.fileName, `attachment-${i + 1}`);
    const size = file.bytes.length;
    const kind = contentType ? attachmentKindOf(contentType) : null;
    const reason: RefusalReason | null =
      size === 0
        ? 'empty'
        : !kind || !settings.allowedKinds.includes(kind)
          ? 'type'
          : size > settings.maxFileBytes
            ? 'size'
            : accepted.length >= LIMITS.attachmentsPerMessageMax
              ? 'count'
              : null;
    if (reason) refused.push({ fileName, contentType, size, reason });
    else accepted.push({ id: randomUUID(), fileName, contentType: contentType!, bytes: file.bytes });
  }

  // Rows first, under the quota lock, in the files' order: a file that would overrun the quota is refused, and
  // the later ones may still fit.
  const kept = await inTransaction(services, async (tx) => {
    await lockQuota(tx, organizationId);
    let used = await usedBytes(tx, organizationId);
    const rows: typeof accepted = [];
    for (const f of accepted) {
      if (used + f.bytes.length > settings.quotaBytes) {
        refused.push({ fileName: f.fileName, contentType: f.contentType, size: f.bytes.length, reason: 'quota' });
        continue;
      }
      used += f.bytes.length;
      await insertUpload(tx, organizationId, {
        id: f.id,
        uploaderType: uploader.type,
        uploaderId: uploader.id,
        fileName: f.fileName,
        contentType: f.contentType,
        size: f.bytes.length,
        storageKey: `${organizationId}/${f.id}`,
        status: 'uploading',
        // No upload URL is handed out for these: the server writes the bytes itself, now.
        uploadExpiresAt: new Date(),
      });
      rows.push(f);
    }
    return rows;
  });

  try {
    for (const f of kept) {
      await services.storage.write(`${organizationId}/${f.id}`, f.bytes, f.contentType);
      await finishUpload(services.db, organizationId, f.id, 'uploading', f.bytes.length, hasThumbnail(f.contentType));
    }
  } catch (err) {
    // Failed rows no longer count against the quota; if the store cannot delete either, the sweep will.
    await Promise.all(kept.map((f) => failUpload(services.db, organizationId, f.id)));
    await discardReceivedFiles(
      services,
      organizationId,
      kept.map((f) => f.id),
    ).catch(() => 0);
    throw err;
  }
  if (kept.some((f) => hasThumbnail(f.contentType))) services.thumbnails.wake();
  return { attachmentIds: kept.map((f) => f.id), refused };
}

/**
 * Deletes received files that no message took (the message failed, or was a resend already stored): their bytes
 * and rows at once, so they do not count against the quota until the daily sweep of unattached uploads. An
 * attached one is left alone.
 */
export function discardReceivedFiles(services: Services, organizationId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return Promise.resolve(0);
  return deleteAttachmentsOf(services, { organizationId, unattachedIds: ids });
}
