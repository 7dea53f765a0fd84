/**
 * npm run reset-password -- <email> [new password]
 *
 * Sets an agent's password on the database the server is configured for (the same environment: DATABASE_URL,
 * or the embedded database in DATA_DIR) and prints it. Without a password, one is generated. On the embedded
 * database the server must be stopped first (one process per data folder, db/pglite-lock.ts); on PostgreSQL it
 * may keep running, and its processes see the ended sessions within the principal cache's few seconds.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ZEmail, ZPassword } from '@oceras/protocol';
import pino from 'pino';
import { openDatabase } from '../db/client.js';
import { EnvError, loadEnv } from '../env.js';
import { createLocalBus } from '../events/bus.js';
import { PrincipalCache } from '../modules/auth/principal-cache.js';
import { resetPassword } from '../modules/auth/reset-password.js';

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

async function main() {
  const [emailArg, passwordArg] = process.argv.slice(2);
  if (!emailArg || emailArg.startsWith('-')) fail('usage: npm run reset-password -- <email> [new password]', 2);
  const email = ZEmail.safeParse(emailArg);
  if (!email.success) fail(`not an email address: ${emailArg}`, 2);
  const password = passwordArg ?? randomBytes(12).toString('base64url');
  if (!ZPassword.safeParse(password).success) fail('the password must have 8 to 128 characters', 2);

  let env: ReturnType<typeof loadEnv>;
  try {
    env = loadEnv();
  } catch (err) {
    if (err instanceof EnvError) fail(err.message);
    throw err;
  }
  const dataDir = path.resolve(env.DATA_DIR);
  // Opening PGlite on a folder without one would create an empty database and then find nobody in it.
  if (env.isEmbedded && !existsSync(path.join(dataDir, 'pglite')))
    fail(`no embedded database in ${dataDir} (start the server once with npm start, or set DATA_DIR)`);

  const logger = pino({ level: 'warn' });
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir, poolSize: 1, logger }).catch((err: Error) =>
    fail(err.message),
  );
  try {
    const done = await resetPassword(
      { db: database.db, bus: createLocalBus(), principals: new PrincipalCache(database.db) },
      email.data,
      password,
    );
    if (!done) {
      console.error(`no agent with the email ${email.data} on ${env.isEmbedded ? dataDir : 'DATABASE_URL'}`);
      process.exitCode = 1;
      return;
    }
    console.log(`Password of ${done.email} set to: ${password}`);
    if (done.endedSessions > 0) console.log(`${done.endedSessions} signed-in session(s) of this agent were ended.`);
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
