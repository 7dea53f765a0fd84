/**
 * What a new user sees: `npm start`'s entry point on an empty embedded database, started twice, and the way back
 * in when the demo password is lost (npm run reset-password), as real processes on one data folder.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from './processes.js';

const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'oceras-first-start-'));
const env = { DATA_DIR: dataDir, DEMO_DATA: '', LOG_LEVEL: 'info' };
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 });
});

async function start() {
  // PGlite's first start under tsx took 21 s on a loaded two-core machine, over 60 s at a load average of 16.
  server = await startServerProcess(env, { readyMs: 150_000 });
  const s = server;
  await expect
    .poll(() => s.output.join('').includes('Oceras is running at'), {
      timeout: 60_000,
      interval: 20,
      message: 'the start banner',
    })
    .toBeTruthy();
  return s.output.join('');
}

async function resetPassword(...args: string[]) {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/reset-password.ts', ...args], {
    cwd: SERVER_DIR,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', DATA_DIR: dataDir },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => err,
  );
}

async function login(baseUrl: string, password: string) {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.oceras.local', password }),
  });
  return res.status;
}

it('prints the address and the demo sign-in last, reminds how to reset it later, and the reset works', async () => {
  const first = await start();
  const lines = first.split('\n');
  const readyAt = lines.findIndex((l) => l.includes('"msg":"Oceras is ready"'));
  const bannerAt = lines.findIndex((l) => l.includes('Oceras is running at'));
  expect(readyAt).toBeGreaterThan(-1);
  expect(bannerAt).toBeGreaterThan(readyAt);
  // The seed's own requests are not client traffic: none of them is in the request log.
  expect(first).not.toMatch(/"path":"\/api\/v1\/(auth\/signup|widget\/)/);
  expect(first).toMatch(/API docs: +http:\/\/localhost:\d+\/api\/docs/);
  expect(first).toContain(`Data:       ${dataDir}`);
  const password = first.match(/sign in as admin@demo\.oceras\.local \/ (\S+)/)?.[1];
  expect(password).toBeTruthy();
  expect(await login(server!.baseUrl, password!)).toBe(200);

  // While the server holds the embedded database, the CLI refuses instead of writing beside it.
  const refused = await resetPassword('admin@demo.oceras.local', 'a new password');
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/is open in process \d+ \(a running Oceras server\?\): stop it first/);
  expect(await server!.stop()).toBe(0);

  const second = await start();
  expect(second).toMatch(/Oceras is running at http:\/\/localhost:\d+/);
  expect(second).toContain(
    'Demo organization: admin@demo.oceras.local (password printed on first start; ' +
      'reset with npm run reset-password -- admin@demo.oceras.local)',
  );
  expect(second).not.toContain(password!);
  expect(await server!.stop()).toBe(0);

  const reset = await resetPassword('admin@demo.oceras.local', 'a new password');
  expect(reset).toMatchObject({ code: 0, stdout: expect.stringContaining('set to: a new password') });
  const generated = await resetPassword('Admin@Demo.Oceras.Local');
  const newPassword = generated.stdout.match(/set to: (\S+)/)?.[1];
  expect(newPassword).toMatch(/^[\w-]{16}$/);
  expect((await resetPassword('nobody@example.com')).stderr).toMatch(/no agent with the email nobody@example.com/);

  await start();
  expect(await login(server!.baseUrl, password!)).toBe(401);
  expect(await login(server!.baseUrl, newPassword!)).toBe(200);
}, 300_000);
