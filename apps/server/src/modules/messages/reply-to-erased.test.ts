/**
 * No reply to an erased visitor (issue 15): the reply policy's `acceptsPublicMessages` refuses a public message to
 * a conversation whose visitor is erased with 409 VISITOR_ERASED, through REST and the agent socket alike; notes
 * stay allowed. The one-statement and batch paths apply the same rule in their guards (they leave such a message
 * to the transactional path, which says why).
 */
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, expectError, startTestServer, type TestServer } from '../../../test/helpers.js';
import { appendMessageFast, unsafeAppendVisitorBatch } from './append-fast.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** A conversation the admin answered (so it is theirs: the common case of a reply), then its visitor erased. */
async function erasedConversation() {
  const org = await buildOrganization(server);
  await org.api.call('updateOrganization', { body: { autoAssignOnReply: false } });
  const session = await server.client().call('createWidgetSession', {
    body: { widgetKey: org.organization.widgetKey, name: 'Rita' },
  });
  const visitorApi = server.client(session.sessionToken);
  const conv = await visitorApi.call('startConversation', {
    body: { clientId: 'start-conversation', message: { clientId: 'hello-message', body: 'Hello' } },
  });
  await org.api.call('updateConversation', { params: { id: conv.id }, body: { assigneeId: org.agent.id } });
  await org.api.call('sendMessage', { params: { id: conv.id }, body: { clientId: 'before-erasure', body: 'Hi Rita' } });
  await org.api.call('eraseVisitor', { params: { id: session.visitorId } });
  // Reopened by an agent: still no reply, whatever the status.
  await org.api.call('updateConversation', { params: { id: conv.id }, body: { status: 'open' } });
  return { org, conversationId: conv.id, visitorId: session.visitorId };
}

describe('a reply to an erased visitor', () => {
  it('REST: a reply is 409 VISITOR_ERASED and writes nothing; a note is stored', async () => {
    const { org, conversationId } = await erasedConversation();
    const conversation = await org.api.call('getConversation', { params: { id: conversationId } });
    expect(conversation.visitor).toMatchObject({ isErased: true, name: null, email: null });
    const reply = () =>
      org.api.call('sendMessage', {
        params: { id: conversationId },
        body: { clientId: 'reply-after-1', body: 'Still there?' },
      });
    await expectError(reply(), 409, 'VISITOR_ERASED');
    const refused = await reply().catch((e: Error) => e);
    expect((refused as Error).message).toMatch(/erased.*internal note/);
    const note = await org.api.call('sendMessage', {
      params: { id: conversationId },
      body: { clientId: 'note-after-1', body: 'closing this one', type: 'note' },
    });
    expect(note.type).toBe('note');
    const { messages } = await org.api.call('listMessages', { params: { id: conversationId } });
    // The reopening's system line, then the note: no reply.
    expect(messages.map((m) => m.type)).toEqual(['system', 'note']);
    expect(messages.at(-1)?.body).toBe('closing this one');
  });

  it('the agent socket: message.send acknowledges VISITOR_ERASED for a reply, and stores a note', async () => {
    const { org, conversationId } = await erasedConversation();
    const socket = io(`${server.baseUrl}/agent`, {
      forceNew: true,
      transports: ['websocket'],
      auth: { token: org.accessToken },
    });
    await new Promise((r) => socket.once('session.ready', r));
    const reply = await socket.emitWithAck('message.send', {
      conversationId,
      clientId: 'socket-reply-1',
      body: 'Hello?',
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'VISITOR_ERASED' } });
    const note = await socket.emitWithAck('message.send', {
      conversationId,
      clientId: 'socket-note-2',
      body: 'a note',
      type: 'note',
    });
    expect(note).toMatchObject({ ok: true, data: { type: 'note', body: 'a note' } });
    socket.disconnect();
    const { messages } = await org.api.call('listMessages', { params: { id: conversationId } });
    expect(messages.map((m) => m.type)).toEqual(['system', 'note']);
  });

  it('the one-statement and batch paths store nothing public there (their guard leaves it to the transactional path)', async () => {
    const { org, conversationId, visitorId } = await erasedConversation();
    const base = { organizationId: org.organization.id, conversationId, body: 'x' };
    const services = server.services;
    expect(
      await appendMessageFast(services, {
        ...base,
        author: { type: 'agent', id: org.agent.id, mayChangeAny: true },
        type: 'message',
        clientId: randomUUID(),
      }),
    ).toBeNull();
    expect(
      await appendMessageFast(services, {
        ...base,
        author: { type: 'visitor', id: visitorId },
        type: 'message',
        clientId: randomUUID(),
      }),
    ).toBeNull();
    const batch = await unsafeAppendVisitorBatch(services, [
      { ...base, author: { type: 'visitor', id: visitorId }, type: 'message', clientId: randomUUID() },
    ]);
    expect(batch).toEqual([null]);
    // A note takes the one statement as before.
    const note = await appendMessageFast(services, {
      ...base,
      author: { type: 'agent', id: org.agent.id, mayChangeAny: true },
      type: 'note',
      clientId: randomUUID(),
    });
    expect(note?.agentView.type).toBe('note');
    const { messages } = await org.api.call('listMessages', { params: { id: conversationId } });
    expect(messages.map((m) => m.type)).toEqual(['system', 'note']);
  });
});
