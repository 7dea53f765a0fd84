import { API_SCOPES } from '@oceras/protocol';
import { sql } from 'drizzle-orm';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, buildOrganization, expectError, startTestServer, type TestServer } from '../../../test/helpers.js';
import { until } from '../../../test/webhook-receiver.js';
import { query } from '../../db/client.js';

let server: TestServer;
let org: Awaited<ReturnType<typeof buildOrganization>>;
let n = 0;
const id = () => `tok-${Date.now().toString(36)}-${n++}`;

beforeAll(async () => {
  server = await startTestServer({ API_TOKEN_RATE_LIMIT_PER_MINUTE: '40' });
  org = await buildOrganization(server);
});
afterAll(async () => {
  await server?.close();
});

async function conversation() {
  const s = await server.client().call('createWidgetSession', { body: { widgetKey: org.organization.widgetKey } });
  return server.client(s.sessionToken).call('startConversation', {
    body: { clientId: id(), message: { clientId: id(), body: 'hi' } },
  });
}

describe('API tokens', () => {
  it('answers the token once, keeps only its hash, and lists it without the secret', async () => {
    const created = await org.api.call('createApiToken', {
      body: { name: 'CRM sync', scopes: ['conversations:read', 'messages:write'] },
    });
    expect(created.token).toMatch(/^oce_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({
      name: 'CRM sync',
      kind: 'personal',
      prefix: created.token.slice(0, 12),
      creator: { id: org.agent.id, name: org.agent.name },
      expiresAt: null,
      lastUsedAt: null,
    });
    const { tokens } = await org.api.call('listApiTokens');
    expect(tokens.map((t) => t.id)).toContain(created.id);
    expect(JSON.stringify(tokens)).not.toContain(created.token);
    const rows = await query<{ token_hash: string }>(
      server.services.db,
      sql`select token_hash from api_tokens where id = ${created.id}`,
    );
    expect(rows[0]!.token_hash).not.toContain(created.token.slice(4));
  });

  it('works as a bearer on the routes its scopes allow (write implies read), and records its last use', async () => {
    const conv = await conversation();
    const { token, id: tokenId } = await org.api.call('createApiToken', {
      body: { name: 'writer', scopes: ['messages:write', 'conversations:read'] },
    });
    const api = server.client(token);
    expect((await api.call('getConversation', { params: { id: conv.id } })).id).toBe(conv.id);
    const sent = await api.call('sendMessage', { params: { id: conv.id }, body: { clientId: id(), body: 'by API' } });
    expect(sent.author).toMatchObject({ type: 'agent', id: org.agent.id });
    // messages:write implies messages:read.
    const page = await api.call('listMessages', { params: { id: conv.id } });
    expect(page.messages.map((m) => m.body)).toContain('by API');
    await expectError(
      api.call('updateConversation', { params: { id: conv.id }, body: { status: 'resolved' } }),
      403,
      'INSUFFICIENT_SCOPE',
    );
    await expectError(api.call('getMe'), 403, 'INSUFFICIENT_SCOPE');
    await expectError(
      api.call('changePassword', { body: { currentPassword: org.password, newPassword: 'taken over!' } }),
      403,
      'INSUFFICIENT_SCOPE',
    );
    await expectError(
      api.call('createApiToken', { body: { name: 'child', scopes: ['settings:write'] } }),
      403,
      'INSUFFICIENT_SCOPE',
    );
    const listed = (await org.api.call('listApiTokens')).tokens.find((t) => t.id === tokenId)!;
    expect(listed.lastUsedAt).not.toBeNull();
    expect(listed.lastUsedIp).toBe('127.0.0.1');
  });

  it('refuses revoked and expired tokens with 401', async () => {
    const revoked = await org.api.call('createApiToken', { body: { name: 'old', scopes: ['conversations:read'] } });
    await server.client(revoked.token).call('listConversations');
    await org.api.call('revokeApiToken', { params: { id: revoked.id } });
    await expectError(server.client(revoked.token).call('listConversations'), 401, 'UNAUTHENTICATED');
    expect((await org.api.call('listApiTokens')).tokens.map((t) => t.id)).not.toContain(revoked.id);

    const expiring = await org.api.call('createApiToken', {
      body: { name: 'brief', scopes: ['conversations:read'], expiresAt: new Date(Date.now() + 1500).toISOString() },
    });
    await server.client(expiring.token).call('listConversations');
    await until(() => Date.now() > Date.parse(expiring.expiresAt!), 5000);
    await expectError(server.client(expiring.token).call('listConversations'), 401, 'TOKEN_EXPIRED');
    await expectError(
      org.api.call('createApiToken', {
        body: { name: 'past', scopes: ['conversations:read'], expiresAt: '2020-01-01T00:00:00Z' },
      }),
      400,
      'VALIDATION_FAILED',
    );
    await expectError(server.client('oce_not-a-token-at-all-000000').call('listConversations'), 401);
  });

  it("bounds a token by its creator's role: an agent's personal token cannot do admin things", async () => {
    const agent = await buildAgent(server, org, 'agent');
    await expectError(
      agent.api.call('createApiToken', { body: { name: 'org', scopes: ['settings:write'], kind: 'organization' } }),
      403,
      'FORBIDDEN',
    );
    const mine = await agent.api.call('createApiToken', { body: { name: 'mine', scopes: [...API_SCOPES] } });
    const api = server.client(mine.token);
    await api.call('listConversations');
    await expectError(api.call('updateOrganization', { body: { name: 'Taken over' } }), 403, 'FORBIDDEN');
    await expectError(api.call('listAuditLog'), 403, 'FORBIDDEN');
    // The agent sees only their own; the admin sees everyone's and revokes any.
    const orgToken = await org.api.call('createApiToken', {
      body: { name: 'integration', scopes: ['settings:read'], kind: 'organization' },
    });
    expect((await server.client(orgToken.token).call('listAgents')).agents.length).toBeGreaterThan(1);
    const seenByAgent = (await agent.api.call('listApiTokens')).tokens.map((t) => t.id);
    expect(seenByAgent).toEqual([mine.id]);
    await expectError(agent.api.call('revokeApiToken', { params: { id: orgToken.id } }), 404, 'NOT_FOUND');
    expect((await org.api.call('listApiTokens')).tokens.map((t) => t.id)).toContain(mine.id);
    await org.api.call('revokeApiToken', { params: { id: mine.id } });
    await expectError(api.call('listConversations'), 401);

    // A removed creator's tokens stop.
    const other = await buildAgent(server, org, 'agent');
    const theirs = await other.api.call('createApiToken', { body: { name: 'x', scopes: ['conversations:read'] } });
    await server.client(theirs.token).call('listConversations');
    await org.api.call('removeAgent', { params: { id: other.agent.id } });
    await expectError(server.client(theirs.token).call('listConversations'), 401);
  });

  it('has a rate limit of its own, whatever the address', async () => {
    const { token } = await org.api.call('createApiToken', { body: { name: 'busy', scopes: ['conversations:read'] } });
    const codes: number[] = [];
    for (let i = 0; i < 42; i++) {
      const res = await server.app.inject({
        method: 'GET',
        url: '/api/v1/conversations/counts',
        remoteAddress: `10.9.0.${i}`,
        headers: { authorization: `Bearer ${token}` },
      });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 40).every((c) => c === 200)).toBe(true);
    expect(codes.slice(40)).toEqual([429, 429]);
  });
});

describe('the agent socket with a token', () => {
  it('follows the organization with conversations:read; writes need their scope; revocation closes it', async () => {
    const reader = await org.api.call('createApiToken', { body: { name: 'reader', scopes: ['conversations:read'] } });
    const s = io(`${server.baseUrl}/agent`, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token: reader.token },
    });
    await new Promise((r) => s.once('session.ready', r));
    const created = new Promise<{ data: { id: string } }>((r) => s.once('conversation.created', r));
    const conv = await conversation();
    expect((await created).data.id).toBe(conv.id);
    const ack = await s.emitWithAck('message.send', { conversationId: conv.id, clientId: id(), body: 'no' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_SCOPE' } });
    const closed = new Promise((r) => s.once('disconnect', r));
    await org.api.call('revokeApiToken', { params: { id: reader.id } });
    await closed;

    const writer = await org.api.call('createApiToken', {
      body: { name: 'writer', scopes: ['conversations:read', 'messages:write'] },
    });
    const w = io(`${server.baseUrl}/agent`, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token: writer.token },
    });
    await new Promise((r) => w.once('session.ready', r));
    const sent = await w.emitWithAck('message.send', { conversationId: conv.id, clientId: id(), body: 'yes' });
    expect(sent).toMatchObject({ ok: true, data: { body: 'yes' } });
    w.disconnect();

    const blind = await org.api.call('createApiToken', { body: { name: 'blind', scopes: ['messages:write'] } });
    const b = io(`${server.baseUrl}/agent`, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token: blind.token },
    });
    const err = await new Promise<Error & { data?: { code: string } }>((r) => b.once('connect_error', r));
    expect(err.data?.code).toBe('INSUFFICIENT_SCOPE');
    b.disconnect();
  });
});

describe('the audit log', () => {
  it('records who created and revoked a token and what it may do, never its name or secret', async () => {
    const created = await org.api.call('createApiToken', {
      body: { name: 'Secret project Ada', scopes: ['reports:read'], expiresAt: '2031-01-01T00:00:00.000Z' },
    });
    await org.api.call('revokeApiToken', { params: { id: created.id } });
    const { entries } = await org.api.call('listAuditLog', { query: { targetId: created.id } });
    expect(entries.map((e) => [e.action, e.actor.id, e.target, e.details])).toEqual([
      ['api_token.revoked', org.agent.id, { type: 'api_token', id: created.id }, { kind: 'personal' }],
      [
        'api_token.created',
        org.agent.id,
        { type: 'api_token', id: created.id },
        { kind: 'personal', scopes: ['reports:read'], expiresAt: '2031-01-01T00:00:00.000Z' },
      ],
    ]);
    expect(JSON.stringify(entries)).not.toContain('Secret project');
    expect(JSON.stringify(entries)).not.toContain(created.token.slice(4));
  });

  it('a token revoked by another admin is recorded as theirs, and a refused revocation records nothing', async () => {
    const colleague = await buildAgent(server, org, 'agent');
    const theirs = await colleague.api.call('createApiToken', {
      body: { name: 'mine', scopes: ['conversations:read'] },
    });
    const otherAgent = await buildAgent(server, org, 'agent');
    await expectError(otherAgent.api.call('revokeApiToken', { params: { id: theirs.id } }), 404, 'NOT_FOUND');
    await org.api.call('revokeApiToken', { params: { id: theirs.id } });
    const { entries } = await org.api.call('listAuditLog', { query: { targetId: theirs.id } });
    expect(entries.map((e) => [e.action, e.actor.id])).toEqual([
      ['api_token.revoked', org.agent.id],
      ['api_token.created', colleague.agent.id],
    ]);
  });
});
