import bcrypt from 'bcrypt';

/** The privacy policy promises bcrypt with cost factor 10. */
export const BCRYPT_COST = 10;

/** Native bcrypt runs on libuv's thread pool: the event loop keeps serving while it hashes. */
export const hashPassword = (password: string) => bcrypt.hash(password, BCRYPT_COST);

// Compared against when the email is unknown, so a miss costs the same time as a wrong password. A cost-10
// hash of random bytes nobody kept, written out so that start-up does not spend 45 ms computing one.
const DUMMY_HASH = '$2b$10$c.ji.aPhx45QWEz/HY8i2.rpRDNtChX2oZbOamN4G7Zu3v0ilGdJy';

export const verifyPassword = (password: string, hash: string | null) => bcrypt.compare(password, hash ?? DUMMY_HASH);
