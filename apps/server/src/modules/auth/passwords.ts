import bcrypt from 'bcrypt';

/** The privacy policy promises bcrypt with cost factor 10. */
export const BCRYPT_COST = 10;

/** Native bcrypt runs on libuv's thread pool: the event loop keeps serving while it hashes. */
export const hashPassword = (password: string) => bcrypt.hash(password, BCRYPT_COST);

// Compared against when the email is unknown, so a miss costs the same time as a wrong password.
const DUMMY_HASH = bcrypt.hashSync('oceras-timing-equalizer', BCRYPT_COST);

export const verifyPassword = (password: string, hash: string | null) => bcrypt.compare(password, hash ?? DUMMY_HASH);
