import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { expect } from 'vitest';

const run = promisify(execFile);

/**
 * Every row of the test database as `pg_dump --data-only` writes it: what an operator's backup would hold. The
 * privacy tests search it for what an erasure promised to remove.
 */
export async function dumpDatabase(databaseUrl: string): Promise<string> {
  const { stdout } = await run('pg_dump', ['--data-only', '--no-owner', '--no-privileges', databaseUrl], {
    maxBuffer: 512 * 1024 * 1024,
  });
  return stdout;
}

/**
 * Asserts that the dump holds none of `gone` (an erased person's name, email, IP, user agent, words) and, so that
 * an empty or broken dump cannot pass, all of `kept` (someone else's, or the shell that was meant to stay).
 */
export async function expectDumpWithout(
  databaseUrl: string,
  gone: Record<string, string>,
  kept: Record<string, string> = {},
) {
  const dump = await dumpDatabase(databaseUrl);
  const found = Object.entries(gone).filter(([, needle]) => dump.includes(needle));
  expect(found.map(([what, needle]) => `${what}: ${needle}`)).toEqual([]);
  const missing = Object.entries(kept).filter(([, needle]) => !dump.includes(needle));
  expect(missing.map(([what, needle]) => `${what}: ${needle}`)).toEqual([]);
  return dump;
}

/** Rows of one statement on the test database, read past the app (what the API does not show). */
export async function queryDatabase<T = Record<string, unknown>>(
  databaseUrl: string,
  text: string,
  values: unknown[] = [],
) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}
