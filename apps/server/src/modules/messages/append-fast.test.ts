import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, expectError, startTestServer, type TestServer } from '../../../test/helpers.js';
import { follow, until } from '../../../test/sockets.js';

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
  const conv = await visitor.call('startConversation', { body: { clientId: randomUUID() } });
  const agentSocket = follow(server.baseUrl, '/agent', { token: org.accessToken });
  const visitorSocket = follow(server.baseUrl, '/visitor', { sessionToken: session.sessionToken });
  await Promise.all([agentSocket.ready(), visitorSocket.ready()]);
  return { org, bo: { ...bo, api: server.client(bo.accessToken) }, visitor, conv, agentSocket, visitorSocket };
}
const created = (f: ReturnType<typeof follow>) => f.received.filter((r) => r.event === 'message.created');

describe('the one-statement send path', () => {
  it('stores, announces and answers exactly what the REST history shows, for visitors, replies and notes', async () => {
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
    await until(() => created(s.agentSocket).length === 3 && created(s.visitorSocket).length === 2);

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

  it('leaves the rare cases to the full path: repeats, reopening, a colleague’s conversation, a stranger', async () => {
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
    await until(() => bodies().length === 3);
    expect(bodies()).toEqual(['once', 'me again', 'noted']);
    const seqs = s.agentSocket.received.map((r) => r.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    for (const f of [s.agentSocket, s.visitorSocket]) f.socket.disconnect();
  });
});
