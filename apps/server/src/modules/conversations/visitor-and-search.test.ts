import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, expectError, startTestServer, type TestServer } from '../../../test/helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

let n = 0;
async function conversationOf(widgetKey: string, label: { name?: string; email?: string }, body = 'hello') {
  const session = await server.client().call('createWidgetSession', { body: { widgetKey, ...label } });
  const api = server.client(session.sessionToken);
  const conv = await api.call('startConversation', {
    body: { clientId: `conv-search-${n++}`, message: { clientId: `msg-search-${n++}`, body } },
  });
  return { session, api, conv };
}

describe('getVisitor: the side panel of a conversation', () => {
  it('answers labels, first and last seen, the user agent and their conversations, newest first', async () => {
    const org = await buildOrganization(server);
    const v = await conversationOf(org.organization.widgetKey, { name: 'Vera', email: 'vera@example.com' });
    const second = await v.api.call('startConversation', {
      body: { clientId: `conv-search-${n++}`, message: { clientId: `msg-search-${n++}`, body: 'again' } },
    });
    const detail = await org.api.call('getVisitor', { params: { id: v.session.visitorId } });
    expect(detail).toMatchObject({ id: v.session.visitorId, name: 'Vera', email: 'vera@example.com' });
    expect(Date.parse(detail.firstSeenAt)).toBeLessThanOrEqual(Date.parse(detail.lastSeenAt));
    expect(detail.userAgent).toEqual(expect.any(String));
    expect(detail.conversations.map((c) => c.id)).toEqual([second.id, v.conv.id]);
    expect(detail.conversations[0]).toMatchObject({ status: 'open', lastMessagePreview: 'again' });
  });

  it("is NOT_FOUND for another organization's visitor and for an unknown id", async () => {
    const a = await buildOrganization(server);
    const b = await buildOrganization(server);
    const v = await conversationOf(a.organization.widgetKey, {});
    await expectError(b.api.call('getVisitor', { params: { id: v.session.visitorId } }), 404, 'NOT_FOUND');
    await expectError(
      a.api.call('getVisitor', { params: { id: '00000000-0000-4000-8000-000000000000' } }),
      404,
      'NOT_FOUND',
    );
  });
});

describe('listConversations: q and unresolved', () => {
  it('finds by a case-insensitive prefix of subject, visitor name or email, or by number', async () => {
    const org = await buildOrganization(server);
    const key = org.organization.widgetKey;
    const ann = await conversationOf(key, { name: 'Ann Smith', email: 'ann@shop.example' });
    const bob = await conversationOf(key, { name: 'Bob', email: 'robert@corp.example' });
    const eve = await conversationOf(key, { name: 'Eve' });
    await org.api.call('updateConversation', { params: { id: eve.conv.id }, body: { subject: 'Refund request' } });
    const ids = async (q: string) =>
      (await org.api.call('listConversations', { query: { q } })).conversations.map((c) => c.id);

    expect(await ids('ann')).toEqual([ann.conv.id]);
    expect(await ids('ROBERT@')).toEqual([bob.conv.id]);
    expect(await ids('refund')).toEqual([eve.conv.id]);
    expect(await ids('#2')).toEqual([bob.conv.id]);
    expect(await ids('3')).toEqual([eve.conv.id]);
    expect(await ids('smith')).toEqual([]); // a prefix, not a substring
    // LIKE wildcards are text, not patterns.
    expect(await ids('%')).toEqual([]);
    expect(await ids('_')).toEqual([]);
  });

  it('pages a search with the keyset cursor like any list', async () => {
    const org = await buildOrganization(server);
    for (let i = 0; i < 5; i++) await conversationOf(org.organization.widgetKey, { name: `Paula ${i}` });
    await conversationOf(org.organization.widgetKey, { name: 'Quentin' });
    const first = await org.api.call('listConversations', { query: { q: 'paula', limit: 3 } });
    expect(first.conversations).toHaveLength(3);
    const rest = await org.api.call('listConversations', {
      query: { q: 'paula', limit: 3, cursor: first.nextCursor! },
    });
    expect(rest.conversations).toHaveLength(2);
    expect(rest.nextCursor).toBeNull();
    const names = [...first.conversations, ...rest.conversations].map((c) => c.visitor.name);
    expect(new Set(names).size).toBe(5);
  });

  it('status=unresolved leaves out resolved conversations, as the view counts do', async () => {
    const org = await buildOrganization(server);
    const a = await conversationOf(org.organization.widgetKey, {});
    const b = await conversationOf(org.organization.widgetKey, {});
    await org.api.call('updateConversation', { params: { id: a.conv.id }, body: { status: 'resolved' } });
    const list = await org.api.call('listConversations', { query: { view: 'all', status: 'unresolved' } });
    expect(list.conversations.map((c) => c.id)).toEqual([b.conv.id]);
    const counts = await org.api.call('countConversations');
    expect(counts.all).toBe(1);
  });
});
