/**
 * Teams and automatic assignment through the API: teams (members, unique names, deletion), the organization's and a
 * team's switch, fairness (fewest unresolved under capacity, then who waited longest), the queue handed out in arrival
 * order as room frees, capacity and availability changes, restricted agents, and the offline grace period.
 */
import type { TConversation, TMessage } from '@oceras/protocol';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../src/db/client.js';
import { buildAgent, buildOrganization, expectError, startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
type Org = Awaited<ReturnType<typeof buildOrganization>>;
type Agent = Awaited<ReturnType<typeof buildAgent>>;

beforeAll(async () => {
  const roomy = { max: 100_000, timeWindow: '1 minute' };
  server = await startTestServer(
    { RATE_LIMIT_PER_MINUTE: '100000', ASSIGNMENT_POLL_MS: '60000' },
    { rateLimits: { startConversation: roomy, sendVisitorMessage: roomy } },
  );
});
afterAll(async () => {
  await server?.close();
});

/** A visitor of the organization who starts conversations, one after the other (their arrival order). */
async function visitorOf(org: Org) {
  const session = await server
    .client()
    .call('createWidgetSession', { body: { widgetKey: org.organization.widgetKey } });
  const api = server.client(session.sessionToken);
  let n = 0;
  return {
    start: () =>
      api.call('startConversation', { body: { clientId: `c-${n++}-${Math.random().toString(36).slice(2)}` } }),
    say: (id: string, body: string) =>
      api.call('sendVisitorMessage', {
        params: { id },
        body: { clientId: `message-${n++}-${Math.random().toString(36).slice(2)}`, body },
      }),
  };
}

/** Waits for the worker: every event it heard has been acted on. */
const settled = () => server.assignment.settle();

async function online(...agents: Agent[]) {
  for (const a of agents) await a.api.call('updateMe', { body: { availability: 'online' } });
}

/** Every unresolved conversation of the organization, by id, with its assignee. */
async function unresolved(org: Org) {
  const out: TConversation[] = [];
  let cursor: string | undefined;
  do {
    const page = await org.api.call('listConversations', {
      query: { status: 'unresolved', limit: 100, ...(cursor ? { cursor } : {}) },
    });
    out.push(...page.conversations);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

function loads(convs: TConversation[], agents: Agent[]) {
  return agents.map((a) => convs.filter((c) => c.assigneeId === a.agent.id).length);
}

const systemLines = async (org: Org, id: string) =>
  (await org.api.call('listMessages', { params: { id }, query: { limit: 100 } })).messages
    .filter((m: TMessage) => m.type === 'system')
    .map((m) => ({ body: m.body, ...(m.system as Record<string, unknown>) }));

describe('teams', () => {
  it('creates, lists, renames, changes members and deletes a team; names are unique whatever the case', async () => {
    const org = await buildOrganization(server);
    const ann = await buildAgent(server, org, 'agent', 'Ann');
    const bob = await buildAgent(server, org, 'agent', 'Bob');
    const team = await org.api.call('createTeam', {
      body: { name: 'Billing', agentIds: [bob.agent.id, ann.agent.id] },
    });
    expect(team).toMatchObject({ name: 'Billing', autoAssignment: false, agentIds: [ann.agent.id, bob.agent.id] });
    await expectError(org.api.call('createTeam', { body: { name: 'billing' } }), 409, 'TEAM_NAME_TAKEN');

    const other = await buildOrganization(server);
    const stranger = await buildAgent(server, other);
    await expectError(
      org.api.call('createTeam', { body: { name: 'Sales', agentIds: [stranger.agent.id] } }),
      404,
      'NOT_FOUND',
    );
    await expectError(
      org.api.call('updateTeam', { params: { id: team.id }, body: { agentIds: [stranger.agent.id] } }),
      404,
    );
    await expectError(other.api.call('updateTeam', { params: { id: team.id }, body: { name: 'Mine' } }), 404);

    const renamed = await org.api.call('updateTeam', {
      params: { id: team.id },
      body: { name: 'Payments', autoAssignment: true, agentIds: [bob.agent.id] },
    });
    expect(renamed).toMatchObject({ id: team.id, name: 'Payments', autoAssignment: true, agentIds: [bob.agent.id] });
    expect((await ann.api.call('listTeams')).teams).toEqual([renamed]);
    expect((await other.api.call('listTeams')).teams).toEqual([]);

    // A conversation in the team, filtered by it; deleting the team takes it off, with conversation.updated.
    const v = await visitorOf(org);
    const conv = await v.start();
    await expectError(
      org.api.call('updateConversation', {
        params: { id: conv.id },
        body: { teamId: (await other.api.call('createTeam', { body: { name: 'X' } })).id },
      }),
      404,
    );
    const moved = await org.api.call('updateConversation', { params: { id: conv.id }, body: { teamId: team.id } });
    expect(moved.teamId).toBe(team.id);
    expect(
      (await org.api.call('listConversations', { query: { teamId: team.id } })).conversations.map((c) => c.id),
    ).toEqual([conv.id]);
    expect(await systemLines(org, conv.id)).toContainEqual(
      expect.objectContaining({ action: 'team_changed', from: null, to: team.id, by: org.agent.id }),
    );
    expect(await org.api.call('deleteTeam', { params: { id: team.id } })).toEqual({ ok: true });
    expect((await org.api.call('getConversation', { params: { id: conv.id } })).teamId).toBeNull();
    await expectError(org.api.call('deleteTeam', { params: { id: team.id } }), 404);

    // Removing an agent ends their memberships.
    const t2 = await org.api.call('createTeam', { body: { name: 'Support', agentIds: [ann.agent.id, bob.agent.id] } });
    await org.api.call('removeAgent', { params: { id: ann.agent.id } });
    expect((await org.api.call('listTeams')).teams.find((t) => t.id === t2.id)?.agentIds).toEqual([bob.agent.id]);
  });
});

describe('automatic assignment', () => {
  it('is off by default: conversations wait unassigned', async () => {
    const org = await buildOrganization(server);
    const v = await visitorOf(org);
    const conv = await v.start();
    await settled();
    expect((await org.api.call('getConversation', { params: { id: conv.id } })).assigneeId).toBeNull();
    expect(await org.api.call('getOrganization')).toMatchObject({
      autoAssignment: false,
      reassignOfflineAfterMinutes: null,
    });
  });

  it('300 conversations among capacities 5/5/10: balanced within one, never above capacity, the queue drained in arrival order as conversations are resolved', async () => {
    const org = await buildOrganization(server);
    // The admin stays out of it: they are online since sign-up, so they go offline.
    await org.api.call('updateMe', { body: { availability: 'offline' } });
    const agents = [await buildAgent(server, org), await buildAgent(server, org), await buildAgent(server, org)];
    const capacities = [5, 5, 10];
    for (const [i, a] of agents.entries())
      await org.api.call('updateAgent', { params: { id: a.agent.id }, body: { capacity: capacities[i]! } });
    await online(...agents);
    await org.api.call('updateOrganization', { body: { autoAssignment: true } });

    const v = await visitorOf(org);
    const arrivals: string[] = [];
    // The first 15: one at a time, everyone within one of the ideal after each.
    for (let i = 1; i <= 15; i++) {
      arrivals.push((await v.start()).id);
      await settled();
      const counts = loads(await unresolved(org), agents);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      expect(counts.reduce((s, n) => s + n, 0)).toBe(i);
    }
    // The rest arrive at once (in order); only capacity is left: 5/5/10, 280 wait.
    for (let i = 15; i < 300; i++) arrivals.push((await v.start()).id);
    await settled();
    let convs = await unresolved(org);
    expect(loads(convs, agents)).toEqual([5, 5, 10]);
    expect(convs.filter((c) => c.assigneeId === null)).toHaveLength(280);

    // Each round every agent resolves everything they hold; the next 20 in arrival order take their places.
    const lines = await systemLines(org, arrivals[0]!);
    expect(lines).toContainEqual(
      expect.objectContaining({
        action: 'assigned',
        reason: 'auto_assigned',
        by: null,
        body: 'Assigned automatically: fewest open conversations',
      }),
    );
    const handedOut = new Map<string, number>();
    for (let round = 0; round < 15; round++) {
      const held = convs.filter((c) => c.assigneeId !== null);
      expect(held.map((c) => c.id).sort()).toEqual(arrivals.slice(round * 20, round * 20 + 20).sort());
      for (const c of held) handedOut.set(c.assigneeId!, (handedOut.get(c.assigneeId!) ?? 0) + 1);
      for (const c of held) {
        const owner = agents.find((a) => a.agent.id === c.assigneeId)!;
        await owner.api.call('updateConversation', { params: { id: c.id }, body: { status: 'resolved' } });
      }
      await settled();
      convs = await unresolved(org);
      const counts = loads(convs, agents);
      expect(counts.every((n, i) => n <= capacities[i]!)).toBe(true);
      if (round < 14) expect(counts).toEqual([5, 5, 10]);
    }
    expect(convs).toHaveLength(0);
    // Over the whole run, each got its share of 300 by capacity (75/75/150).
    expect(agents.map((a) => handedOut.get(a.agent.id))).toEqual([75, 75, 150]);
  }, 120_000);

  it('breaks ties by who waited longest since their last assignment', async () => {
    const org = await buildOrganization(server);
    await org.api.call('updateMe', { body: { availability: 'offline' } });
    const [a, b] = [await buildAgent(server, org), await buildAgent(server, org)];
    await online(a, b);
    await org.api.call('updateOrganization', { body: { autoAssignment: true } });
    const v = await visitorOf(org);
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      const c = await v.start();
      await settled();
      const got = (await org.api.call('getConversation', { params: { id: c.id } })).assigneeId!;
      order.push(got);
      // Resolved at once: both always hold nothing, so only the wait decides.
      await org.api.call('updateConversation', { params: { id: c.id }, body: { status: 'resolved' } });
    }
    expect(new Set(order).size).toBe(2);
    for (let i = 1; i < order.length; i++) expect(order[i]).not.toBe(order[i - 1]);
  });

  it('gives a team conversation only to its members, by the team switch; never to a restricted agent; wakes on capacity and membership changes', async () => {
    const org = await buildOrganization(server);
    await org.api.call('updateMe', { body: { availability: 'offline' } });
    const [ann, bob, cid] = [
      await buildAgent(server, org),
      await buildAgent(server, org),
      await buildAgent(server, org),
    ];
    await online(ann, bob, cid);
    const team = await org.api.call('createTeam', {
      body: { name: 'Tier 2', agentIds: [ann.agent.id], autoAssignment: true },
    });
    const v = await visitorOf(org);

    // The organization's switch is off: a conversation without a team waits.
    const loose = await v.start();
    await settled();
    expect((await org.api.call('getConversation', { params: { id: loose.id } })).assigneeId).toBeNull();
    // In the team: Ann, its only member.
    await org.api.call('updateConversation', { params: { id: loose.id }, body: { teamId: team.id } });
    await settled();
    expect((await org.api.call('getConversation', { params: { id: loose.id } })).assigneeId).toBe(ann.agent.id);

    // Ann full (capacity 1): the next team conversation waits although Bob and Cid are free.
    await org.api.call('updateAgent', { params: { id: ann.agent.id }, body: { capacity: 1 } });
    const second = await v.start();
    await org.api.call('updateConversation', { params: { id: second.id }, body: { teamId: team.id } });
    await settled();
    expect((await org.api.call('getConversation', { params: { id: second.id } })).assigneeId).toBeNull();
    // Room again through her capacity: assigned.
    await org.api.call('updateAgent', { params: { id: ann.agent.id }, body: { capacity: 2 } });
    await settled();
    expect((await org.api.call('getConversation', { params: { id: second.id } })).assigneeId).toBe(ann.agent.id);

    // Restricted, Ann gets nothing more; Bob joins the team and takes the next.
    await org.api.call('updateAgent', { params: { id: ann.agent.id }, body: { capacity: null } });
    await org.api.call('setAgentRestriction', { params: { id: ann.agent.id }, body: { isRestricted: true } });
    const third = await v.start();
    await org.api.call('updateConversation', { params: { id: third.id }, body: { teamId: team.id } });
    await settled();
    expect((await org.api.call('getConversation', { params: { id: third.id } })).assigneeId).toBeNull();
    await org.api.call('updateTeam', { params: { id: team.id }, body: { agentIds: [ann.agent.id, bob.agent.id] } });
    await settled();
    expect((await org.api.call('getConversation', { params: { id: third.id } })).assigneeId).toBe(bob.agent.id);

    // The team's switch off: its conversations wait; Cid (not a member) never gets one.
    await org.api.call('updateTeam', { params: { id: team.id }, body: { autoAssignment: false } });
    const fourth = await v.start();
    await org.api.call('updateConversation', { params: { id: fourth.id }, body: { teamId: team.id } });
    await settled();
    expect((await org.api.call('getConversation', { params: { id: fourth.id } })).assigneeId).toBeNull();
    expect(loads(await unresolved(org), [cid])).toEqual([0]);
  });

  it('waits for an agent to come online, and hands out reopened conversations again', async () => {
    const org = await buildOrganization(server);
    await org.api.call('updateMe', { body: { availability: 'offline' } });
    const ann = await buildAgent(server, org);
    await org.api.call('updateOrganization', { body: { autoAssignment: true } });
    const v = await visitorOf(org);
    const conv = await v.start();
    await settled();
    expect((await org.api.call('getConversation', { params: { id: conv.id } })).assigneeId).toBeNull();
    await ann.api.call('updateMe', { body: { availability: 'away' } });
    await settled();
    expect((await org.api.call('getConversation', { params: { id: conv.id } })).assigneeId).toBeNull();
    await online(ann);
    await settled();
    expect((await org.api.call('getConversation', { params: { id: conv.id } })).assigneeId).toBe(ann.agent.id);

    // Resolved and unassigned, then the visitor writes again: it reopens and is handed out again.
    await ann.api.call('updateConversation', {
      params: { id: conv.id },
      body: { status: 'resolved', assigneeId: null },
    });
    await settled();
    await v.say(conv.id, 'one more thing');
    await settled();
    expect(await org.api.call('getConversation', { params: { id: conv.id } })).toMatchObject({
      status: 'open',
      assigneeId: ann.agent.id,
    });
  });

  it('gives an offline assignee’s unresolved conversations back to the queue after the grace period, with a line saying why', async () => {
    const org = await buildOrganization(server);
    await org.api.call('updateMe', { body: { availability: 'offline' } });
    const [ann, bob] = [await buildAgent(server, org), await buildAgent(server, org)];
    await online(ann);
    await org.api.call('updateOrganization', { body: { autoAssignment: true, reassignOfflineAfterMinutes: 5 } });
    const v = await visitorOf(org);
    const [c1, c2] = [await v.start(), await v.start()];
    await settled();
    const assignee = async (id: string) => (await org.api.call('getConversation', { params: { id } })).assigneeId;
    expect([await assignee(c1.id), await assignee(c2.id)]).toEqual([ann.agent.id, ann.agent.id]);
    await ann.api.call('updateConversation', { params: { id: c2.id }, body: { status: 'resolved' } });

    await ann.api.call('updateMe', { body: { availability: 'offline' } });
    await online(bob);
    // Within the grace period: Ann keeps it.
    await server.assignment.sweep();
    expect(await assignee(c1.id)).toBe(ann.agent.id);

    // Offline for six minutes: back to the queue, then to Bob; the resolved one stays hers.
    await query(
      server.services.db,
      sql`update agents set availability_changed_at = now() - interval '6 minutes' where id = ${ann.agent.id}`,
    );
    await server.assignment.sweep();
    expect(await assignee(c1.id)).toBe(bob.agent.id);
    expect(await assignee(c2.id)).toBe(ann.agent.id);
    const lines = await systemLines(org, c1.id);
    expect(lines).toContainEqual(
      expect.objectContaining({
        action: 'assigned',
        from: ann.agent.id,
        to: null,
        reason: 'assignee_offline',
        offlineMinutes: 5,
        body: 'Unassigned automatically: the assignee is offline',
      }),
    );
    expect(lines.at(-1)).toMatchObject({ action: 'assigned', to: bob.agent.id, reason: 'auto_assigned' });

    // The setting off (null): nobody is taken back.
    await org.api.call('updateOrganization', { body: { reassignOfflineAfterMinutes: null } });
    await bob.api.call('updateMe', { body: { availability: 'offline' } });
    await query(
      server.services.db,
      sql`update agents set availability_changed_at = now() - interval '1 day' where id = ${bob.agent.id}`,
    );
    await server.assignment.sweep();
    expect(await assignee(c1.id)).toBe(bob.agent.id);
  });

  it('refuses bad settings', async () => {
    const org = await buildOrganization(server);
    await expectError(org.api.call('updateOrganization', { body: { reassignOfflineAfterMinutes: 0 } }), 400);
    await expectError(org.api.call('updateAgent', { params: { id: org.agent.id }, body: { capacity: -1 } }), 400);
    await expectError(org.api.call('updateAgent', { params: { id: org.agent.id }, body: {} }), 400);
    // An admin may set their own capacity without touching their role.
    expect((await org.api.call('updateAgent', { params: { id: org.agent.id }, body: { capacity: 3 } })).capacity).toBe(
      3,
    );
  });
});
