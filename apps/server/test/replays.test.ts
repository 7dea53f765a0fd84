/**
 * Creates keyed by the caller's clientId (`replayable` in the route table): the first call answers 201, the same
 * one again 200 with the same body and writes nothing, so a client that lost the answer can retry safely.
 */
import { ROUTES } from '@oceras/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
let org: Awaited<ReturnType<typeof buildOrganization>>;
beforeAll(async () => {
  server = await startTestServer();
  org = await buildOrganization(server);
  await org.api.call('updateOrganization', { body: { autoAssignOnReply: false } });
});
afterAll(() => server?.close());

const post = async (path: string, token: string, body: unknown) => {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};
/** The same call twice: both answers, and the second must be the first's body. */
const twice = async (path: string, token: string, body: unknown) => {
  const first = await post(path, token, body);
  const again = await post(path, token, body);
  return { first, again };
};

describe('a create sent twice with one clientId', () => {
  it('starts a conversation once: 201, then 200 with the same conversation', async () => {
    const s = await server.client().call('createWidgetSession', { body: { widgetKey: org.organization.widgetKey } });
    const body = { clientId: 'replay-conv-1', message: { clientId: 'replay-msg-1', body: 'first words' } };
    const { first, again } = await twice('/api/v1/widget/conversations', s.sessionToken, body);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.json.id).toBe(first.json.id);
    const mine = await server.client(s.sessionToken).call('listVisitorConversations');
    expect(mine.conversations).toHaveLength(1);
  });

  it("stores a visitor's message and an agent's reply once: 201, then 200 with the same message", async () => {
    const s = await server.client().call('createWidgetSession', { body: { widgetKey: org.organization.widgetKey } });
    const conv = await server.client(s.sessionToken).call('startConversation', { body: { clientId: 'replay-conv-2' } });
    const visitorSays = await twice(`/api/v1/widget/conversations/${conv.id}/messages`, s.sessionToken, {
      clientId: 'replay-visitor-1',
      body: 'is anyone there?',
    });
    expect([visitorSays.first.status, visitorSays.again.status]).toEqual([201, 200]);
    expect(visitorSays.again.json).toEqual(visitorSays.first.json);

    const agentSays = await twice(`/api/v1/conversations/${conv.id}/messages`, org.accessToken, {
      clientId: 'replay-agent-1',
      body: 'Yes, here.',
    });
    expect([agentSays.first.status, agentSays.again.status]).toEqual([201, 200]);
    expect(agentSays.again.json).toEqual(agentSays.first.json);

    const log = await org.api.call('listMessages', { params: { id: conv.id } });
    expect(log.messages.filter((m) => m.type !== 'system').map((m) => m.body)).toEqual([
      'is anyone there?',
      'Yes, here.',
    ]);
  });

  it('is documented: the replayable routes answer 201 and 200 in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${server.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const replayable = Object.entries(ROUTES).filter(([, r]) => 'replayable' in r);
    expect(replayable.map(([n]) => n).sort()).toEqual(['sendMessage', 'sendVisitorMessage', 'startConversation']);
    for (const [name, r] of replayable) {
      const op = doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]![r.method.toLowerCase()]!;
      expect(Object.keys(op.responses), name).toEqual(expect.arrayContaining(['200', '201']));
    }
  });
});
