import { createHmac, timingSafeEqual } from 'node:crypto';
import { USER_HASH_PATTERN } from '@oceras/protocol';

/** What the customer's backend computes: lowercase hex HMAC-SHA256 of the user id with the identity secret. */
export const userHashOf = (secret: string, userId: string) => createHmac('sha256', secret).update(userId).digest('hex');

/** Whether `userHash` signs `userId` under `secret`, compared in constant time; a malformed hash is simply false. */
export function isValidUserHash(secret: string, userId: string, userHash: string): boolean {
  if (!USER_HASH_PATTERN.test(userHash)) return false;
  return timingSafeEqual(Buffer.from(userHashOf(secret, userId), 'hex'), Buffer.from(userHash, 'hex'));
}
