import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { query } from '../../db/client.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { Services } from '../../services.js';
import { unsafeFindAttachmentById } from './attachment.repo.js';
import { downloadHeaders } from './file-kinds.js';
import { FILES_PATH, FileUrls, type Reader, type Variant } from './file-urls.js';

export interface FileRequest {
  id: string;
  variant: Variant;
  reader: Reader;
  expires: number;
  signature: string;
}

export type FileAnswer =
  | { kind: 'redirect'; url: string; headers: Record<string, string> }
  | { kind: 'stream'; body: Readable; headers: Record<string, string> };

/** May this reader have this file now? Agents: their organization's. A visitor: a public message's, in their conversation. */
async function mayRead(services: Services, reader: Reader, row: { id: string; organizationId: string }) {
  if (reader.kind === 'agents') return row.organizationId === reader.organizationId;
  const rows = await query(
    services.db,
    sql`select 1 from attachments a join messages m on m.id = a.message_id join conversations c on c.id = m.conversation_id
        where a.id = ${row.id} and m.type = 'message' and c.visitor_id = ${reader.visitorId}
          and c.organization_id = ${row.organizationId}`,
  );
  return rows.length > 0;
}

/**
 * A download through a signed URL (every driver's: file-urls.ts): the signature, the time, then the reader's right
 * to the file as it is now (a file deleted since, or a note's, is refused even with a good signature). The local
 * driver streams the file; s3 redirects to a presigned GET with the same headers.
 */
export async function serveFile(services: Services, req: FileRequest): Promise<FileAnswer> {
  const verdict = services.fileUrls.check(
    'GET',
    `${FILES_PATH}/${req.id}/${req.variant}`,
    req,
    FileUrls.readerSubject(req.reader),
  );
  if (verdict === 'forged') throw new AppError('FORBIDDEN', 'this file URL is not valid');
  if (verdict === 'expired') throw new AppError('URL_EXPIRED', 'this file URL has expired: fetch the message again');
  const row = await unsafeFindAttachmentById(services.db, req.id);
  if (row?.status !== 'uploaded' || !(await mayRead(services, req.reader, row))) throw notFound('file');
  const key = req.variant === 'thumbnail' ? row.thumbnailKey : row.storageKey;
  if (!key) throw notFound('thumbnail');
  const headers =
    req.variant === 'thumbnail'
      ? downloadHeaders('image/webp', `${row.fileName.replace(/\.[^.]*$/, '')}.webp`)
      : downloadHeaders(row.contentType, row.fileName);
  const maxAge = Math.max(0, req.expires - Math.floor(Date.now() / 1000));
  if (services.storage.redirect) {
    const url = await services.storage.redirect(key, headers);
    return { kind: 'redirect', url, headers: { 'cache-control': 'private, max-age=30' } };
  }
  const body = await services.storage.read(key).catch(() => {
    throw notFound('file');
  });
  return {
    kind: 'stream',
    body,
    headers: {
      ...headers,
      'cache-control': `private, max-age=${maxAge}`,
      ...(req.variant === 'original' ? { 'content-length': String(row.size) } : {}),
    },
  };
}
