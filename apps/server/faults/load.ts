/** Starts a load worker (faults/load-worker.ts) as a process of its own and talks to it over IPC. */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { LoadConfig, LoadReport } from './load-worker.js';

const WORKER = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

export interface LoadWorker {
  report(): Promise<LoadReport>;
  /** Stops making new messages; the outboxes keep draining. */
  stop(): Promise<LoadReport>;
  /** Makes new messages again. */
  start(): Promise<LoadReport>;
  close(): Promise<void>;
}

export async function startLoad(config: LoadConfig): Promise<LoadWorker> {
  const child: ChildProcess = fork(WORKER, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, FAULT_LOAD: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [first] = (await Promise.race([once(child, 'message'), once(child, 'exit')])) as [{ type: string } | number];
  if (typeof first !== 'object' || first.type !== 'ready') throw new Error(`load worker did not start (${first})`);
  const ask = async (type: 'report' | 'stop' | 'start') => {
    const answer = once(child, 'message') as Promise<[{ type: 'report'; report: LoadReport }]>;
    child.send({ type });
    return (await answer)[0].report;
  };
  return {
    report: () => ask('report'),
    stop: () => ask('stop'),
    start: () => ask('start'),
    async close() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.send({ type: 'close' });
      await exited;
    },
  };
}
