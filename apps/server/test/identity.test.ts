/**
 * Verified visitor identity (issue 19), through the public API, real sockets and PostgreSQL: a signed user id is one
 * visitor on every device, nothing else opens it, rotation stops old hashes, "require verified identity" refuses
 * anonymous visitors, and custom attributes are validated, shown to agents, exported and erased.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, buildOrganization, expectError, startTestServer, statusOf, type TestServer } from './helpers.js';
import { follow } from './sockets.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const sign = (secret: string, userId: string) => createHmac('sha256', secret).update(userId).digest('hex');
let n = 0;
const id = () => `id-test-${Date.now().toString(36)}-${n++}`;

async function orgWithSecret() {
  const org = await buildOrganization(server);
  const { identitySecret } = await org.api.call('createIdentitySecret');
  return { org, secret: identitySecret, widgetKey: org.organization.widgetKey };
}
const session = (body: Record<string, unknown>) => server.client().call('createWidgetSession', { body: body as never });

describe('the identity secret', () => {
  it('is created and rotated by an admin (200 each time), shown on the organization as present, and audited', async () => {
    const org = await buildOrganization(server);
    expect((await org.api.call('getOrganization')).hasIdentitySecret).toBe(false);
    const first = await org.api.call('createIdentitySecret');
    const second = await org.api.call('createIdentitySecret');
    expect(first.identitySecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second.identitySecret).not.toBe(first.identitySecret);
    const got = await org.api.call('getOrganization');
    expect(got.hasIdentitySecret).toBe(true);
    expect(JSON.stringify(got)).not.toContain(second.identitySecret);
    const { entries } = await org.api.call('listAuditLog', { query: {} });
    const rotations = entries.filter((e) => e.action === 'organization.identity_secret_rotated');
    expect(rotations.map((e) => e.details.isFirst)).toEqual([false, true]);
  });

  it('is refused to a manager, an agent, a visitor, anonymous callers and tokens without settings:write', async () => {
    const org = await buildOrganization(server);
    const manager = await buildAgent(server, org, 'manager');
    const agent = await buildAgent(server, org, 'agent');
    await expectError(manager.api.call('createIdentitySecret'), 403, 'FORBIDDEN');
    await expectError(agent.api.call('createIdentitySecret'), 403, 'FORBIDDEN');
    await expectError(server.client().call('createIdentitySecret'), 401);
    const v = await session({ widgetKey: org.organization.widgetKey });
    await expectError(server.client(v.sessionToken).call('createIdentitySecret'), 401);
    const readOnly = await org.api.call('createApiToken', { body: { name: 'r', scopes: ['settings:read'] } });
    await expectError(server.client(readOnly.token).call('createIdentitySecret'), 403, 'INSUFFICIENT_SCOPE');
    const writer = await org.api.call('createApiToken', { body: { name: 'w', scopes: ['settings:write'] } });
    expect((await server.client(writer.token).call('createIdentitySecret')).identitySecret).toBeTruthy();
  });

  it("another organization's rotation leaves this one's secret working", async () => {
    const a = await orgWithSecret();
    const b = await buildOrganization(server);
    await b.api.call('createIdentitySecret');
    const userId = id();
    const s = await session({ widgetKey: a.widgetKey, userId, userHash: sign(a.secret, userId) });
    expect(s.visitor.userId).toBe(userId);
  });
});

describe('a signed user id', () => {
  it('is accepted and is the same visitor on a second device, which sees the history and the live reply', async () => {
    const { org, secret, widgetKey } = await orgWithSecret();
    const userId = `user-${id()}`;
    const userHash = sign(secret, userId);
    const first = await session({ widgetKey, userId, userHash, name: 'Ada' });
    expect(first.visitor).toMatchObject({ userId, name: 'Ada' });
    const phone = server.client(first.sessionToken);
    const conv = await phone.call('startConversation', {
      body: { clientId: id(), message: { clientId: id(), body: 'written on the phone' } },
    });

    const second = await session({ widgetKey, userId, userHash });
    expect(second.visitorId).toBe(first.visitorId);
    expect(second.sessionToken).not.toBe(first.sessionToken);
    expect(second.isResumed).toBe(true);
    const laptop = server.client(second.sessionToken);
    expect((await laptop.call('listVisitorConversations')).conversations.map((c) => c.id)).toEqual([conv.id]);
    const history = await laptop.call('listVisitorMessages', { params: { id: conv.id }, query: {} });
    expect(history.messages.map((m) => m.body)).toContain('written on the phone');

    const phoneSocket = follow(server.baseUrl, '/visitor', { sessionToken: first.sessionToken });
    const laptopSocket = follow(server.baseUrl, '/visitor', { sessionToken: second.sessionToken });
    await Promise.all([phoneSocket.ready(), laptopSocket.ready()]);
    await org.api.call('sendMessage', { params: { id: conv.id }, body: { clientId: id(), body: 'agent reply' } });
    await expect
      .poll(() => laptopSocket.received.some((e) => e.event === 'message.created' && e.data.body === 'agent reply'))
      .toBe(true);
    await expect
      .poll(() => phoneSocket.received.some((e) => e.event === 'message.created' && e.data.body === 'agent reply'))
      .toBe(true);
    phoneSocket.socket.disconnect();
    laptopSocket.socket.disconnect();

    const detail = await org.api.call('getVisitor', { params: { id: first.visitorId } });
    expect(detail.userId).toBe(userId);
  });

  it('is refused when wrong, missing, malformed or signed for another user, and nothing is created', async () => {
    const { org, secret, widgetKey } = await orgWithSecret();
    const alice = `alice-${id()}`;
    const bob = `bob-${id()}`;
    const aliceSession = await session({ widgetKey, userId: alice, userHash: sign(secret, alice) });
    await server
      .client(aliceSession.sessionToken)
      .call('startConversation', { body: { clientId: id(), message: { clientId: id(), body: 'alice only' } } });
    const before = await org.api.call('listConversations', { query: {} });
    const refused = [
      { userId: bob, userHash: sign(secret, alice) }, // Alice's hash for Bob
      { userId: alice, userHash: sign('not the secret', alice) }, // wrong
      { userId: alice }, // missing
      { userHash: sign(secret, alice) }, // hash without a user id
      { userId: alice, userHash: sign(secret, alice).toUpperCase() }, // not lowercase hex
      { userId: alice, userHash: 'zz' }, // malformed
      { userId: alice, userHash: `${sign(secret, alice)}00` }, // too long
    ];
    for (const claim of refused) await expectError(session({ widgetKey, ...claim }), 403, 'IDENTITY_INVALID');
    // Claiming Alice's email opens nothing of hers.
    const eve = await session({ widgetKey, email: 'alice@example.com' });
    expect(eve.visitorId).not.toBe(aliceSession.visitorId);
    expect((await server.client(eve.sessionToken).call('listVisitorConversations')).conversations).toEqual([]);
    const after = await org.api.call('listConversations', { query: {} });
    expect(after.conversations.length).toBe(before.conversations.length);
    // Only Eve's anonymous visitor came to be: a refused claim made no visitor (Bob has none).
    const bobFirst = await session({ widgetKey, userId: bob, userHash: sign(secret, bob) });
    expect(bobFirst.isResumed).toBe(false);
  });

  it('gives devices that start at the same moment the one visitor', async () => {
    const { secret, widgetKey } = await orgWithSecret();
    const userId = id();
    const userHash = sign(secret, userId);
    const sessions = await Promise.all(Array.from({ length: 6 }, () => session({ widgetKey, userId, userHash })));
    expect(new Set(sessions.map((s) => s.visitorId)).size).toBe(1);
    expect(new Set(sessions.map((s) => s.sessionToken)).size).toBe(6);
  });

  it('is refused by an organization without a secret', async () => {
    const org = await buildOrganization(server);
    await expectError(
      session({ widgetKey: org.organization.widgetKey, userId: 'u1', userHash: sign('guess', 'u1') }),
      403,
      'IDENTITY_INVALID',
    );
  });

  it('stops working at once when the secret is rotated; a session made before keeps working', async () => {
    const { org, secret, widgetKey } = await orgWithSecret();
    const userId = id();
    const old = await session({ widgetKey, userId, userHash: sign(secret, userId) });
    const { identitySecret } = await org.api.call('createIdentitySecret');
    await expectError(session({ widgetKey, userId, userHash: sign(secret, userId) }), 403, 'IDENTITY_INVALID');
    expect((await server.client(old.sessionToken).call('listVisitorConversations')).conversations).toEqual([]);
    const fresh = await session({ widgetKey, userId, userHash: sign(identitySecret, userId) });
    expect(fresh.visitorId).toBe(old.visitorId);
  });
});

describe('an anonymous visitor who identifies', () => {
  it('becomes the verified visitor when the user has none yet (same token, same conversations)', async () => {
    const { secret, widgetKey } = await orgWithSecret();
    const anon = await session({ widgetKey });
    const conv = await server.client(anon.sessionToken).call('startConversation', { body: { clientId: id() } });
    const userId = id();
    const s = await session({ widgetKey, sessionToken: anon.sessionToken, userId, userHash: sign(secret, userId) });
    expect(s).toMatchObject({ visitorId: anon.visitorId, sessionToken: anon.sessionToken, isResumed: true });
    expect((await server.client(s.sessionToken).call('listVisitorConversations')).conversations[0]!.id).toBe(conv.id);
  });

  it("is merged into the user's verified visitor: conversations move, the other device hears it live, audited", async () => {
    const { org, secret, widgetKey } = await orgWithSecret();
    const userId = id();
    const userHash = sign(secret, userId);
    const known = await session({ widgetKey, userId, userHash });
    const knownSocket = follow(server.baseUrl, '/visitor', { sessionToken: known.sessionToken });
    await knownSocket.ready();
    const anon = await session({ widgetKey, name: 'Guest' });
    const anonConv = await server.client(anon.sessionToken).call('startConversation', {
      body: { clientId: id(), message: { clientId: id(), body: 'asked before signing in' } },
    });
    const merged = await session({ widgetKey, sessionToken: anon.sessionToken, userId, userHash });
    expect(merged.visitorId).toBe(known.visitorId);
    expect(merged.sessionToken).not.toBe(anon.sessionToken);
    expect(merged.visitor.name).toBe('Guest');
    await expect(statusOf(server.client(anon.sessionToken).call('listVisitorConversations'))).resolves.toBe(401);
    const list = await server.client(merged.sessionToken).call('listVisitorConversations');
    expect(list.conversations.map((c) => c.id)).toEqual([anonConv.id]);
    const history = await server
      .client(known.sessionToken)
      .call('listVisitorMessages', { params: { id: anonConv.id }, query: {} });
    expect(history.messages[0]!.body).toBe('asked before signing in');
    await expect
      .poll(() =>
        knownSocket.received.some((e) => e.event === 'conversation.updated' && e.data.conversation.id === anonConv.id),
      )
      .toBe(true);
    knownSocket.socket.disconnect();
    expect((await org.api.call('getConversation', { params: { id: anonConv.id } })).visitor.id).toBe(known.visitorId);
    await expectError(org.api.call('getVisitor', { params: { id: anon.visitorId } }), 404);
    const { entries } = await org.api.call('listAuditLog', { query: { targetId: known.visitorId } });
    expect(entries.find((e) => e.action === 'visitor.merged')?.details).toMatchObject({
      from: anon.visitorId,
      conversations: 1,
    });
  });
});

describe('require verified identity', () => {
  it('refuses anonymous visitors (new or resumed) and lets signed ones in; needs a secret to turn on', async () => {
    const bare = await buildOrganization(server);
    await expectError(
      bare.api.call('updateOrganization', { body: { requireVerifiedIdentity: true } }),
      409,
      'CONFLICT',
    );
    const { org, secret, widgetKey } = await orgWithSecret();
    const anonBefore = await session({ widgetKey });
    const updated = await org.api.call('updateOrganization', { body: { requireVerifiedIdentity: true } });
    expect(updated.requireVerifiedIdentity).toBe(true);
    await expectError(session({ widgetKey }), 403, 'IDENTITY_REQUIRED');
    await expectError(session({ widgetKey, sessionToken: anonBefore.sessionToken }), 403, 'IDENTITY_REQUIRED');
    const userId = id();
    const signed = await session({ widgetKey, userId, userHash: sign(secret, userId) });
    // A verified visitor's own session resumes without the hash again.
    const resumed = await session({ widgetKey, sessionToken: signed.sessionToken });
    expect(resumed).toMatchObject({ visitorId: signed.visitorId, isResumed: true });
    const { entries } = await org.api.call('listAuditLog', { query: {} });
    expect(entries.some((e) => e.action === 'organization.verified_identity_required')).toBe(true);
  });
});

describe('custom attributes', () => {
  it('are merged, validated, shown to agents, exported, and erased with the external user id', async () => {
    const { org, secret, widgetKey } = await orgWithSecret();
    const userId = id();
    const s = await session({ widgetKey, userId, userHash: sign(secret, userId) });
    const api = server.client(s.sessionToken);
    await api.call('identifyVisitor', { body: { attributes: { plan: 'pro', seats: 3, trial: false } } });
    await api.call('identifyVisitor', { body: { attributes: { seats: 5, trial: null } } });
    for (const bad of [
      { 'bad key': 'x' },
      { plan: 'x'.repeat(501) },
      { nested: { a: 1 } },
      Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])),
    ])
      await expectError(api.call('identifyVisitor', { body: { attributes: bad as never } }), 400, 'VALIDATION_FAILED');
    // Over the total: 45 keys of 450 characters each exceed 4 KB once merged; refused whole.
    const big = Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`big${i}`, 'y'.repeat(450)]));
    await expectError(api.call('identifyVisitor', { body: { attributes: big } }), 400, 'VALIDATION_FAILED');
    const detail = await org.api.call('getVisitor', { params: { id: s.visitorId } });
    expect(detail.customAttributes).toEqual({ plan: 'pro', seats: 5 });

    const exportRes = await server.app.inject({
      method: 'GET',
      url: `/api/v1/visitors/${s.visitorId}/export`,
      headers: { authorization: `Bearer ${org.accessToken}` },
    });
    const exported = JSON.parse(exportRes.body);
    expect(exported.visitor).toMatchObject({ userId, customAttributes: { plan: 'pro', seats: 5 } });

    await org.api.call('eraseVisitor', { params: { id: s.visitorId } });
    const erased = await org.api.call('getVisitor', { params: { id: s.visitorId } });
    expect(erased).toMatchObject({ userId: null, customAttributes: {} });
    // The user starts over as a new visitor: nothing of the erased one comes back.
    const again = await session({ widgetKey, userId, userHash: sign(secret, userId) });
    expect(again.visitorId).not.toBe(s.visitorId);
  });
});
