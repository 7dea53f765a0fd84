import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { TWO_FACTOR } from '@oceras/protocol';

/**
 * TOTP (RFC 6238 over RFC 4226's HOTP) on node:crypto: HMAC-SHA-1, 6 digits, 30 s steps. Thirty lines of our own
 * instead of a dependency (docs/ARCHITECTURE.md, "Two-factor sign-in"); totp.test.ts checks the RFC's vectors.
 * Exported for the tests, which compute codes from a secret the way an authenticator app does.
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding: how authenticator apps take a secret. */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const i = BASE32.indexOf(ch);
    if (i < 0) throw new Error('not base32');
    value = ((value << 5) | i) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new secret: 160 bits, the HMAC-SHA-1 block RFC 4226 recommends. */
export const newTotpSecret = () => base32Encode(randomBytes(20));

/** RFC 4226 HOTP: the code for one counter value. */
export function hotp(key: Uint8Array, counter: number, digits: number = TWO_FACTOR.digits): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The 30 s step a moment falls in. */
export const totpStep = (atMs: number) => Math.floor(atMs / 1000 / TWO_FACTOR.periodSeconds);

/** The code an authenticator app shows at `atMs` for a base32 secret. */
export const totp = (secret: string, atMs = Date.now(), digits: number = TWO_FACTOR.digits) =>
  hotp(base32Decode(secret), totpStep(atMs), digits);

/**
 * The step `code` was made for, among now and TWO_FACTOR.window steps either side, and only if it is later than
 * `lastUsedStep` (each code works once); null if none. Compared in constant time.
 */
export function matchTotp(secret: string, code: string, atMs: number, lastUsedStep: number | null): number | null {
  const key = base32Decode(secret);
  const now = totpStep(atMs);
  const given = Buffer.from(code.padEnd(TWO_FACTOR.digits, ' ').slice(0, 16));
  let found: number | null = null;
  for (let step = now - TWO_FACTOR.window; step <= now + TWO_FACTOR.window; step++) {
    const expected = Buffer.from(hotp(key, step));
    const same = expected.length === given.length && timingSafeEqual(expected, given);
    if (same && (lastUsedStep === null || step > lastUsedStep) && found === null) found = step;
  }
  return found;
}

/** The otpauth:// URL a QR code or an "open in authenticator" link carries (Google Authenticator's key URI format). */
export function otpauthUrl(secret: string, account: string, organizationName: string): string {
  const issuer = `${TWO_FACTOR.issuer} (${organizationName})`.replace(/:/g, ' ');
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({
    secret,
    issuer,
    algorithm: 'SHA1',
    digits: String(TWO_FACTOR.digits),
    period: String(TWO_FACTOR.periodSeconds),
  });
  return `otpauth://totp/${label}?${query.toString().replace(/\+/g, '%20')}`;
}
