/**
 * Away after inactivity (issue 18, modules/agents/inactivity.ts), through the API and real sockets, with a clock the
 * test moves: an online agent whose app shows no activity for the organization's delay goes away, colleagues see
 * it live, and their next activity brings them back; an agent who chose away stays away; nothing happens without
 * the setting; an API token's activity is not a person's.
 */
import { randomUUID } from 'node:crypto';
import type { TAgent, TApiScope } from '@oceras/protocol';
import { sql } from 'drizzle-orm';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setInactiveAgentsAway } from '../src/modules/agents/inactivity.js';
import { buildAgent, buildOrganization, expectError, startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
let now = new Date();
const sockets: Socket[] = [];
const later = (minutes: number) => {
  now = new Date(Date.now() + minutes * 60_000);
};

beforeAll(async () => {
  server = await startTestServer({}, { clock: () => now });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.close();
});

/** An agent's app: a socket that records what colleagues' profiles become. */
async function app(token: string) {
  const updates: TAgent[] = [];
  const socket = io(`${server.baseUrl}/agent`, { transports: ['websocket'], auth: { token } });
  sockets.push(socket);
  socket.on('agent.updated', (e: { data: TAgent }) => updates.push(e.data));
  await new Promise((r) => socket.once('session.ready', r));
  return { socket, updates };
}

const availabilityOf = async (api: ReturnType<TestServer['client']>, id: string) =>
  (await api.call('listAgents')).agents.find((a) => a.id === id)?.availability;

async function team(minutes: number | null) {
  now = new Date();
  const org = await buildOrganization(server);
  if (minutes !== null) await org.api.call('updateOrganization', { body: { awayAfterInactiveMinutes: minutes } });
  const ann = await buildAgent(server, org, 'agent', 'Ann');
  await ann.api.call('updateMe', { body: { availability: 'online' } });
  return { org, ann };
}

describe('away after inactivity', () => {
  it('sets an idle online agent away, live for colleagues, and back online at their next activity', async () => {
    const { org, ann } = await team(10);
    const colleague = await app(org.accessToken);
    const annApp = await app(ann.accessToken);
    later(9);
    await setInactiveAgentsAway(server.services);
    expect(await availabilityOf(org.api, ann.agent.id)).toBe('online');
    later(11);
    expect(await setInactiveAgentsAway(server.services)).toBeGreaterThanOrEqual(1);
    expect(await availabilityOf(org.api, ann.agent.id)).toBe('away');
    await expect
      .poll(() => colleague.updates.filter((a) => a.id === ann.agent.id).map((a) => a.availability))
      .toEqual(['away']);
    // A second pass (another process's) changes nothing more: one event.
    await setInactiveAgentsAway(server.services);
    // A key pressed in her app: online again, for everyone.
    expect(await annApp.socket.emitWithAck('agent.active', {})).toEqual({ ok: true, data: null });
    await expect.poll(() => availabilityOf(org.api, ann.agent.id)).toBe('online');
    await expect
      .poll(() => colleague.updates.filter((a) => a.id === ann.agent.id).map((a) => a.availability))
      .toEqual(['away', 'online']);
  });

  it('counts typing and sending as activity, and an agent who chose away stays away', async () => {
    const { org, ann } = await team(5);
    const annApp = await app(ann.accessToken);
    const s = await server.client().call('createWidgetSession', { body: { widgetKey: org.organization.widgetKey } });
    const conv = await server.client(s.sessionToken).call('startConversation', {
      body: { clientId: randomUUID(), message: { clientId: randomUUID(), body: 'hello' } },
    });
    // Her last activity an hour ago (activity is stamped by the database's clock: moved back here)...
    await server.services.db.execute(
      sql`update agents set last_active_at = now() - interval '1 hour',
            availability_changed_at = now() - interval '1 hour' where id = ${ann.agent.id}`,
    );
    // ...then she types: that is activity, so the next pass leaves her online.
    await annApp.socket.emitWithAck('typing.update', { conversationId: conv.id, isTyping: true });
    later(4);
    await setInactiveAgentsAway(server.services);
    expect(await availabilityOf(org.api, ann.agent.id)).toBe('online');
    // She chooses away herself: no activity brings her back.
    await ann.api.call('updateMe', { body: { availability: 'away' } });
    later(30);
    await annApp.socket.emitWithAck('message.send', {
      conversationId: conv.id,
      clientId: 'inact-m2',
      body: 'back soon',
    });
    await annApp.socket.emitWithAck('agent.active', {});
    expect(await availabilityOf(org.api, ann.agent.id)).toBe('away');
    // Online again by her own choice: counted from then, not from her last activity.
    await ann.api.call('updateMe', { body: { availability: 'online' } });
    later(2);
    await setInactiveAgentsAway(server.services);
    expect(await availabilityOf(org.api, ann.agent.id)).toBe('online');
  });

  it('does nothing without the setting, and only to the organization that has it', async () => {
    const off = await team(null);
    const on = await team(1);
    later(60);
    await setInactiveAgentsAway(server.services);
    expect(await availabilityOf(off.org.api, off.ann.agent.id)).toBe('online');
    expect(await availabilityOf(on.org.api, on.ann.agent.id)).toBe('away');
  });

  it("does not count an API token's socket as a person at work", async () => {
    const { org, ann } = await team(1);
    later(5);
    await setInactiveAgentsAway(server.services);
    expect(await availabilityOf(org.api, ann.agent.id)).toBe('away');
    const scopes: TApiScope[] = ['conversations:write', 'messages:write'];
    const { token } = await ann.api.call('createApiToken', { body: { name: 'script', scopes, kind: 'personal' } });
    const script = await app(token);
    expect(await script.socket.emitWithAck('agent.active', {})).toEqual({ ok: true, data: null });
    await new Promise((r) => setTimeout(r, 200));
    expect(await availabilityOf(org.api, ann.agent.id)).toBe('away');
  });

  it('is an admin setting of 1 minute to a day', async () => {
    const { org, ann } = await team(null);
    await expectError(ann.api.call('updateOrganization', { body: { awayAfterInactiveMinutes: 5 } }), 403, 'FORBIDDEN');
    await expectError(
      org.api.call('updateOrganization', { body: { awayAfterInactiveMinutes: 0 } }),
      400,
      'VALIDATION_FAILED',
    );
    await expectError(
      org.api.call('updateOrganization', { body: { awayAfterInactiveMinutes: 1441 } }),
      400,
      'VALIDATION_FAILED',
    );
    expect((await org.api.call('getOrganization')).awayAfterInactiveMinutes).toBeNull();
    await org.api.call('updateOrganization', { body: { awayAfterInactiveMinutes: 15 } });
    expect((await org.api.call('getOrganization')).awayAfterInactiveMinutes).toBe(15);
  });
});
