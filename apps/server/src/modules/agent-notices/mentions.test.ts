/**
 * Mentions in internal notes, through the API and real sockets: `@Name` in a note notifies that agent of the same
 * organization only (live event, mentions list with unread state, push), never an agent of another organization,
 * a restricted or removed one, the author, nor the visitor (REST and socket).
 */
import { ZAgentExport } from '@oceras/protocol';
import { sql } from 'drizzle-orm';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAgent,
  buildOrganization,
  expectError,
  startTestServer,
  type TestServer,
  visitor,
} from '../../../test/helpers.js';
import { download } from '../../../test/privacy/rights-people.js';
import { query } from '../../db/client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

let n = 0;
const id = () => `mention-${Date.now().toString(36)}-${n++}`;

/** An agent's socket recording the mentions it is told about. */
async function mentionsOf(token: string) {
  const socket: Socket = io(`${server.baseUrl}/agent`, { transports: ['websocket'], auth: { token } });
  const got: { conversationId: string; messageId: string; author: { name: string } | null; excerpt: string }[] = [];
  socket.on('mention.created', (m) => got.push(m));
  await new Promise((r) => socket.once('session.ready', r));
  return { socket, got };
}

async function setUp() {
  const org = await buildOrganization(server);
  const ann = await buildAgent(server, org, 'agent', `Ann Lee ${n++}`);
  const bob = await buildAgent(server, org, 'agent', `Bob Stone ${n++}`);
  const v = await visitor(server, org.organization.widgetKey, { name: 'Vera' });
  const conv = await v.start('Hello, my order is late');
  const note = (api: typeof org.api, body: string) =>
    api.call('sendMessage', { params: { id: conv.id }, body: { clientId: id(), type: 'note', body } });
  return { org, ann, bob, v, conv, note };
}

describe('mentions', () => {
  it('notifies the mentioned agent only: live, in the list with unread state, and marks read', async () => {
    const { org, ann, bob, v, conv, note } = await setUp();
    const annLive = await mentionsOf(ann.accessToken);
    const bobLive = await mentionsOf(bob.accessToken);
    const adminLive = await mentionsOf(org.accessToken);
    const sent = await note(org.api, `@${ann.agent.name} can you check the carrier? @nobody here`);

    await expect.poll(() => annLive.got.length).toBe(1);
    expect(annLive.got[0]).toMatchObject({
      conversationId: conv.id,
      messageId: sent.id,
      author: { name: org.agent.name },
    });
    expect(annLive.got[0]!.excerpt).toContain('can you check the carrier?');

    const page = await ann.api.call('listMentions');
    expect(page.unreadCount).toBe(1);
    expect(page.mentions).toHaveLength(1);
    expect(page.mentions[0]).toMatchObject({ conversationId: conv.id, messageId: sent.id, readAt: null });
    expect((await bob.api.call('listMentions')).mentions).toEqual([]);
    expect((await org.api.call('listMentions')).mentions).toEqual([]);

    // A second mention: newest first; the unread filter and the read mark.
    const second = await note(bob.api, `thanks @${ann.agent.name}`);
    await expect.poll(() => annLive.got.length).toBe(2);
    const both = await ann.api.call('listMentions');
    expect(both.mentions.map((m) => m.messageId)).toEqual([second.id, sent.id]);
    expect(both.unreadCount).toBe(2);
    const firstPage = await ann.api.call('listMentions', { query: { limit: 1 } });
    expect(firstPage.mentions.map((m) => m.messageId)).toEqual([second.id]);
    const nextPage = await ann.api.call('listMentions', { query: { limit: 1, cursor: firstPage.nextCursor! } });
    expect(nextPage.mentions.map((m) => m.messageId)).toEqual([sent.id]);
    expect(nextPage.nextCursor).toBeNull();
    expect(await ann.api.call('markMentionsRead', { body: { conversationId: conv.id } })).toEqual({ unreadCount: 0 });
    const read = await ann.api.call('listMentions', { query: { unread: 'true' } });
    expect(read).toMatchObject({ mentions: [], unreadCount: 0 });

    // Nobody else heard of it; the visitor never sees the note or its mention.
    expect(bobLive.got).toEqual([]);
    expect(adminLive.got).toEqual([]);
    const visitorEvents = JSON.stringify(v.received);
    expect(visitorEvents).not.toContain('carrier');
    expect(visitorEvents).not.toContain('mention');
    const visitorMessages = await v.api.call('listVisitorMessages', { params: { id: conv.id } });
    expect(JSON.stringify(visitorMessages)).not.toContain('carrier');
    for (const s of [annLive, bobLive, adminLive]) s.socket.disconnect();
    v.close();
  });

  it('never mentions the author, another organization’s agent, a restricted or a removed agent', async () => {
    const { org, ann, bob, note } = await setUp();
    const other = await buildOrganization(server);
    const outsider = await buildAgent(server, other, 'agent', `Olga Out ${n++}`);
    await org.api.call('setAgentRestriction', { params: { id: bob.agent.id }, body: { isRestricted: true } });
    const removed = await buildAgent(server, org, 'agent', `Rita Gone ${n++}`);
    await org.api.call('removeAgent', { params: { id: removed.agent.id } });
    const outsiderLive = await mentionsOf(outsider.accessToken);

    await note(
      ann.api,
      `@${ann.agent.name} @${outsider.agent.name} @${removed.agent.name} @${bob.agent.name} and @${org.agent.name}`,
    );
    await expect.poll(async () => (await org.api.call('listMentions')).mentions.length).toBe(1);
    expect((await ann.api.call('listMentions')).mentions).toEqual([]);
    expect((await outsider.api.call('listMentions')).mentions).toEqual([]);
    expect((await bob.api.call('listMentions')).mentions).toEqual([]);
    expect(outsiderLive.got).toEqual([]);
    outsiderLive.socket.disconnect();
  });

  it('a note sent over the agent socket mentions as the REST call does', async () => {
    const { org, ann, conv } = await setUp();
    const annLive = await mentionsOf(ann.accessToken);
    const adminLive = await mentionsOf(org.accessToken);
    const ack = await new Promise<{ ok: boolean; data?: { id: string } }>((resolve) =>
      adminLive.socket.emit(
        'message.send',
        { conversationId: conv.id, clientId: id(), type: 'note', body: `over the socket, @${ann.agent.name}` },
        resolve,
      ),
    );
    expect(ack.ok).toBe(true);
    await expect.poll(() => annLive.got.map((m) => m.messageId)).toEqual([ack.data!.id]);
    expect(adminLive.got).toEqual([]);
    annLive.socket.disconnect();
    adminLive.socket.disconnect();
  });

  it('a replayed note mentions once; a public reply mentions nobody; bad input is a 400', async () => {
    const { org, ann, conv } = await setUp();
    const body = { clientId: id(), type: 'note' as const, body: `@${ann.agent.name} once` };
    await org.api.call('sendMessage', { params: { id: conv.id }, body });
    await org.api.call('sendMessage', { params: { id: conv.id }, body });
    await org.api.call('sendMessage', {
      params: { id: conv.id },
      body: { clientId: id(), type: 'message', body: `@${ann.agent.name} (a reply)` },
    });
    expect((await ann.api.call('listMentions')).mentions).toHaveLength(1);
    await expectError(ann.api.call('listMentions', { query: { cursor: 'bm90LWEtY3Vyc29y' } }), 400);
    await expectError(ann.api.call('markMentionsRead', { body: { conversationId: 'nope' } as never }), 400);
  });

  it('queues a push for the mentioned agent’s devices, unless their mentions switch is off', async () => {
    const { org, ann, bob, note } = await setUp();
    for (const [who, t] of [
      [ann, 'ann'],
      [bob, 'bob'],
    ] as const)
      await who.api.call('registerDevice', {
        body: { token: `ExponentPushToken[mention${t}${n++}]`, platform: 'ios', appVersion: '1.0.0' },
      });
    await bob.api.call('updateNotificationSettings', { body: { mentions: false } });
    await note(org.api, `@${ann.agent.name} and @${bob.agent.name}, look`);
    const { deliveries } = await org.api.call('listPushDeliveries');
    const mentions = deliveries.filter((d) => d.kind === 'mention');
    expect(mentions.map((d) => d.agentId)).toEqual([ann.agent.id]);
  });

  it('§7 Erasure — a mentioned agent’s export lists their notices (mentions, assignments); erasing the visitor deletes the mentions of notes about them, erasing the agent deletes every notice', async () => {
    const { org, ann, note, v, conv } = await setUp();
    const sent = await note(org.api, `@${ann.agent.name} about this visitor`);
    await org.api.call('updateConversation', { params: { id: conv.id }, body: { assigneeId: ann.agent.id } });
    const { json } = await download(server, '/api/v1/me/export', ann.accessToken);
    const doc = ZAgentExport.parse(json);
    expect(doc.notices.map((x) => [x.kind, x.messageId])).toEqual([
      ['mention', sent.id],
      ['assigned', null],
    ]);
    const count = async (agentId: string) =>
      (
        await query<{ n: number }>(
          server.services.db,
          sql`select count(*)::int as n from agent_notices where agent_id = ${agentId}`,
        )
      )[0]!.n;
    // The visitor's erasure deletes the notes about them, and with them the mentions (the assignment stays).
    await org.api.call('eraseVisitor', { params: { id: v.session.visitorId } });
    expect((await ann.api.call('listMentions')).mentions).toEqual([]);
    expect(await count(ann.agent.id)).toBe(1);
    await org.api.call('removeAgent', { params: { id: ann.agent.id }, query: { erase: 'true' } });
    expect(await count(ann.agent.id)).toBe(0);
  });
});
