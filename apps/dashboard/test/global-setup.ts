import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Browser tests run against the built dashboard as the server serves it: build it once per run (production mode). */
export default function setup() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
