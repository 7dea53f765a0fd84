import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** Who a download URL is for: the organization's agents, or one visitor. Part of what the URL's signature covers. */
export type Reader = { kind: 'agents'; organizationId: string } | { kind: 'visitor'; visitorId: string };
export type Variant = 'original' | 'thumbnail';
/** Who may use an upload URL: part of its signature. */
export interface Uploader {
  type: 'agent' | 'visitor';
  id: string;
}

export const FILES_PATH = '/api/v1/files';
const readerParam = (r: Reader) => (r.kind === 'agents' ? `a.${r.organizationId}` : `v.${r.visitorId}`);
export function readerOf(param: string): Reader | null {
  const m = /^([av])\.([0-9a-f-]{36})$/.exec(param);
  if (!m) return null;
  return m[1] === 'a' ? { kind: 'agents', organizationId: m[2]! } : { kind: 'visitor', visitorId: m[2]! };
}

/**
 * The server's own signed URLs for files: HMAC-SHA256 over the method, the path, the expiry and the uploader (for
 * a PUT) or the reader (for a GET), with a key derived from JWT_SECRET for this use only, compared in constant
 * time. Upload URLs are the local driver's; download URLs are every driver's (s3 answers them with a redirect to
 * a presigned GET). A download URL's expiry is rounded up to the next period, so one file has one URL per reader
 * for a while: browsers cache it, and one encoding of an event serves every socket of an audience.
 */
export class FileUrls {
  private readonly key: Buffer;
  constructor(
    secret: string,
    private readonly publicUrl: string,
    readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'oceras', 'file urls v1', 32));
  }

  private sign(method: string, path: string, expires: number, subject: string) {
    return createHmac('sha256', this.key).update(`${method}\n${path}\n${expires}\n${subject}`).digest('base64url');
  }

  private isValid(method: string, path: string, expires: number, subject: string, signature: string) {
    const expected = Buffer.from(this.sign(method, path, expires, subject));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  upload(id: string, uploader: Uploader, expiresAt: Date): string {
    const path = `${FILES_PATH}/${id}`;
    const expires = Math.floor(expiresAt.getTime() / 1000);
    const signature = this.sign('PUT', path, expires, `${uploader.type}:${uploader.id}`);
    return `${this.publicUrl}${path}?expires=${expires}&signature=${signature}`;
  }

  download(id: string, variant: Variant, reader: Reader): string {
    const path = `${FILES_PATH}/${id}/${variant}`;
    const period = this.ttlSeconds;
    const expires = (Math.floor(this.now() / 1000 / period) + 2) * period;
    const r = readerParam(reader);
    return `${this.publicUrl}${path}?reader=${r}&expires=${expires}&signature=${this.sign('GET', path, expires, r)}`;
  }

  /** 'ok', or why not: a signature that does not match is `forged`, a good one past its time `expired`. */
  check(
    method: 'PUT' | 'GET',
    path: string,
    q: { expires: number; signature: string },
    subject: string,
  ): 'ok' | 'forged' | 'expired' {
    if (!this.isValid(method, path, q.expires, subject, q.signature)) return 'forged';
    return q.expires * 1000 < this.now() ? 'expired' : 'ok';
  }

  static uploaderSubject = (u: Uploader) => `${u.type}:${u.id}`;
  static readerSubject = readerParam;
}
