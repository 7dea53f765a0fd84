import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createClient } from '@oceras/protocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers.js';
import { freePort, waitFor } from './processes.js';
import { follow } from './sockets.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Three consecutive free ports for the processes. */
async function freeRange(n: number) {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    const ok = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const p = await freePort();
        return p !== base + i ? canListen(base + i) : true;
      }),
    );
    if (ok.every(Boolean)) return base;
  }
}
async function canListen(port: number) {
  const { createServer } = await import('node:net');
  const srv = createServer();
  return new Promise<boolean>((resolve) => {
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let cluster: ChildProcess;
const output: string[] = [];
let baseUrl = '';

beforeAll(async () => {
  // The cluster runs the bundle (npm test builds everything first; a lone run of this file builds the server).
  execFileSync('node', ['build.mjs'], { cwd: fileURLToPath(new URL('..', import.meta.url)) });
  database = await createTestDatabase();
  const port = await freePort();
  const base = await freeRange(3);
  cluster = spawn('bash', ['deploy/cluster.sh'], {
    cwd: ROOT,
    env: {
      ...process.env,
      CLUSTER_PORT: String(port),
      CLUSTER_BASE_PORT: String(base),
      CLUSTER_SKIP_BUILD: '1',
      DATABASE_URL: database.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      DATA_DIR: `/tmp/oceras-cluster-test-${port}`,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  cluster.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  cluster.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  await waitFor(
    () => {
      if (cluster.exitCode !== null) throw new Error(`cluster exited:\n${output.join('')}`);
      return output.join('').includes('Oceras cluster:');
    },
    45_000,
    'npm run cluster',
  );
  baseUrl = `http://127.0.0.1:${port}`;
}, 60_000);

afterAll(async () => {
  if (cluster && cluster.exitCode === null) {
    cluster.kill('SIGTERM');
    await once(cluster, 'exit');
  }
  await database?.drop();
});

describe('npm run cluster (three processes behind nginx)', () => {
  it('serves REST and sockets through nginx, spreads requests, and stops cleanly', async () => {
    const api = (token?: string) => createClient({ baseUrl, getToken: () => token });
    const ready = await (await fetch(`${baseUrl}/readyz`)).json();
    expect(ready).toMatchObject({ ok: true, database: 'up', redis: 'up' });

    const admin = await api().call('signup', {
      body: {
        organizationName: 'Behind nginx',
        slug: `nginx-${randomUUID().slice(0, 8)}`,
        name: 'Nia',
        email: `nia-${randomUUID()}@example.com`,
        password: 'correct horse battery',
      },
    });
    const session = await api().call('createWidgetSession', { body: { widgetKey: admin.organization.widgetKey } });
    const agent = follow(baseUrl, '/agent', { token: admin.accessToken });
    const visitor = follow(baseUrl, '/visitor', { sessionToken: session.sessionToken });
    try {
      await Promise.all([agent.ready(), visitor.ready()]);
      const conversation = await api(session.sessionToken).call('startConversation', {
        body: { clientId: randomUUID(), message: { clientId: randomUUID(), body: 'through the proxy' } },
      });
      await expect
        .poll(() => agent.received.some((r) => r.data?.body === 'through the proxy'), {
          timeout: 5000,
          interval: 20,
          message: 'the agent',
        })
        .toBeTruthy();
      const ack = await agent.socket.emitWithAck('message.send', {
        conversationId: conversation.id,
        clientId: randomUUID(),
        body: 'answered through the proxy',
      });
      expect(ack.ok).toBe(true);
      await expect
        .poll(() => visitor.received.some((r) => r.data?.body === 'answered through the proxy'), {
          timeout: 5000,
          interval: 20,
          message: 'visitor',
        })
        .toBeTruthy();

      // nginx sends REST requests to every process (each logs its own pid).
      for (let i = 0; i < 12; i++) await api(admin.accessToken).call('getMe', {});
      const pids = new Set(
        output
          .join('')
          .split('\n')
          .filter((l) => l.includes('"path":"/api/v1/me"'))
          .map((l) => (JSON.parse(l) as { pid: number }).pid),
      );
      expect(pids.size).toBe(3);
    } finally {
      agent.socket.disconnect();
      visitor.socket.disconnect();
    }

    cluster.kill('SIGTERM');
    const [code] = await once(cluster, 'exit');
    expect(code === 0 || code === 143).toBe(true);
    expect(
      await fetch(`${baseUrl}/readyz`).then(
        () => 'answered',
        () => 'closed',
      ),
    ).toBe('closed');
  }, 60_000);
});
