import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, startTestServer, statusOf as status, type TestServer } from '../../../test/helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function visitorOf(widgetKey: string) {
  const session = await server
    .client()
    .call('createWidgetSession', { body: { widgetKey, name: 'Vera', email: 'vera@example.com' } });
  return { session, api: server.client(session.sessionToken) };
}

describe('a visitor and an agent talk', () => {
  it('stores messages in order, once per client id, and keeps notes from the visitor', async () => {
    const org = await buildOrganization(server);
    const v = await visitorOf(org.organization.widgetKey);
    const conv = await v.api.call('startConversation', {
      body: { clientId: 'conv-00001', message: { clientId: 'msg-00001', body: 'Hello <b>there</b>' } },
    });
    const again = await v.api.call('startConversation', { body: { clientId: 'conv-00001' } });
    expect(again.id).toBe(conv.id);

    const m2 = await v.api.call('sendVisitorMessage', {
      params: { id: conv.id },
      body: { clientId: 'msg-00002', body: 'Anyone?' },
    });
    const m2again = await v.api.call('sendVisitorMessage', {
      params: { id: conv.id },
      body: { clientId: 'msg-00002', body: 'Anyone?' },
    });
    expect(m2again.id).toBe(m2.id);

    const list = await org.api.call('listConversations', { query: { view: 'unassigned' } });
    expect(list.conversations.map((c) => c.id)).toEqual([conv.id]);
    expect(list.conversations[0]!.unreadCount).toBe(2);
    expect(list.conversations[0]!.visitor.email).toBe('vera@example.com');

    await org.api.call('sendMessage', {
      params: { id: conv.id },
      body: { clientId: 'note-0001', body: 'VIP customer', type: 'note' },
    });
    const reply = await org.api.call('sendMessage', {
      params: { id: conv.id },
      body: { clientId: 'reply-0001', body: 'Hi Vera!' },
    });
    expect(reply.seq).toBe(4);

    const agentView = await org.api.call('listMessages', { params: { id: conv.id } });
    expect(agentView.messages.map((m) => [m.seq, m.type])).toEqual([
      [1, 'message'],
      [2, 'message'],
      [3, 'note'],
      [4, 'message'],
      // The reply assigned the conversation to its author (autoAssignOnReply).
      [5, 'system'],
    ]);
    const visitorView = await v.api.call('listVisitorMessages', { params: { id: conv.id } });
    expect(visitorView.messages.map((m) => m.body)).toEqual(['Hello <b>there</b>', 'Anyone?', 'Hi Vera!']);
    expect(JSON.stringify(visitorView)).not.toContain('VIP');

    const got = await org.api.call('getConversation', { params: { id: conv.id } });
    expect(got.firstReplyAt).not.toBeNull();
    expect(got.waitingSince).toBeNull();
    expect(got.unreadCount).toBe(0);
  });

  it('follows the status state machine and reopens on a visitor message', async () => {
    const org = await buildOrganization(server);
    const v = await visitorOf(org.organization.widgetKey);
    const conv = await v.api.call('startConversation', { body: { clientId: 'conv-00002' } });
    const resolved = await org.api.call('updateConversation', {
      params: { id: conv.id },
      body: { status: 'resolved' },
    });
    expect(resolved.status).toBe('resolved');
    expect(
      await status(org.api.call('updateConversation', { params: { id: conv.id }, body: { status: 'pending' } })),
    ).toBe(409);
    await v.api.call('sendVisitorMessage', {
      params: { id: conv.id },
      body: { clientId: 'msg-00003', body: 'one more thing' },
    });
    expect((await org.api.call('getConversation', { params: { id: conv.id } })).status).toBe('open');
    // Pending waits on the visitor: their next message brings it back to open (an agent's does not).
    await org.api.call('updateConversation', { params: { id: conv.id }, body: { status: 'pending' } });
    await org.api.call('sendMessage', { params: { id: conv.id }, body: { clientId: 'msg-00004', body: 'any news?' } });
    expect((await org.api.call('getConversation', { params: { id: conv.id } })).status).toBe('pending');
    await v.api.call('sendVisitorMessage', {
      params: { id: conv.id },
      body: { clientId: 'msg-00005', body: 'here is the photo' },
    });
    expect((await org.api.call('getConversation', { params: { id: conv.id } })).status).toBe('open');
    const until = new Date(Date.now() + 3600_000).toISOString();
    const snoozed = await org.api.call('updateConversation', {
      params: { id: conv.id },
      body: { status: 'snoozed', snoozedUntil: until, tags: ['Billing', 'vip'], priority: 'high' },
    });
    expect(snoozed).toMatchObject({ status: 'snoozed', tags: ['billing', 'vip'], priority: 'high' });
    const lines = await org.api.call('listMessages', { params: { id: conv.id } });
    const moves = lines.messages.filter((m) => m.type === 'system' && m.system?.action === 'status_changed');
    expect(moves.map((m) => m.system?.to)).toEqual(['resolved', 'pending', 'snoozed']);
  });
});

describe('tenant isolation', () => {
  it("never lets one organization or visitor reach another's conversations", async () => {
    const a = await buildOrganization(server);
    const b = await buildOrganization(server);
    const va = await visitorOf(a.organization.widgetKey);
    const vb = await visitorOf(b.organization.widgetKey);
    const conv = await va.api.call('startConversation', {
      body: { clientId: 'conv-iso-1', message: { clientId: 'm-iso-001', body: 'secret' } },
    });
    expect(await status(b.api.call('getConversation', { params: { id: conv.id } }))).toBe(404);
    expect(await status(b.api.call('listMessages', { params: { id: conv.id } }))).toBe(404);
    expect(
      await status(b.api.call('sendMessage', { params: { id: conv.id }, body: { clientId: 'x-iso-001', body: 'hi' } })),
    ).toBe(404);
    expect(
      await status(b.api.call('updateConversation', { params: { id: conv.id }, body: { status: 'resolved' } })),
    ).toBe(404);
    expect(await status(vb.api.call('listVisitorMessages', { params: { id: conv.id } }))).toBe(404);
    expect(
      await status(
        vb.api.call('sendVisitorMessage', { params: { id: conv.id }, body: { clientId: 'x-iso-002', body: 'hi' } }),
      ),
    ).toBe(404);
    // Assigning to an agent of another organization is refused too.
    expect(
      await status(a.api.call('updateConversation', { params: { id: conv.id }, body: { assigneeId: b.agent.id } })),
    ).toBe(404);
    expect((await b.api.call('listConversations')).conversations).toHaveLength(0);
    // A visitor token is not an agent token, and the same email typed twice is only a label.
    expect(await status(server.client(va.session.sessionToken).call('listConversations'))).toBe(401);
    const impostor = await visitorOf(a.organization.widgetKey);
    expect((await impostor.api.call('listVisitorConversations')).conversations).toHaveLength(0);
    // Anonymous callers get nothing.
    expect(await status(server.client().call('listVisitorConversations'))).toBe(401);
    expect(await status(server.client().call('listConversations'))).toBe(401);
  });

  it('resumes a visitor with their token and keeps it per organization', async () => {
    const a = await buildOrganization(server);
    const b = await buildOrganization(server);
    const v = await visitorOf(a.organization.widgetKey);
    const resumed = await server.client().call('createWidgetSession', {
      body: { widgetKey: a.organization.widgetKey, sessionToken: v.session.sessionToken },
    });
    expect(resumed).toMatchObject({ visitorId: v.session.visitorId, isResumed: true });
    const elsewhere = await server.client().call('createWidgetSession', {
      body: { widgetKey: b.organization.widgetKey, sessionToken: v.session.sessionToken },
    });
    expect(elsewhere.isResumed).toBe(false);
    expect(elsewhere.visitorId).not.toBe(v.session.visitorId);
  });
});

describe('snooze', () => {
  it('wakes a snoozed conversation when its time comes, with a system line', async () => {
    const org = await buildOrganization(server);
    const v = await visitorOf(org.organization.widgetKey);
    const conv = await v.api.call('startConversation', { body: { clientId: 'conv-snooze' } });
    expect(
      await status(
        org.api.call('updateConversation', {
          params: { id: conv.id },
          body: { status: 'snoozed', snoozedUntil: new Date(Date.now() - 1000).toISOString() },
        }),
      ),
    ).toBe(400);
    await org.api.call('updateConversation', {
      params: { id: conv.id },
      body: { status: 'snoozed', snoozedUntil: new Date(Date.now() + 60_000).toISOString() },
    });
    await server.scheduler.tick();
    expect((await org.api.call('getConversation', { params: { id: conv.id } })).status).toBe('snoozed');
    await (server.database.db as any).$client.query(
      "update conversations set snoozed_until = now() - interval '1 second' where id = $1",
      [conv.id],
    );
    await server.scheduler.tick();
    const woken = await org.api.call('getConversation', { params: { id: conv.id } });
    expect(woken).toMatchObject({ status: 'open', snoozedUntil: null });
    const lines = await org.api.call('listMessages', { params: { id: conv.id } });
    expect(lines.messages.at(-1)).toMatchObject({ type: 'system', body: 'Snooze ended' });
  });
});

describe('inbox lists', () => {
  it('pages newest activity first with a keyset cursor, and filters by view, status, tag, assignee and priority', async () => {
    const org = await buildOrganization(server);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const v = await visitorOf(org.organization.widgetKey);
      const c = await v.api.call('startConversation', {
        body: { clientId: `page-conv-${i}`, message: { clientId: `page-msg-${i}`, body: `#${i}` } },
      });
      ids.push(c.id);
    }
    await org.api.call('updateConversation', {
      params: { id: ids[1]! },
      body: { assigneeId: org.agent.id, tags: ['billing'], priority: 'urgent' },
    });
    await org.api.call('updateConversation', { params: { id: ids[2]! }, body: { status: 'resolved' } });

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await org.api.call('listConversations', { query: { limit: 3, ...(cursor ? { cursor } : {}) } });
      expect(page.conversations.length).toBeLessThanOrEqual(3);
      seen.push(...page.conversations.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(7);
    // Newest activity first: the two just changed lead (their system lines are activity), then the rest newest first.
    expect(seen.slice(0, 2).sort()).toEqual([ids[1]!, ids[2]!].sort());
    expect(seen.slice(2)).toEqual([ids[6], ids[5], ids[4], ids[3], ids[0]]);

    const only = async (query: Record<string, string>) =>
      (await org.api.call('listConversations', { query })).conversations.map((c) => c.id);
    expect(await only({ view: 'mine' })).toEqual([ids[1]]);
    expect(await only({ tag: 'billing' })).toEqual([ids[1]]);
    expect(await only({ priority: 'urgent' })).toEqual([ids[1]]);
    expect(await only({ assigneeId: org.agent.id })).toEqual([ids[1]]);
    expect(await only({ status: 'resolved' })).toEqual([ids[2]]);
    expect((await only({ view: 'unassigned' })).length).toBe(6);
    expect(await status(org.api.call('listConversations', { query: { cursor: 'bm90LWEtY3Vyc29y' } }))).toBe(400);

    const counts = await org.api.call('countConversations');
    expect(counts).toMatchObject({
      all: 6,
      mine: 1,
      unassigned: 5,
      byStatus: { open: 6, resolved: 1, pending: 0, snoozed: 0 },
    });
    // Unread: the agent's own open conversations with a public message they have not read.
    expect(counts.unreadConversations).toBe(1);
    await org.api.call('markRead', { params: { id: ids[1]! }, body: { seq: 100 } });
    expect((await org.api.call('countConversations')).unreadConversations).toBe(0);
  });
});
