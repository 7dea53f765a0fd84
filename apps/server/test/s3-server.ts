import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
// s3rver ships no types; this is the part the tests use.
import S3rver from 's3rver';

/**
 * A local S3-protocol server (s3rver) on a loopback port, for the s3 driver's tests. It stores what it is sent and
 * does not check SigV4 signatures (a real store does): the tests check what the presigned URL signs instead.
 */
export async function startS3() {
  const directory = mkdtempSync(path.join(tmpdir(), 'oceras-s3-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: 'oceras' }],
  });
  const { port } = (await server.run()) as { port: number };
  return {
    env: {
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_REGION: 'us-east-1',
      S3_BUCKET: 'oceras',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    },
    directory,
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
