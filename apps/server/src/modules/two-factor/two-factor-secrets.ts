import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { TWO_FACTOR } from '@oceras/protocol';
import { hashToken } from '../../lib/crypto.js';
import { base32Encode } from './totp.js';

/**
 * TOTP secrets are stored sealed with AES-256-GCM under a key derived from JWT_SECRET by HKDF for this use only
 * (as file URLs derive theirs): a copy of the database alone does not give anyone's second factor. Sealed text:
 * `v1.<iv>.<tag>.<ciphertext>`, base64url. Changing JWT_SECRET makes sealed secrets unreadable: those agents sign in
 * with a recovery code (hashed without the key) and set two-factor up again (README, docs/ARCHITECTURE.md).
 */
const keys = new Map<string, Buffer>();
function keyFor(jwtSecret: string): Buffer {
  let key = keys.get(jwtSecret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', jwtSecret, 'oceras', 'two-factor secrets v1', 32));
    keys.set(jwtSecret, key);
  }
  return key;
}

export function sealSecret(jwtSecret: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(jwtSecret), iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** The secret, or null when it was sealed under another key (JWT_SECRET changed) or altered. */
export function openSecret(jwtSecret: string, sealed: string): string | null {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(jwtSecret), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** How a recovery code is compared: lowercase, without spaces and dashes. */
export const normalizeRecoveryCode = (typed: string) => typed.toLowerCase().replace(/[^a-z2-7]/g, '');

/**
 * TWO_FACTOR.recoveryCodeCount codes of 80 random bits each, written `xxxx-xxxx-xxxx-xxxx` (base32, lowercase),
 * and their SHA-256: 80 bits cannot be found again from a hash, so no slow hash or key is needed.
 */
export function newRecoveryCodes() {
  const codes = Array.from({ length: TWO_FACTOR.recoveryCodeCount }, () =>
    base32Encode(randomBytes(10))
      .toLowerCase()
      .replace(/(.{4})(?!$)/g, '$1-'),
  );
  return { codes, hashes: codes.map((c) => hashRecoveryCode(c)) };
}

export const hashRecoveryCode = (typed: string) => hashToken(`recovery:${normalizeRecoveryCode(typed)}`);
