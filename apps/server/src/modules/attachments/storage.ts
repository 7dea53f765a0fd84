import type { Readable } from 'node:stream';

/** What a driver needs of an upload to say where its bytes go. */
export interface UploadSpec {
  storageKey: string;
  contentType: string;
  size: number;
  expiresAt: Date;
  /** The local driver's own URL for it (file-urls.ts); s3 presigns its own. */
  localUrl: string;
}

/** An object as the store has it: its size, type and first bytes (s3 confirms an upload with this). */
export interface Inspected {
  size: number;
  contentType: string | null;
  head: Uint8Array;
}

/**
 * Where files are kept (STORAGE_DRIVER). Keys are made by the server (`<organization>/<attachment id>`), never
 * by a client. The local driver receives uploads itself (receive-upload.ts); s3's clients send them to the
 * bucket, and the server sees an upload only by `inspect`.
 */
export interface Storage {
  readonly driver: 'local' | 's3';
  uploadTarget(spec: UploadSpec): Promise<{ url: string; headers: Record<string, string> }>;
  /** null when there is no such object. */
  inspect(key: string, headBytes: number): Promise<Inspected | null>;
  read(key: string): Promise<Readable>;
  write(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** Deletes what exists of these keys; a missing key is no error. */
  remove(keys: string[]): Promise<void>;
  /** s3: a short-lived presigned GET answering with these headers (the server redirects downloads to it). */
  redirect?(key: string, headers: Record<string, string>): Promise<string>;
  close(): void;
}

export const thumbnailKeyOf = (storageKey: string) => `${storageKey}.thumb.webp`;
