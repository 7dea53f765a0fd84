import type { Env } from '../../env.js';
import { createLocalStorage } from './local-storage.js';
import type { Storage } from './storage.js';

/** The driver STORAGE_DRIVER names; the AWS SDK is loaded only for s3 (it would slow every start). */
export async function createStorage(env: Env): Promise<Storage> {
  if (env.STORAGE_DRIVER !== 's3') return createLocalStorage(env.DATA_DIR);
  const { createS3Storage } = await import('./s3-storage.js');
  return createS3Storage({
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    bucket: env.S3_BUCKET!,
    accessKeyId: env.S3_ACCESS_KEY_ID!,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
  });
}

/**
 * Where a browser sends and fetches files besides Oceras itself: the bucket's origin with `s3` (presigned PUTs go
 * there, and downloads are redirected there), nothing with `local`. The widget frame's CSP allows it for images and
 * uploads; it is the operator's own storage provider (privacy policy §5, infrastructure), never a tracker.
 */
export function storageOrigins(env: Env): string[] {
  if (env.STORAGE_DRIVER !== 's3' || !env.S3_BUCKET) return [];
  if (!env.S3_ENDPOINT) return [`https://${env.S3_BUCKET}.s3.${env.S3_REGION}.amazonaws.com`];
  const endpoint = new URL(env.S3_ENDPOINT);
  return env.S3_FORCE_PATH_STYLE ? [endpoint.origin] : [`${endpoint.protocol}//${env.S3_BUCKET}.${endpoint.host}`];
}
