import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: refresh, session and invitation tokens. */
export const randomToken = (prefix = '') => prefix + randomBytes(32).toString('base64url');

/** Tokens are stored only as this hash; a fast hash is right for 256-bit random secrets. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
