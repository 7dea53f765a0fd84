import type { Readable } from 'node:stream';
import type { Storage } from './storage.js';

export interface S3Options {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

/** A presigned GET answers for this long: the server signs one per download request (its own URL is the lasting one). */
const REDIRECT_SECONDS = 60;

/**
 * Any S3-compatible store. Clients upload to a presigned PUT that signs the content type and length (the store
 * refuses other bytes), so no upload passes through Oceras; the server confirms one with `inspect` (HEAD, and the
 * first bytes for the type) before it may be attached, and answers downloads with a redirect to a presigned GET.
 */
export async function createS3Storage(o: S3Options): Promise<Storage> {
  // Imported here, not at the top: esbuild inlines this module into the bundle (create-storage.ts imports it on
  // demand), and a static import of the SDK there would load its several megabytes on every start.
  const { DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } =
    await import('@aws-sdk/client-s3');
  const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
  const isMissing = (err: unknown) =>
    err instanceof S3ServiceException && (err.$metadata.httpStatusCode === 404 || err.name === 'NotFound');
  const client = new S3Client({
    endpoint: o.endpoint,
    region: o.region,
    forcePathStyle: o.forcePathStyle,
    credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey },
    // Only the checksums S3 requires: a default CRC32 would be computed over the presigned PUT's empty body and
    // put in its URL, and the store would refuse the real bytes.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = o.bucket;
  return {
    driver: 's3',
    async uploadTarget(spec) {
      const expiresIn = Math.max(1, Math.round((spec.expiresAt.getTime() - Date.now()) / 1000));
      const url = await getSignedUrl(
        client,
        new PutObjectCommand({ Bucket, Key: spec.storageKey, ContentType: spec.contentType, ContentLength: spec.size }),
        { expiresIn, signableHeaders: new Set(['content-type', 'content-length']) },
      );
      return { url, headers: { 'content-type': spec.contentType } };
    },
    async inspect(key, headBytes) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        const size = head.ContentLength ?? 0;
        if (size === 0) return { size, contentType: head.ContentType ?? null, head: new Uint8Array() };
        const first = await client.send(
          new GetObjectCommand({ Bucket, Key: key, Range: `bytes=0-${Math.min(headBytes, size) - 1}` }),
        );
        const bytes = first.Body ? await first.Body.transformToByteArray() : new Uint8Array();
        return { size, contentType: head.ContentType ?? null, head: bytes.subarray(0, headBytes) };
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
    },
    async read(key) {
      const out = await client.send(new GetObjectCommand({ Bucket, Key: key }));
      return out.Body as Readable;
    },
    async write(key, bytes, contentType) {
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: bytes, ContentType: contentType }));
    },
    async remove(keys) {
      for (let i = 0; i < keys.length; i += 1000) {
        const chunk = keys.slice(i, i + 1000);
        await client.send(
          new DeleteObjectsCommand({ Bucket, Delete: { Objects: chunk.map((Key) => ({ Key })), Quiet: true } }),
        );
      }
    },
    async redirect(key, headers) {
      return getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket,
          Key: key,
          ResponseContentType: headers['content-type'],
          ResponseContentDisposition: headers['content-disposition'],
          ResponseCacheControl: 'private, max-age=60',
        }),
        { expiresIn: REDIRECT_SECONDS },
      );
    },
    close: () => client.destroy(),
  };
}
