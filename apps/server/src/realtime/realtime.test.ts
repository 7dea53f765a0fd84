import { asSignedIn } from '@oceras/protocol';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, startTestServer, type TestServer } from '../../test/helpers.js';
import { follow as followAt } from '../../test/sockets.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const follow = (ns: '/agent' | '/visitor', credentials: Record<string, string>) =>
  followAt(server.baseUrl, ns, credentials);

describe('realtime', () => {
  it("R2, R3: delivers a visitor message to the organization's agents only, and replies (not notes) to the visitor", async () => {
    const org = await buildOrganization(server);
    const other = await buildOrganization(server);
    const visitor = await server
      .client()
      .call('createWidgetSession', { body: { widgetKey: org.organization.widgetKey } });
    const vapi = server.client(visitor.sessionToken);

    const agent = follow('/agent', { token: org.accessToken });
    const stranger = follow('/agent', { token: other.accessToken });
    const vsock = follow('/visitor', { sessionToken: visitor.sessionToken });
    await Promise.all([agent.ready(), stranger.ready(), vsock.ready()]);

    const conv = await vapi.call('startConversation', {
      body: { clientId: 'rt-conv-01', message: { clientId: 'rt-msg-001', body: 'hello' } },
    });
    await expect
      .poll(() => agent.received.some((r) => r.event === 'message.created'), { timeout: 5000, interval: 20 })
      .toBeTruthy();
    const msg = agent.received.find((r) => r.event === 'message.created')!;
    expect(msg.data).toMatchObject({ conversationId: conv.id, seq: 1, clientId: 'rt-msg-001', body: 'hello' });

    const ack = await agent.socket.emitWithAck('message.send', {
      conversationId: conv.id,
      clientId: 'rt-note-01',
      body: 'internal only',
      type: 'note',
    });
    expect(ack.ok).toBe(true);
    await agent.socket.emitWithAck('message.send', {
      conversationId: conv.id,
      clientId: 'rt-reply-1',
      body: 'hi there',
    });
    await expect
      .poll(() => vsock.received.filter((r) => r.event === 'message.created').length === 2, {
        timeout: 5000,
        interval: 20,
      })
      .toBeTruthy();
    // The visitor's stream is ordered (SPEC R3): had the note reached it, it would have come before the reply.
    expect(vsock.received.filter((r) => r.event === 'message.created').map((r) => r.data.body)).toEqual([
      'hello',
      'hi there',
    ]);
    expect(JSON.stringify(vsock.received)).not.toContain('internal only');
    expect(stranger.received).toHaveLength(0);

    // Bad socket calls get an error ack, not a crash; another organization's conversation is not found.
    const bad = await stranger.socket.emitWithAck('message.send', {
      conversationId: conv.id,
      clientId: 'rt-evil-01',
      body: 'x',
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const junk = await agent.socket.emitWithAck('message.send', { conversationId: 42, body: { $gt: 1 } });
    expect(junk).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    for (const s of [agent, stranger, vsock]) s.socket.disconnect();
  });

  it('R6: refuses sockets without valid credentials, and visitor tokens on the agent namespace', async () => {
    const org = await buildOrganization(server);
    const visitor = await server
      .client()
      .call('createWidgetSession', { body: { widgetKey: org.organization.widgetKey } });
    for (const [ns, auth] of [
      ['/agent', {}],
      ['/agent', { token: visitor.sessionToken }],
      ['/visitor', { sessionToken: 'vs_not-a-real-token-at-all' }],
      ['/visitor', { token: org.accessToken }],
      ['/agent', { token: org.accessToken, protocolVersion: 999 }],
    ] as const) {
      const s = io(`${server.baseUrl}${ns}`, { transports: ['websocket'], reconnection: false, auth });
      const err = await new Promise<Error>((resolve) => s.once('connect_error', resolve));
      expect(err.message).toBeTruthy();
      s.disconnect();
    }
  });

  it('R4: after a reconnect, an agent has every event exactly once, in order', async () => {
    const org = await buildOrganization(server);
    const second = asSignedIn(
      await server.client().call('login', { body: { email: org.agent.email, password: org.password } }),
    );
    const visitor = await server
      .client()
      .call('createWidgetSession', { body: { widgetKey: org.organization.widgetKey } });
    const vapi = server.client(visitor.sessionToken);
    const conv = await vapi.call('startConversation', { body: { clientId: 'rc-conv-01' } });

    const agent = follow('/agent', { token: org.accessToken });
    await agent.ready();
    await vapi.call('sendVisitorMessage', {
      params: { id: conv.id },
      body: { clientId: 'rc-msg-000', body: 'before' },
    });
    await expect.poll(() => agent.received.length === 1, { timeout: 5000, interval: 20 }).toBeTruthy();

    // The connection drops; colleagues and the visitor write meanwhile; it comes back while writes go on.
    agent.socket.disconnect();
    const write = (i: number) => {
      const w: Promise<unknown>[] = [
        vapi.call('sendVisitorMessage', {
          params: { id: conv.id },
          body: { clientId: `rc-msg-${String(i).padStart(3, '0')}`, body: `m${i}` },
        }),
      ];
      if (i % 5 === 0)
        w.push(
          server.client(second.accessToken).call('updateConversation', {
            params: { id: conv.id },
            body: { priority: (['low', 'medium', 'high'] as const)[i / 5 - 1]! },
          }),
        );
      return Promise.all(w);
    };
    for (let i = 1; i <= 10; i++) await write(i);
    const ready = new Promise<{ replayed: number }>((resolve) => agent.socket.once('session.ready', resolve));
    agent.socket.connect();
    const writes: Promise<unknown>[] = [];
    for (let i = 11; i <= 15; i++) writes.push(write(i));
    expect((await ready).replayed).toBeGreaterThanOrEqual(12);
    await Promise.all(writes);
    const head = Number(
      (
        await (server.database.db as any).$client.query('select event_seq from organizations where id = $1', [
          org.organization.id,
        ])
      ).rows[0].event_seq,
    );
    await expect.poll(() => (agent.received.at(-1)?.seq ?? 0) === head, { timeout: 5000, interval: 20 }).toBeTruthy();
    const seqs = agent.received.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs[seqs.length - 1]! - seqs[0]! + 1).toBe(seqs.length);
    const bodies = agent.received.filter((r) => r.event === 'message.created').map((r) => r.data.body);
    // The writes raced, so the stored order is the truth: the socket saw exactly that order.
    const stored = await server
      .client(second.accessToken)
      .call('listMessages', { params: { id: conv.id }, query: { limit: 100 } });
    expect(bodies).toEqual(stored.messages.filter((m) => m.type === 'message').map((m) => m.body));
    expect(bodies).toHaveLength(16);
    const priorities = agent.received
      .filter((r) => r.event === 'conversation.updated')
      .map((r) => r.data.conversation.priority);
    expect([...priorities].sort()).toEqual(['high', 'low', 'medium']);
    // Versions grow with the stream.
    const versions = agent.received
      .filter((r) => r.event === 'conversation.updated')
      .map((r) => r.data.conversation.version);
    expect(versions).toEqual(agent.received.filter((r) => r.event === 'conversation.updated').map((r) => r.seq));
    agent.socket.disconnect();
  });

  it("R6: closes an agent's sockets when their session ends", async () => {
    const org = await buildOrganization(server);
    const agent = follow('/agent', { token: org.accessToken });
    await agent.ready();
    const closed = new Promise<string>((resolve) => agent.socket.once('disconnect', resolve));
    await org.api.call('logout', { body: {} });
    expect(await closed).toBe('io server disconnect');
  });
});

describe('ephemeral signals and robustness', () => {
  it("R9: shows typing both ways (never a note's typing to the visitor), viewers and presence", async () => {
    const org = await buildOrganization(server);
    const colleague = asSignedIn(
      await server.client().call('login', { body: { email: org.agent.email, password: org.password } }),
    );
    const visitor = await server
      .client()
      .call('createWidgetSession', { body: { widgetKey: org.organization.widgetKey } });
    const conv = await server
      .client(visitor.sessionToken)
      .call('startConversation', { body: { clientId: 'typing-conv' } });
    const watcher = io(`${server.baseUrl}/agent`, {
      transports: ['websocket'],
      auth: { token: colleague.accessToken },
    });
    await new Promise((r) => watcher.once('session.ready', r));
    const seen: { event: string; p: any }[] = [];
    for (const e of ['typing.updated', 'viewers.updated', 'presence.updated'])
      watcher.on(e, (p: unknown) => seen.push({ event: e, p }));
    const agent = io(`${server.baseUrl}/agent`, { transports: ['websocket'], auth: { token: org.accessToken } });
    await new Promise((r) => agent.once('session.ready', r));
    const vsock = io(`${server.baseUrl}/visitor`, {
      transports: ['websocket'],
      auth: { sessionToken: visitor.sessionToken },
    });
    await new Promise((r) => vsock.once('session.ready', r));
    const visitorSaw: any[] = [];
    vsock.on('typing.updated', (p: unknown) => visitorSaw.push(p));
    const agentSaw: any[] = [];
    agent.on('typing.updated', (p: unknown) => agentSaw.push(p));

    expect(await vsock.emitWithAck('typing.update', { conversationId: conv.id, isTyping: true })).toMatchObject({
      ok: true,
    });
    expect(
      await agent.emitWithAck('typing.update', { conversationId: conv.id, isTyping: true, isNote: true }),
    ).toMatchObject({ ok: true });
    expect(
      await agent.emitWithAck('typing.update', { conversationId: conv.id, isTyping: true, isNote: false }),
    ).toMatchObject({ ok: true });
    expect(await agent.emitWithAck('conversation.view', { conversationId: conv.id })).toMatchObject({ ok: true });
    await expect
      .poll(() => visitorSaw.length === 1 && agentSaw.length >= 1 && seen.some((s) => s.event === 'viewers.updated'), {
        timeout: 5000,
        interval: 20,
      })
      .toBeTruthy();
    expect(visitorSaw[0]).toMatchObject({
      conversationId: conv.id,
      isTyping: true,
      isNote: false,
      actor: { type: 'agent', id: null },
    });
    expect(agentSaw[0]).toMatchObject({ conversationId: conv.id, actor: { type: 'visitor' } });
    expect(seen.find((s) => s.event === 'viewers.updated')!.p).toEqual({
      conversationId: conv.id,
      agentIds: [org.agent.id],
    });
    // Same agent, two sockets: the watcher (same agent) does not see their own typing echoed.
    expect(seen.filter((s) => s.event === 'typing.updated' && s.p.actor.type === 'agent')).toHaveLength(0);
    for (const s of [watcher, agent, vsock]) s.disconnect();
  });

  it('R7: survives malformed packets on the raw websocket', async () => {
    const { WebSocket } = await import('ws');
    const org = await buildOrganization(server);
    for (const garbage of [
      '42/agent,["message.send"',
      '4',
      '9999',
      '42/agent,{"a":1}',
      '\u0000\uffff',
      '42/nope,["x"]',
      `42/agent,${'['.repeat(5000)}`,
    ]) {
      const ws = new WebSocket(`${server.baseUrl.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
      await new Promise((r) => ws.once('open', r));
      ws.send(`40/agent,${JSON.stringify({ token: org.accessToken })}`);
      ws.send(garbage);
      await new Promise((r) => setTimeout(r, 30));
      ws.terminate();
    }
    // The process still serves.
    expect((await org.api.call('getMe')).agent.id).toBe(org.agent.id);
    const s = io(`${server.baseUrl}/agent`, { transports: ['websocket'], auth: { token: org.accessToken } });
    await new Promise((r) => s.once('session.ready', r));
    s.disconnect();
  });
});
