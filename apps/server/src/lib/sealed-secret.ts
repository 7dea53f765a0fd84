import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets the server must read back (TOTP secrets, organizations' identity secrets) are stored sealed with
 * AES-256-GCM under a key derived from JWT_SECRET by HKDF, one key per `purpose` (as file URLs derive theirs): a
 * copy of the database alone does not give them. Sealed text: `v1.<iv>.<tag>.<ciphertext>`, base64url. Changing
 * JWT_SECRET makes sealed secrets unreadable (docs/ARCHITECTURE.md says what each use does then).
 */
const keys = new Map<string, Buffer>();
function keyFor(jwtSecret: string, purpose: string): Buffer {
  const id = `${purpose}\u0000${jwtSecret}`;
  let key = keys.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', jwtSecret, 'oceras', purpose, 32));
    keys.set(id, key);
  }
  return key;
}

export function seal(jwtSecret: string, purpose: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(jwtSecret, purpose), iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** The secret, or null when it was sealed under another key (JWT_SECRET changed, another purpose) or altered. */
export function unseal(jwtSecret: string, purpose: string, sealed: string): string | null {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(jwtSecret, purpose), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
