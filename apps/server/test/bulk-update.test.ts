/**
 * Bulk actions through the API: one request, one change, one transaction per conversation through the single
 * update's path (its rules, system lines, events and webhooks), an answer per id; another organization's id is
 * not found and unchanged; an agent's limits are the single update's.
 */
import { BULK_MAX } from '@oceras/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, buildOrganization, expectError, startTestServer, type TestServer, visitor } from './helpers.js';
import { type Follower, follow } from './sockets.js';
import { startReceiver, until } from './webhook-receiver.js';

let server: TestServer;
let org: Awaited<ReturnType<typeof buildOrganization>>;
let agent: Awaited<ReturnType<typeof buildAgent>>;
let colleague: Awaited<ReturnType<typeof buildAgent>>;
const sockets: Follower[] = [];

beforeAll(async () => {
  server = await startTestServer({ WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_POLL_MS: '50' });
  org = await buildOrganization(server);
  agent = await buildAgent(server, org, 'agent');
  colleague = await buildAgent(server, org, 'agent');
});
afterAll(async () => {
  for (const s of sockets) s.socket.disconnect();
  await server?.close();
});

/** n new conversations of the organization, from one visitor. */
async function conversations(o: typeof org, n: number) {
  const v = await visitor(server, o.organization.widgetKey);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await v.start(`question ${i}`)).id);
  v.close();
  return ids;
}

describe('bulk update of conversations', () => {
  it('changes each conversation in turn: an answer per id in order, system lines, one event each, webhooks', async () => {
    const receiver = await startReceiver();
    await org.api.call('createWebhook', { body: { url: receiver.url, events: ['conversation.updated'] } });
    const watcher = follow(server.baseUrl, '/agent', { token: org.accessToken });
    sockets.push(watcher);
    await watcher.ready();
    const ids = await conversations(org, 3);
    const other = await buildOrganization(server);
    const [foreign] = await conversations(other, 1);

    const { results } = await org.api.call('bulkUpdateConversations', {
      body: { ids: [ids[0]!, foreign!, ids[1]!, ids[2]!], change: { assigneeId: agent.agent.id, status: 'pending' } },
    });
    expect(results.map((r) => [r.id, r.ok])).toEqual([
      [ids[0], true],
      [foreign, false],
      [ids[1], true],
      [ids[2], true],
    ]);
    expect(results[1]).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    for (const r of results.filter((x) => x.ok))
      expect(r.ok && r.conversation).toMatchObject({ id: r.id, status: 'pending', assigneeId: agent.agent.id });

    // Another organization's conversation is untouched.
    expect(await other.api.call('getConversation', { params: { id: foreign! } })).toMatchObject({
      status: 'open',
      assigneeId: null,
    });
    // Each one has its own system lines, as a single update writes them.
    for (const id of ids) {
      const { messages } = await org.api.call('listMessages', { params: { id } });
      expect(messages.filter((m) => m.type === 'system').map((m) => m.system?.action)).toEqual([
        'status_changed',
        'assigned',
      ]);
    }
    // One conversation.updated per conversation, naming what changed.
    const updates = () => watcher.received.filter((e) => e.event === 'conversation.updated').map((e) => e.data);
    await expect.poll(() => updates().map((u) => u.conversation.id)).toEqual(ids);
    for (const u of updates()) {
      expect(u.changes.sort()).toEqual(['assigneeId', 'status']);
      expect(u.conversation).toMatchObject({ status: 'pending', assigneeId: agent.agent.id });
    }
    // And one webhook each.
    const hooks = await until(() => {
      const got = receiver.received.filter((r) => r.json?.type === 'conversation.updated');
      return got.length >= 3 ? got : null;
    });
    expect(hooks.map((h) => h.json.data.conversation.id).sort()).toEqual([...ids].sort());
    await receiver.close();
  });

  it('adds and removes tags, keeping each conversation its other tags; snoozes; sets a team', async () => {
    const ids = await conversations(org, 2);
    await org.api.call('updateConversation', { params: { id: ids[0]! }, body: { tags: ['billing', 'old'] } });
    const team = await org.api.call('createTeam', { body: { name: `Bulk team ${Date.now()}` } });
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const { results } = await org.api.call('bulkUpdateConversations', {
      body: {
        ids,
        change: { addTags: ['VIP'], removeTags: ['old'], status: 'snoozed', snoozedUntil: until, teamId: team.id },
      },
    });
    const convs = results.map((r) => (r.ok ? r.conversation : null));
    expect(convs.map((c) => c?.tags)).toEqual([['billing', 'vip'], ['vip']]);
    expect(convs.every((c) => c?.status === 'snoozed' && c.snoozedUntil === until && c.teamId === team.id)).toBe(true);
  });

  it("applies the single update's rules per conversation: an agent's limits, illegal moves, unknown teams", async () => {
    const ids = await conversations(org, 3);
    await org.api.call('updateConversation', { params: { id: ids[1]! }, body: { assigneeId: colleague.agent.id } });
    await org.api.call('updateConversation', { params: { id: ids[2]! }, body: { status: 'resolved' } });
    // An agent takes them: the colleague's one is refused, the resolved one can be taken.
    const taken = await agent.api.call('bulkUpdateConversations', {
      body: { ids, change: { assigneeId: agent.agent.id } },
    });
    expect(taken.results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'FORBIDDEN', 'ok']);
    // An agent may not assign to someone else, as in a single update.
    const given = await agent.api.call('bulkUpdateConversations', {
      body: { ids: [ids[0]!], change: { assigneeId: colleague.agent.id } },
    });
    expect(given.results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['FORBIDDEN']);
    // pending from resolved is not a legal move.
    const moved = await org.api.call('bulkUpdateConversations', {
      body: { ids: [ids[0]!, ids[2]!], change: { status: 'pending' } },
    });
    expect(moved.results.map((r) => (r.ok ? r.conversation.status : r.error.code))).toEqual([
      'pending',
      'ILLEGAL_TRANSITION',
    ]);
    const other = await buildOrganization(server);
    const foreignTeam = await other.api.call('createTeam', { body: { name: 'Theirs' } });
    const teamed = await org.api.call('bulkUpdateConversations', {
      body: { ids: [ids[0]!], change: { teamId: foreignTeam.id } },
    });
    expect(teamed.results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['NOT_FOUND']);
    expect((await org.api.call('getConversation', { params: { id: ids[1]! } })).assigneeId).toBe(colleague.agent.id);
    expect((await org.api.call('getConversation', { params: { id: ids[0]! } })).teamId).toBeNull();
  });

  it(`refuses a bad request as a whole with 400, changing nothing (at most ${BULK_MAX} ids, each once)`, async () => {
    const [id] = await conversations(org, 1);
    const fake = '00000000-0000-4000-8000-000000000000';
    for (const body of [
      { ids: [], change: { priority: 'high' } },
      { ids: [id, id], change: { priority: 'high' } },
      { ids: Array.from({ length: BULK_MAX + 1 }, (_, i) => fake.replace(/0{3}$/, String(i).padStart(3, '0'))) },
      { ids: [id], change: {} },
      { ids: [id], change: { status: 'snoozed' } },
      { ids: [id], change: { priority: 'high', subject: 'one subject' } },
      { ids: [id], change: { tags: ['replace'] } },
      { ids: ['nope'], change: { priority: 'high' } },
    ])
      await expectError(org.api.call('bulkUpdateConversations', { body: body as never }), 400, 'VALIDATION_FAILED');
    expect((await org.api.call('getConversation', { params: { id: id! } })).priority).toBe('none');
  });
});
