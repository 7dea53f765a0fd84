import type { Envelope, TMessage } from '@oceras/protocol';
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

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const colleague = (org: Awaited<ReturnType<typeof buildOrganization>>, role: 'agent' | 'manager') =>
  buildAgent(server, org, role);

function agentSocket(token: string) {
  const socket: Socket = io(`${server.baseUrl}/agent`, { transports: ['websocket'], auth: { token } });
  const events: { event: string; data: any }[] = [];
  socket.onAny((event, payload) => events.push({ event, data: payload?.data ?? payload }));
  return { socket, events, ready: new Promise((r) => socket.once('session.ready', r)) };
}

describe('an agent who answers an unassigned conversation takes it (autoAssignOnReply)', () => {
  it('assigns it to the first agent who replies, once, with a system line and conversation.updated for both sides', async () => {
    const org = await buildOrganization(server);
    const ada = await colleague(org, 'agent');
    const watcher = agentSocket(org.accessToken);
    await watcher.ready;
    const v = await visitor(server, org.organization.widgetKey, { name: 'Vera' });
    const conv = await v.start('Hello?');

    // A note is not an answer: the conversation stays unassigned.
    await ada.api.call('sendMessage', {
      params: { id: conv.id },
      body: { clientId: 'note-0001', body: 'hm', type: 'note' },
    });
    expect((await org.api.call('getConversation', { params: { id: conv.id } })).assigneeId).toBeNull();

    const reply = await ada.api.call('sendMessage', {
      params: { id: conv.id },
      body: { clientId: 'reply-001', body: 'Hi Vera' },
    });
    const after = await org.api.call('getConversation', { params: { id: conv.id } });
    expect(after.assigneeId).toBe(ada.agent.id);

    // A retry of the same reply changes nothing more.
    const again = await ada.api.call('sendMessage', {
      params: { id: conv.id },
      body: { clientId: 'reply-001', body: 'Hi Vera' },
    });
    expect(again.id).toBe(reply.id);
    await ada.api.call('sendMessage', {
      params: { id: conv.id },
      body: { clientId: 'reply-002', body: 'Still there?' },
    });

    const { messages } = await org.api.call('listMessages', { params: { id: conv.id } });
    expect(messages.map((m) => [m.type, m.body])).toEqual([
      ['message', 'Hello?'],
      ['note', 'hm'],
      ['message', 'Hi Vera'],
      ['system', 'Conversation assigned'],
      ['message', 'Still there?'],
    ]);
    expect(messages[3]!.system).toMatchObject({ action: 'assigned', from: null, to: ada.agent.id, reason: 'replied' });

    // The inbox follows live: the colleague's socket hears the assignment, the visitor learns who answers.
    await expect
      .poll(
        () => watcher.events.some((e) => e.event === 'conversation.updated' && e.data.changes.includes('assigneeId')),
        { timeout: 5000, interval: 20, message: 'agents hear conversation.updated' },
      )
      .toBeTruthy();
    const update = watcher.events.find((e) => e.event === 'conversation.updated')!;
    expect(update.data.conversation.assigneeId).toBe(ada.agent.id);
    await expect
      .poll(() => v.received.some((e) => e.event === 'conversation.updated' && e.data.conversation.assignee !== null), {
        timeout: 5000,
        interval: 20,
        message: 'the visitor hears who answers',
      })
      .toBeTruthy();
    const forVisitor = v.received.find((e) => e.event === 'conversation.updated')!;
    expect(forVisitor.data.conversation.assignee.name).toBe(ada.agent.name);
    // The system line is agents-only (SPEC R2).
    expect(v.received.filter((e) => e.event === 'message.created').map((e) => (e.data as TMessage).type)).toEqual([
      'message',
      'message',
      'message',
    ]);

    const counts = await ada.api.call('countConversations');
    expect([counts.mine, counts.unassigned]).toEqual([1, 0]);
    watcher.socket.disconnect();
    v.close();
  });

  it('a manager who answers takes it too; a conversation already assigned keeps its assignee', async () => {
    const org = await buildOrganization(server);
    const manager = await colleague(org, 'manager');
    const ada = await colleague(org, 'agent');
    const v = await visitor(server, org.organization.widgetKey);
    const first = await v.start('One');
    const second = await v.start('Two');

    await manager.api.call('sendMessage', {
      params: { id: first.id },
      body: { clientId: 'm-reply-01', body: 'Hello' },
    });
    expect((await org.api.call('getConversation', { params: { id: first.id } })).assigneeId).toBe(manager.agent.id);

    await org.api.call('updateConversation', { params: { id: second.id }, body: { assigneeId: ada.agent.id } });
    await manager.api.call('sendMessage', { params: { id: second.id }, body: { clientId: 'm-reply-02', body: 'Hi' } });
    expect((await org.api.call('getConversation', { params: { id: second.id } })).assigneeId).toBe(ada.agent.id);
    v.close();
  });

  it('an organization that turns it off keeps replies unassigned; only an admin can change the setting', async () => {
    const org = await buildOrganization(server);
    const manager = await colleague(org, 'manager');
    expect(org.organization.autoAssignOnReply).toBe(true);
    await expectError(manager.api.call('updateOrganization', { body: { autoAssignOnReply: false } }), 403, 'FORBIDDEN');
    const updated = await org.api.call('updateOrganization', { body: { autoAssignOnReply: false } });
    expect(updated.autoAssignOnReply).toBe(false);
    expect((await org.api.call('getOrganization', {})).autoAssignOnReply).toBe(false);

    const v = await visitor(server, org.organization.widgetKey);
    const conv = await v.start('Hello');
    await manager.api.call('sendMessage', { params: { id: conv.id }, body: { clientId: 'off-reply1', body: 'Hi' } });
    const after = await org.api.call('getConversation', { params: { id: conv.id } });
    expect(after.assigneeId).toBeNull();
    const { messages } = await org.api.call('listMessages', { params: { id: conv.id } });
    expect(messages.map((m) => m.type)).toEqual(['message', 'message']);
    v.close();
  });

  it('the socket reply takes the same path as REST', async () => {
    const org = await buildOrganization(server);
    const ada = await colleague(org, 'agent');
    const s = agentSocket(ada.accessToken);
    await s.ready;
    const v = await visitor(server, org.organization.widgetKey);
    const conv = await v.start('Hello');
    const ack = await new Promise<{ ok: boolean; data?: TMessage }>((resolve) =>
      s.socket.emit('message.send', { conversationId: conv.id, clientId: 'sock-reply-1', body: 'Hi' }, resolve),
    );
    expect(ack.ok).toBe(true);
    expect((await org.api.call('getConversation', { params: { id: conv.id } })).assigneeId).toBe(ada.agent.id);
    await expect
      .poll(() => s.events.some((e) => e.event === 'message.created' && (e.data as TMessage).type === 'system'), {
        timeout: 5000,
        interval: 20,
        message: 'the system line arrives on the socket',
      })
      .toBeTruthy();
    const created = s.events.filter((e) => e.event === 'message.created') as { data: Envelope<TMessage>['data'] }[];
    expect(created.map((e) => e.data.type)).toEqual(['message', 'message', 'system']);
    s.socket.disconnect();
    v.close();
  });
});
