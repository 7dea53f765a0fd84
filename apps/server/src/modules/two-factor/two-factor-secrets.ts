import { randomBytes } from 'node:crypto';
import { TWO_FACTOR } from '@oceras/protocol';
import { hashToken } from '../../lib/crypto.js';
import { seal, unseal } from '../../lib/sealed-secret.js';
import { base32Encode } from './totp.js';

/**
 * TOTP secrets are stored sealed (lib/sealed-secret.ts): a copy of the database alone does not give anyone's second
 * factor. Changing JWT_SECRET makes sealed secrets unreadable: those agents sign in with a recovery code (hashed
 * without the key) and set two-factor up again (README, docs/ARCHITECTURE.md).
 */
const PURPOSE = 'two-factor secrets v1';
export const sealSecret = (jwtSecret: string, secret: string) => seal(jwtSecret, PURPOSE, secret);
/** The secret, or null when it was sealed under another key (JWT_SECRET changed) or altered. */
export const openSecret = (jwtSecret: string, sealed: string) => unseal(jwtSecret, PURPOSE, sealed);

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
