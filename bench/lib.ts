import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const PG_ADMIN = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const now = () => performance.timeOrigin + performance.now();
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function machine() {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  };
}

export function stats(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : Number.NaN);
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    count: s.length,
    p50: round(at(50)),
    p90: round(at(90)),
    p99: round(at(99)),
    max: round(s.at(-1) ?? Number.NaN),
    mean: round(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
  };
}
export const median = (values: number[]) => stats(values).p50;

export interface Goal {
  what: string;
  value: number;
  target: number;
  /** 'below': value < target passes; 'above': value >= target passes. */
  op: 'below' | 'above';
  unit?: string;
}
export const passes = (g: Goal) => (g.op === 'below' ? g.value < g.target : g.value >= g.target);

/** Prints the figures and goals, and writes bench/results/<name>.json. */
export async function report(name: string, figures: Record<string, unknown>, goals: Goal[]) {
  const result = {
    name,
    date: new Date().toISOString(),
    machine: machine(),
    figures,
    goals: goals.map((g) => ({ ...g, pass: passes(g) })),
    pass: goals.every(passes),
  };
  await mkdir(`${ROOT}/bench/results`, { recursive: true });
  await writeFile(`${ROOT}/bench/results/${name}.json`, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n== ${name} ==`);
  console.log(JSON.stringify(figures, null, 2));
  for (const g of result.goals)
    console.log(
      `${g.pass ? 'PASS' : 'FAIL'}  ${g.what}: ${g.value}${g.unit ?? ''} (goal ${g.op === 'below' ? '<' : '>='} ${g.target}${g.unit ?? ''})`,
    );
  return result;
}

export async function readResult(name: string) {
  return JSON.parse(await readFile(`${ROOT}/bench/results/${name}.json`, 'utf8'));
}

export async function freePort(): Promise<number> {
  const srv = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => srv.once('listening', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** A fresh database for one benchmark run, dropped at the end. */
export async function freshDatabase(prefix: string) {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    url: PG_ADMIN.replace(/\/[^/]*$/, `/${name}`),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface Proc {
  child: ChildProcess;
  baseUrl: string;
  port: number;
  output: string[];
  stop(): Promise<void>;
}

/** Starts a server process (ours: the built bundle; or a baseline script) and waits until `readyPath` answers. */
export async function startProcess(
  args: string[],
  env: Record<string, string>,
  readyPath = '/readyz',
  timeoutMs = 30_000,
  /** An IPC channel to the process (`child.send`), for a probe preloaded into it. */
  ipc = false,
): Promise<Proc> {
  const port = Number(env.PORT ?? (await freePort()));
  const output: string[] = [];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ...env,
      PORT: String(port),
    },
    stdio: ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`process exited:\n${output.join('')}`);
    const ok = await fetch(`${baseUrl}${readyPath}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > end) throw new Error(`not ready in ${timeoutMs} ms:\n${output.join('')}`);
    await sleep(5);
  }
  return {
    child,
    baseUrl,
    port,
    output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** CPU time (user + system) a process has used so far, from /proc, in milliseconds. */
export async function cpuTimeMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

/** CPU time of every PostgreSQL server process on this machine (the database is local), in milliseconds. */
/**
 * CPU time of every PostgreSQL process, by pid. Compare two snapshots with `postgresCpuSince`: a plain total
 * would subtract the whole life of a backend that exits in between (an idle pool connection closing, an
 * autovacuum worker finishing) and make PostgreSQL look cheaper than it was.
 */
export async function postgresCpu(): Promise<Map<number, number>> {
  const { readdir } = await import('node:fs/promises');
  const byPid = new Map<number, number>();
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const comm = (await readFile(`/proc/${pid}/comm`, 'utf8')).trim();
      if (comm === 'postgres' || comm.startsWith('postgres:')) byPid.set(Number(pid), await cpuTimeMs(Number(pid)));
    } catch {
      // the process ended meanwhile
    }
  }
  return byPid;
}

/** PostgreSQL's CPU time since `before`, ms: processes still running, and whole lives of those started since. */
export async function postgresCpuSince(before: Map<number, number>): Promise<number> {
  let total = 0;
  for (const [pid, ms] of await postgresCpu()) total += ms - (before.get(pid) ?? 0);
  return total;
}

/**
 * What a process started with `bench/attachments/memory-probe.cjs` (and an IPC channel) still holds after a full
 * collection: V8's heap plus memory owned by JavaScript objects outside it, in KiB.
 */
export function retainedKiB(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { heapUsed: number; external: number }) => {
      child.off('message', onMessage);
      resolve((m.heapUsed + m.external) / 1024);
    };
    child.on('message', onMessage);
    if (!child.send('retained-memory')) reject(new Error('no IPC channel to the process'));
  });
}

export async function rssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/**
 * Loopback has a whole /8: requests from 127.0.0.x look like different clients, so per-IP rate limits hold as
 * they would for real visitors, without being switched off for the benchmark.
 */
export const loopbackAddress = (i: number) => `127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`;
const agents = new Map<string, http.Agent>();
export function agentFor(localAddress: string) {
  let a = agents.get(localAddress);
  if (!a) {
    a = new http.Agent({ keepAlive: true, maxSockets: 16, localAddress } as http.AgentOptions);
    agents.set(localAddress, a);
  }
  return a;
}

/** Closes every kept-alive connection (10,000 addresses would otherwise hold 10,000 sockets on both sides). */
export function closeAgents() {
  for (const a of agents.values()) a.destroy();
  agents.clear();
}

/** One HTTP request with JSON in and out, from a chosen loopback address. */
export function request(
  url: string,
  options: { method?: string; body?: unknown; token?: string; from?: string } = {},
  retried = false,
): Promise<{ status: number; json: any }> {
  const data = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: options.method ?? (data ? 'POST' : 'GET'),
        agent: agentFor(options.from ?? '127.0.0.1'),
        headers: {
          ...(data && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) }),
          ...(options.token && { authorization: `Bearer ${options.token}` }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let json: unknown = null;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {
            json = text;
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed while idle (a seed that runs for half an hour between two calls):
      // the request never reached it, so it is sent once more on a new connection.
      if (req.reusedSocket && !retried && (err.code === 'ECONNRESET' || err.code === 'EPIPE'))
        request(url, options, true).then(resolve, reject);
      else reject(err);
    });
    if (data) req.write(data);
    req.end();
  });
}

/** Runs `rounds` pairs, baseline first then ours, after one warm-up of each; returns every measured round. */
export async function alternate<B, O>(
  rounds: number,
  baseline: (round: number) => Promise<B>,
  ours: (round: number) => Promise<O>,
) {
  await baseline(-1);
  await ours(-1);
  const b: B[] = [];
  const o: O[] = [];
  for (let i = 0; i < rounds; i++) {
    b.push(await baseline(i));
    o.push(await ours(i));
  }
  return { baseline: b, ours: o };
}

/**
 * After a bulk load the machine stays busy for minutes (autovacuum, the kernel writing gigabytes back): waits, up
 * to maxMs, for five quiet seconds in a row (under 10 % CPU, under 16 MiB dirty or in-flight pages). Seconds waited.
 */
export async function waitForQuietMachine(maxMs = 300_000) {
  const start = now();
  for (let quiet = 0; quiet < 5 && now() - start < maxMs; ) {
    const a = await machineActivity();
    await sleep(1000);
    const b = await machineActivity();
    const busy = 1 - (b.idle - a.idle) / Math.max(1, b.total - a.total);
    quiet = busy < 0.1 && b.dirtyKiB < 16_384 ? quiet + 1 : 0;
  }
  return Math.round((now() - start) / 1000);
}

/** Jiffies of the whole machine (all, idle + iowait) and its dirty or in-writeback page cache. */
export async function machineActivity() {
  const { readFile } = await import('node:fs/promises');
  const cpu = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const vm = await readFile('/proc/vmstat', 'utf8');
  const pages = (key: string) => Number(new RegExp(`^${key} (\\d+)$`, 'm').exec(vm)?.[1] ?? 0);
  return {
    total: cpu.reduce((x, y) => x + y, 0),
    idle: (cpu[3] ?? 0) + (cpu[4] ?? 0),
    dirtyKiB: (pages('nr_dirty') + pages('nr_writeback')) * 4,
  };
}
