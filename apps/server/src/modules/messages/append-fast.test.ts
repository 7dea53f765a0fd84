import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, expectError, startTestServer, type TestServer, visitor } from '../../../test/helpers.js';
import { follow } from '../../../test/sockets.js';
import { query } from '../../db/client.js';

// Sending a message has two paths: one statement for the common case (append-fast.ts) and the transactional
// path for the rest. Whatever path a message takes, clients must see the same shapes and the same state.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function scene() {
  const org = await buildOrganization(server);
  const invite = await org.api.call('createInvitation', { body: { email: `bo-${randomUUID()}@example.com` } });
  const bo = await server.client().call('acceptInvitation', {
    body: { token: invite.inviteUrl!.split('#token=')[1]!, name: 'Bo Agent', password: 'correct horse battery' },
  });
  const session = await server.client().call('createWidgetSession', {
    body: { widgetKey: org.organization.widgetKey, name: 'Vera Visitor' },
  });
  const visitor = server.client(session.sessionToken);
  // Replies here take the one statement; a reply that assigns the conversation to its author takes the full path
  // (assign-on-reply.test.ts).
  await org.api.call('updateOrganization', { body: { autoAssignOnReply: false } });
  const conv = await visitor.call('startConversation', { body: { clientId: randomUUID() } });
  const agentSocket = follow(server.baseUrl, '/agent', { token: org.accessToken });
  const visitorSocket = follow(server.baseUrl, '/visitor', { sessionToken: session.sessionToken });
  await Promise.all([agentSocket.ready(), visitorSocket.ready()]);
  return { org, bo: { ...bo, api: server.client(bo.accessToken) }, visitor, conv, agentSocket, visitorSocket };
}
const created = (f: ReturnType<typeof follow>) => f.received.filter((r) => r.event === 'message.created');

describe('the one-statement send path', () => {
  it('R1, R2: stores, announces and answers exactly what the REST history shows, for visitors, replies and notes', async () => {
    const s = await scene();
    const fromVisitor = await s.visitor.call('sendVisitorMessage', {
      params: { id: s.conv.id },
      body: { clientId: randomUUID(), body: 'Hello <b>there</b>' },
    });
    const reply = await s.bo.api.call('sendMessage', {
      params: { id: s.conv.id },
      body: { clientId: randomUUID(), body: 'Hi Vera, Bo here' },
    });
    const note = await s.bo.api.call('sendMessage', {
      params: { id: s.conv.id },
      body: { clientId: randomUUID(), body: 'internal: VIP', type: 'note' },
    });
    await expect
      .poll(() => created(s.agentSocket).length === 3 && created(s.visitorSocket).length === 2, {
        timeout: 5000,
        interval: 20,
      })
      .toBeTruthy();

    const history = await s.org.api.call('listMessages', { params: { id: s.conv.id } });
    const stored = history.messages.filter((m) => m.type !== 'system');
    expect(stored).toEqual([fromVisitor, reply, note]);
    expect(created(s.agentSocket).map((r) => r.data)).toEqual(stored);
    expect(fromVisitor.author).toMatchObject({ type: 'visitor', name: 'Vera Visitor', avatarUrl: null });
    expect(reply.author).toMatchObject({ type: 'agent', id: s.bo.agent.id, name: 'Bo Agent' });

    // The visitor's view: no note, no agent id, the same as the visitor's REST history.
    const visitorHistory = await s.visitor.call('listVisitorMessages', { params: { id: s.conv.id } });
    expect(created(s.visitorSocket).map((r) => r.data)).toEqual(
      visitorHistory.messages.filter((m) => m.type !== 'system'),
    );
    expect(created(s.visitorSocket)[1]!.data.author).toEqual({
      type: 'agent',
      id: null,
      name: 'Bo Agent',
      avatarUrl: null,
    });

    // Conversation state as the transactional path keeps it.
    const conv = await s.org.api.call('getConversation', { params: { id: s.conv.id } });
    const lastSeq = Math.max(...s.agentSocket.received.map((r) => r.seq));
    expect(conv).toMatchObject({ waitingSince: null, lastMessagePreview: 'internal: VIP', version: lastSeq });
    expect(conv.firstReplyAt).not.toBeNull();
    const asBo = await s.bo.api.call('getConversation', { params: { id: s.conv.id } });
    expect(asBo.unreadCount).toBe(0);
    for (const f of [s.agentSocket, s.visitorSocket]) f.socket.disconnect();
  });

  it('R8: leaves the rare cases to the full path: repeats, reopening, a colleague’s conversation, a stranger', async () => {
    const s = await scene();
    const clientId = randomUUID();
    const first = await s.visitor.call('sendVisitorMessage', {
      params: { id: s.conv.id },
      body: { clientId, body: 'once' },
    });
    const again = await s.visitor.call('sendVisitorMessage', {
      params: { id: s.conv.id },
      body: { clientId, body: 'once' },
    });
    expect(again).toEqual(first);

    // Resolved, then the visitor writes: reopened, with the same message shape as the fast path's.
    await s.org.api.call('updateConversation', { params: { id: s.conv.id }, body: { status: 'resolved' } });
    const reopening = await s.visitor.call('sendVisitorMessage', {
      params: { id: s.conv.id },
      body: { clientId: randomUUID(), body: 'me again' },
    });
    expect(Object.keys(reopening).sort()).toEqual(Object.keys(first).sort());
    expect(reopening.author).toEqual(first.author);
    expect((await s.org.api.call('getConversation', { params: { id: s.conv.id } })).status).toBe('open');

    // Assigned to the admin: the agent Bo may add a note but not reply.
    await s.org.api.call('updateConversation', { params: { id: s.conv.id }, body: { assigneeId: s.org.agent.id } });
    await expectError(
      s.bo.api.call('sendMessage', { params: { id: s.conv.id }, body: { clientId: randomUUID(), body: 'mine?' } }),
      403,
    );
    await s.bo.api.call('sendMessage', {
      params: { id: s.conv.id },
      body: { clientId: randomUUID(), body: 'noted', type: 'note' },
    });
    // Another organization's admin and another visitor find nothing.
    const other = await buildOrganization(server);
    await expectError(
      other.api.call('sendMessage', { params: { id: s.conv.id }, body: { clientId: randomUUID(), body: 'x' } }),
      404,
    );
    const stranger = await server
      .client()
      .call('createWidgetSession', { body: { widgetKey: s.org.organization.widgetKey } });
    await expectError(
      server
        .client(stranger.sessionToken)
        .call('sendVisitorMessage', { params: { id: s.conv.id }, body: { clientId: randomUUID(), body: 'x' } }),
      404,
    );
    // Every event once, in order, no hole.
    const bodies = () =>
      created(s.agentSocket)
        .filter((r) => r.data.type !== 'system')
        .map((r) => r.data.body);
    await expect.poll(() => bodies().length === 3, { timeout: 5000, interval: 20 }).toBeTruthy();
    expect(bodies()).toEqual(['once', 'me again', 'noted']);
    const seqs = s.agentSocket.received.map((r) => r.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    for (const f of [s.agentSocket, s.visitorSocket]) f.socket.disconnect();
  });

  it('stores visitors’ messages that arrive together in shared statements: each once, in order, as REST shows', async () => {
    const org = await buildOrganization(server);
    const agent = follow(server.baseUrl, '/agent', { token: org.accessToken });
    await agent.ready();
    const visitors = await Promise.all(
      Array.from({ length: 24 }, (_, i) => visitor(server, org.organization.widgetKey, { name: `V${i}` })),
    );
    const convs = await Promise.all(visitors.map((v, i) => v.start(`hello from ${i}`)));
    // One conversation is resolved: its first message, in the middle of a burst, reopens it by the full path.
    await org.api.call('updateConversation', { params: { id: convs[5]!.id }, body: { status: 'resolved' } });
    const firstSeq = agent.lastSeq()! + 1;

    // Every visitor sends three messages, one after the other as the widget does, all visitors at once; one
    // visitor also sends a client id twice at the same moment.
    const repeated = randomUUID();
    const twice = () =>
      visitors[7]!.api.call('sendVisitorMessage', {
        params: { id: convs[7]!.id },
        body: { clientId: repeated, body: 'twice' },
      });
    const [answers] = await Promise.all([
      Promise.all([twice(), twice()]),
      ...visitors.map(async (v, i) => {
        for (const k of [1, 2, 3]) await v.say(convs[i]!.id, `${i}.${k}`);
      }),
    ]);
    expect(answers[0]).toEqual(answers[1]);
    const fresh = () => agent.received.filter((r) => r.seq >= firstSeq && r.event === 'message.created');
    await expect
      .poll(() => fresh().length === 24 * 3 + 1, {
        timeout: 10_000,
        interval: 20,
        message: 'every message on the agent socket',
      })
      .toBeTruthy();

    // The agent stream has no hole and no repeat, and each conversation's messages keep their sending order,
    // with the same shapes and sequences as the REST history, and the conversation's version is its newest event.
    const seqs = agent.received.map((r) => r.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    for (const [i, conv] of convs.entries()) {
      const live = fresh().filter((r) => r.data.conversationId === conv.id && r.data.type !== 'system');
      expect(live.map((r) => r.data.body).filter((b) => b !== 'twice')).toEqual([`${i}.1`, `${i}.2`, `${i}.3`]);
      const history = await org.api.call('listMessages', { params: { id: conv.id } });
      const stored = history.messages.filter((m) => m.type !== 'system').slice(1);
      expect(stored).toEqual(live.map((r) => r.data));
      const state = await org.api.call('getConversation', { params: { id: conv.id } });
      const [newest] = await query<{ seq: string }>(
        server.database.db,
        sql`select max(seq) as seq from events where conversation_id = ${conv.id}`,
      );
      expect(state).toMatchObject({
        status: 'open',
        lastMessagePreview: stored.at(-1)!.body,
        version: Number(newest!.seq),
      });
    }
    // Each visitor saw its own messages on its socket, with its name, in order.
    for (const [i, v] of visitors.entries()) {
      const own = () => v.received.filter((r) => r.event === 'message.created' && r.data.type !== 'system');
      await expect.poll(() => own().length === (i === 7 ? 5 : 4), { timeout: 5000, interval: 20 }).toBeTruthy();
      expect(
        own()
          .map((r) => r.data.body)
          .filter((b) => b !== 'twice'),
      ).toEqual([`hello from ${i}`, `${i}.1`, `${i}.2`, `${i}.3`]);
      expect(own().every((r) => r.data.author.name === `V${i}`)).toBe(true);
      v.close();
    }
    // And they were group-committed: fewer transactions than messages (the rows of one transaction share xmin).
    const [count] = await query<{ messages: number; transactions: number }>(
      server.database.db,
      sql`select count(*)::int as messages, count(distinct xmin::text)::int as transactions
          from events where organization_id = ${org.organization.id} and type = 'message.created'
            and payload->>'type' <> 'system' and seq >= ${firstSeq}`,
    );
    expect(count!.messages).toBe(24 * 3 + 1);
    expect(count!.transactions).toBeLessThan(count!.messages);
    agent.socket.disconnect();
  });
});
