import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Inspected, Storage } from './storage.js';

/** The most bytes an upload holds in memory on its way to disk (the write stream's buffer). */
export const WRITE_CHUNK_BYTES = 16 * 1024;

export interface LocalStorage extends Storage {
  readonly driver: 'local';
  /**
   * Streams `source` into a temporary file, then moves it to `key`: a failed or refused upload leaves nothing.
   * `through` sees each chunk first (counting and sniffing, receive-upload.ts) and may throw to refuse.
   */
  receive(
    key: string,
    source: Readable,
    through: (source: AsyncIterable<Buffer>) => AsyncIterable<Buffer>,
  ): Promise<void>;
}

async function syncDirectory(dir: string) {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Files under DATA_DIR/attachments, keys as relative paths; uploads arrive through the server's own signed URLs. */
export function createLocalStorage(dataDir: string): LocalStorage {
  const root = path.resolve(dataDir, 'attachments');
  const tmp = path.join(root, '.incoming');
  const pathOf = (key: string) => {
    // An attachment and its thumbnail, or an agent's avatar (agents/avatars.ts).
    if (!/^[0-9a-f-]{36}\/([0-9a-f-]{36}(\.thumb\.webp)?|avatars\/[0-9a-f-]{36}\/[A-Za-z0-9_-]{8,40}\.webp)$/.test(key))
      throw new Error(`not a storage key: ${key}`);
    return path.join(root, key);
  };
  return {
    driver: 'local',
    async uploadTarget(spec) {
      return { url: spec.localUrl, headers: { 'content-type': spec.contentType } };
    },
    async receive(key, source, through) {
      const target = pathOf(key);
      await mkdir(path.dirname(target), { recursive: true });
      await mkdir(tmp, { recursive: true });
      const part = path.join(tmp, `${path.basename(key)}.${process.pid}.part`);
      try {
        // Durable before it is acknowledged, as a message is: the file's bytes (flush: fsync before close), then
        // its name in the directory. A 204 followed by a crash never leaves an attachment without its file.
        await pipeline(source, through, createWriteStream(part, { highWaterMark: WRITE_CHUNK_BYTES, flush: true }));
        await rename(part, target);
        await syncDirectory(path.dirname(target));
      } catch (err) {
        await rm(part, { force: true });
        throw err;
      }
    },
    async inspect(key, headBytes): Promise<Inspected | null> {
      const file = await open(pathOf(key)).catch(() => null);
      if (!file) return null;
      try {
        const { size } = await file.stat();
        const head = Buffer.alloc(Math.min(headBytes, size));
        await file.read(head, 0, head.length, 0);
        return { size, contentType: null, head };
      } finally {
        await file.close();
      }
    },
    async read(key) {
      // Opened first, so a missing file rejects here rather than as a stream error mid-reply.
      const handle = await open(pathOf(key));
      return handle.createReadStream({ highWaterMark: 64 * 1024 });
    },
    async write(key, bytes) {
      const target = pathOf(key);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, bytes);
    },
    async remove(keys) {
      await Promise.all(keys.map((k) => rm(pathOf(k), { force: true })));
    },
    close() {},
  };
}
