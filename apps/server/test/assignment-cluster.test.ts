/**
 * Automatic assignment under concurrency: three server processes on one PostgreSQL and one Redis, conversations
 * started at once through all of them while agents toggle their availability through all of them. Nobody ends
 * above their capacity, no conversation is assigned automatically twice, and the queue fills every free place.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { TConversation } from '@oceras/protocol';
import { createClient } from '@oceras/protocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers.js';
import { type ServerProcess, startRedis, startServerProcess } from './processes.js';

let redis: Awaited<ReturnType<typeof startRedis>>;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let procs: ServerProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  database = await createTestDatabase();
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    JWT_SECRET: randomBytes(32).toString('hex'),
    RATE_LIMIT_PER_MINUTE: '100000',
    ASSIGNMENT_POLL_MS: '300',
  };
  procs = [await startServerProcess(env)]; // the first one runs the migrations
  procs.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
}, 90_000);

afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  await redis?.stop();
  await database?.drop();
});

const api = (p: ServerProcess, token?: string) => createClient({ baseUrl: p.baseUrl, getToken: () => token });
const proc = (i: number) => procs[i % procs.length]!;

describe('automatic assignment across processes', () => {
  it('never exceeds a capacity nor assigns a conversation twice while conversations arrive and agents toggle', async () => {
    const admin = await api(proc(0)).call('signup', {
      body: {
        organizationName: 'Routing Inc',
        slug: `routing-${randomUUID().slice(0, 8)}`,
        name: 'Ada Admin',
        email: `ada-${randomUUID()}@example.com`,
        password: 'correct horse battery',
      },
    });
    const adminApi = (i: number) => api(proc(i), admin.accessToken);
    await adminApi(0).call('updateMe', { body: { availability: 'offline' } });
    const capacities = [3, 3, 4, 4, 5, 5];
    const agents: { id: string; capacity: number; api: (j: number) => ReturnType<typeof api> }[] = [];
    for (const [i, capacity] of capacities.entries()) {
      const invite = await adminApi(i).call('createInvitation', {
        body: { email: `agent-${randomUUID()}@example.com` },
      });
      const auth = await api(proc(i + 1)).call('acceptInvitation', {
        body: { token: invite.inviteUrl!.split('#token=')[1]!, name: `Agent ${i}`, password: 'correct horse battery' },
      });
      await adminApi(i + 2).call('updateAgent', { params: { id: auth.agent.id }, body: { capacity } });
      agents.push({ id: auth.agent.id, capacity, api: (j: number) => api(proc(j), auth.accessToken) });
    }
    const total = capacities.reduce((s, n) => s + n, 0);
    await adminApi(1).call('updateOrganization', { body: { autoAssignment: true } });

    // 60 conversations from 6 visitors through the three processes, while every agent flips 12 times.
    const visitors = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const s = await api(proc(i)).call('createWidgetSession', { body: { widgetKey: admin.organization.widgetKey } });
        return s.sessionToken;
      }),
    );
    const starts = visitors.flatMap((token, v) =>
      Array.from({ length: 10 }, (_, k) =>
        api(proc(v + k), token).call('startConversation', { body: { clientId: randomUUID() } }),
      ),
    );
    const flips = agents.map(async (a, i) => {
      for (let k = 0; k < 12; k++)
        await a.api(i + k).call('updateMe', { body: { availability: k % 2 === 0 ? 'online' : 'offline' } });
    });
    await Promise.all([...starts, ...flips]);
    for (const [i, a] of agents.entries()) await a.api(i).call('updateMe', { body: { availability: 'online' } });

    const list = async () => {
      const out: TConversation[] = [];
      let cursor: string | undefined;
      do {
        const page = await adminApi(out.length).call('listConversations', {
          query: { status: 'unresolved', limit: 100, ...(cursor ? { cursor } : {}) },
        });
        out.push(...page.conversations);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return out;
    };
    const loads = (convs: TConversation[]) => agents.map((a) => convs.filter((c) => c.assigneeId === a.id).length);
    const expectFull = async () =>
      expect
        .poll(async () => loads(await list()), { timeout: 20_000, interval: 100, message: 'every place filled' })
        .toEqual(capacities);

    await expectFull();
    let convs = await list();
    expect(convs).toHaveLength(60);
    expect(convs.filter((c) => c.assigneeId === null)).toHaveLength(60 - total);

    // Every assignment was automatic and made once: one line per assigned conversation, none for the others.
    const autoLines = async (id: string, i: number) =>
      (await adminApi(i).call('listMessages', { params: { id }, query: { limit: 100 } })).messages.filter(
        (m) => m.type === 'system' && (m.system as { reason?: string } | null)?.reason === 'auto_assigned',
      ).length;
    for (const [i, c] of convs.entries()) expect(await autoLines(c.id, i)).toBe(c.assigneeId ? 1 : 0);

    // Resolving at once through every process frees places; the queue fills them, still within capacity.
    const held = convs.filter((c) => c.assigneeId !== null).slice(0, 12);
    await Promise.all(
      held.map((c, i) => {
        const owner = agents.find((a) => a.id === c.assigneeId)!;
        return owner.api(i).call('updateConversation', { params: { id: c.id }, body: { status: 'resolved' } });
      }),
    );
    await expectFull();
    convs = await list();
    expect(convs).toHaveLength(60 - held.length);
    expect(convs.filter((c) => c.assigneeId === null)).toHaveLength(60 - held.length - total);
    for (const [i, c] of convs.entries()) expect(await autoLines(c.id, i)).toBe(c.assigneeId ? 1 : 0);
  }, 120_000);
});
