/**
 * A PostgreSQL cluster of the fault suite's own (initdb into a temporary folder, its own port), so that stopping,
 * freezing or killing it disturbs no other test. As root, the server runs as the `postgres` user (PostgreSQL refuses
 * root).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../test/processes.js';

function binDir() {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const version = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
    if (version) return path.join(root, version, 'bin');
  }
  return path.dirname(execFileSync('which', ['initdb']).toString().trim());
}

export async function startPrivatePostgres() {
  const bin = binDir();
  const dir = mkdtempSync(path.join(tmpdir(), 'oceras-faults-pg-'));
  chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  const port = await freePort();
  const asPostgres = (cmd: string, args: string[]) => {
    const full = path.join(bin, cmd);
    return process.getuid?.() === 0
      ? execFileSync('runuser', ['-u', 'postgres', '--', full, ...args], { stdio: 'pipe' })
      : execFileSync(full, args, { stdio: 'pipe' });
  };
  asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = () => asPostgres('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']);
  const stop = (mode: 'fast' | 'immediate') => asPostgres('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
  start();
  /** The postmaster and every backend of this cluster. */
  const pids = () => {
    const postmaster = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = execFileSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
    return [postmaster, ...children];
  };
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    /** Freezes every process of the cluster (SIGSTOP), as a stalled disk or a paused VM would. */
    freeze() {
      const frozen = pids();
      for (const pid of frozen) process.kill(pid, 'SIGSTOP');
      return () => {
        for (const pid of frozen) process.kill(pid, 'SIGCONT');
      };
    },
    async destroy() {
      try {
        stop('immediate');
      } catch {}
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type PrivatePostgres = Awaited<ReturnType<typeof startPrivatePostgres>>;
