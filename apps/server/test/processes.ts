import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  srv.close();
  await once(srv, 'close');
  return port;
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, 'exit');
  child.kill(signal);
  const [code] = (await exited) as [number | null];
  return code;
}

/** A Redis of the test's own (not the machine's), so that a test may stop and restart it. */
/**
 * Waits for a process started for a test to be ready (hooks cannot use expect.poll, which belongs to tests):
 * polls `check` every 20 ms, and fails with `what` after `ms`.
 */
export async function waitFor(check: () => boolean | Promise<boolean>, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function startRedis(port?: number) {
  const p = port ?? (await freePort());
  const child = spawn(
    'redis-server',
    ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const { Redis } = await import('ioredis');
  await waitFor(
    async () => {
      const r = new Redis(p, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      r.on('error', () => {});
      try {
        await r.connect();
        return (await r.ping()) === 'PONG';
      } catch {
        return false;
      } finally {
        r.disconnect();
      }
    },
    10_000,
    'redis-server to answer',
  );
  return { port: p, url: `redis://127.0.0.1:${p}`, stop: () => stopChild(child) };
}

/** `npm start`'s entry point as a real child process, on its own port; its output is kept for failures. */
export async function startServerProcess(
  env: Record<string, string>,
  options: { readyMs?: number; isReady?: (port: number) => Promise<boolean> } = {},
) {
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: SERVER_DIR,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`server exited early:\n${output.join('')}`);
      if (options.isReady) return options.isReady(port).catch(() => false);
      return fetch(`${baseUrl}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
    },
    options.readyMs ?? 20_000,
    `server on ${port} to be ready`,
  );
  return {
    baseUrl,
    port,
    output,
    child,
    readyz: async (query = '') => (await fetch(`${baseUrl}/readyz${query}`)).json() as Promise<Record<string, unknown>>,
    stop: (signal: NodeJS.Signals = 'SIGTERM') => stopChild(child, signal),
  };
}
export type ServerProcess = Awaited<ReturnType<typeof startServerProcess>>;
