import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

/** A Redis of the test's own (not the machine's), so that a test may stop and restart it. */
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
  options: { readyMs?: number; isReady?: (port: number) => Promise<boolean>; port?: number } = {},
) {
  const port = options.port ?? (await freePort());
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
    options.readyMs ?? 60_000,
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

/**
 * PgBouncer in transaction mode in front of the machine's PostgreSQL, for one database, on a port of the test's own
 * (Debian's `pgbouncer`, installed by .ci/run). As root it must drop to another user: `postgres`.
 */
export async function startPgbouncer(database: string, upstream = { host: '127.0.0.1', port: 5432 }) {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'oceras-pgbouncer-'));
  chmodSync(dir, 0o777);
  const ini = path.join(dir, 'pgbouncer.ini');
  const log = path.join(dir, 'pgbouncer.log');
  writeFileSync(path.join(dir, 'users.txt'), '"postgres" ""\n');
  writeFileSync(
    ini,
    [
      '[databases]',
      `${database} = host=${upstream.host} port=${upstream.port} dbname=${database}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      'default_pool_size = 4',
      'max_client_conn = 500',
      'ignore_startup_parameters = extra_float_digits,options',
      `logfile = ${log}`,
      `pidfile = ${path.join(dir, 'pgbouncer.pid')}`,
    ].join('\n'),
  );
  const isRoot = process.getuid?.() === 0;
  const bin = existsSync('/usr/sbin/pgbouncer') ? '/usr/sbin/pgbouncer' : 'pgbouncer';
  const child = spawn(bin, [...(isRoot ? ['-u', 'postgres'] : []), ini], { stdio: 'ignore' });
  await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        if (child.exitCode !== null) throw new Error(`pgbouncer exited: ${readFileSync(log, 'utf8')}`);
        const s = connect(port, '127.0.0.1');
        s.once('connect', () => resolve(true)).once('error', () => resolve(false));
        s.once('close', () => undefined);
        setTimeout(() => s.destroy(), 500);
      }),
    10_000,
    'pgbouncer to listen',
  );
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/${database}`,
    /** What it logged (its errors: statements that relied on session state show up there and in the servers). */
    log: () => readFileSync(log, 'utf8'),
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
