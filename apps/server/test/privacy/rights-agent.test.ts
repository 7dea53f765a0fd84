/**
 * Privacy policy §6 (account data) and §7 (your rights) for agents: their export, the deletion of their own
 * account, an admin's erasure of a colleague, erasure 30 days after a removal, and restriction. After each
 * erasure a dump of the whole database holds none of the agent's traces, and their messages are still there.
 */

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ZAgentExport } from '@oceras/protocol';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseRemovedAgents } from '../../src/jobs/erase-removed-agents.job.js';
import { onServer } from '../attachments-kit.js';
import { expectDumpWithout, queryDatabase } from '../database-dump.js';
import { type ExpoPushServer, startExpoPushServer } from '../expo-push-server.js';
import { buildOrganization, expectError, startTestServer, type TestServer } from '../helpers.js';
import { download, hasFile, type IdentifiedAgent, identifiedAgent, identifiedVisitor } from './rights-people.js';

let server: TestServer;
let expo: ExpoPushServer;
beforeAll(async () => {
  expo = await startExpoPushServer();
  server = await startTestServer({
    TRUST_PROXY: '1',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'oceras-agent-')),
    EXPO_BASE_URL: expo.url,
    PUSH_POLL_MS: '100',
    PUSH_RECEIPT_DELAY_MS: '0',
  });
});
afterAll(async () => {
  await server?.close();
  await expo?.close();
});

const sql = <T = Record<string, unknown>>(text: string, values: unknown[] = []) =>
  queryDatabase<T>(server.databaseUrl, text, values);

let tokens = 0;
const pushToken = () => `ExponentPushToken[agent${Date.now().toString(36)}${tokens++}]`;

/** An organization with a visitor's conversation in which `agent` replied and wrote a note. */
async function scene(role: 'admin' | 'manager' | 'agent' = 'agent') {
  const org = await buildOrganization(server);
  const agent = await identifiedAgent(server, org.api, role);
  await agent.signInAgain();
  const device = await agent.api.call('registerDevice', {
    body: { token: pushToken(), platform: 'ios', appVersion: '2.0.0', name: `${agent.name}'s phone` },
  });
  // A personal saved view whose name and search hold their name and email: exported, and erased with them.
  const view = await agent.api.call('createSavedView', {
    body: { name: `${agent.name}'s queue`, scope: 'personal', filters: { view: 'mine', q: agent.email } },
  });
  // A mistyped password from their address: a sign-in counter keyed by their email's hash, with the address.
  await agent.mistypePassword();
  const visitor = await identifiedVisitor(server, org.organization.widgetKey);
  const reply = `Replying about order ${Date.now().toString(36)}`;
  const note = `Note on refund ${Date.now().toString(36)}`;
  await agent.api.call('sendMessage', {
    params: { id: visitor.conversation.id },
    body: { clientId: `reply-${Date.now()}`, body: reply },
  });
  await agent.api.call('sendMessage', {
    params: { id: visitor.conversation.id },
    body: { clientId: `note-${Date.now()}`, body: note, type: 'note' },
  });
  const [row] = await sql<{ password_hash: string }>('select password_hash from agents where id = $1', [agent.id]);
  return { org, agent, device, view, visitor, reply, note, passwordHash: row!.password_hash };
}

/** Every trace of the agent's own, for the dump. */
const tracesOf = (agent: IdentifiedAgent, passwordHash: string) => ({
  name: agent.name,
  email: agent.email,
  ip: agent.ip,
  userAgent: agent.userAgent,
  avatar: agent.avatarUrl,
  'password hash': passwordHash,
});

describe('§7 Access and Portability for agents', () => {
  it('§7 Access — GET /api/v1/me/export gives an agent their profile, sessions, devices, notification settings and the messages they wrote', async () => {
    const { agent, device, view, reply, note } = await scene();
    await agent.api.call('updateNotificationSettings', { body: { unassigned: false } });
    const { res, json } = await download(server, '/api/v1/me/export', (await agent.signInAgain()).accessToken);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="oceras-agent-${agent.id}.json"`);
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const doc = ZAgentExport.parse(json);
    expect(doc.agent).toMatchObject({ id: agent.id, name: agent.name, email: agent.email, avatarUrl: agent.avatarUrl });
    expect(doc.sessions.length).toBeGreaterThanOrEqual(3);
    expect(doc.sessions.every((s) => s.ip === agent.ip && s.userAgent === agent.userAgent)).toBe(true);
    expect(doc.devices.map((d) => d.id)).toEqual([device.id]);
    expect(doc.savedViews.map((v) => [v.id, v.name, v.filters.q])).toEqual([[view.id, view.name, agent.email]]);
    expect(doc.notificationSettings).toEqual({
      enabled: true,
      assigned: true,
      unassigned: false,
      mentions: true,
      email: 'immediate',
    });
    expect(doc.messages.map((m) => [m.type, m.body])).toEqual([
      ['message', reply],
      ['note', note],
    ]);
  });
});

describe('§6 and §7 Erasure of an agent', () => {
  it('§6 Account deletion — DELETE /api/v1/me stops the account at once and leaves none of its personal data; its messages stay under "Deleted agent"', async () => {
    const { org, agent, visitor, reply, note, passwordHash } = await scene();
    const second = await agent.signInAgain();
    const socket = io(`${server.baseUrl}/agent`, {
      forceNew: true,
      transports: ['websocket'],
      auth: { token: second.accessToken },
    });
    await new Promise((r) => socket.once('session.ready', r));
    // Every trace is there before: the search below would find it.
    await expectDumpWithout(server.databaseUrl, {}, tracesOf(agent, passwordHash));

    expect(await agent.api.call('deleteMe')).toEqual({ ok: true });

    await expectDumpWithout(server.databaseUrl, tracesOf(agent, passwordHash), {
      reply,
      note,
      admin: org.agent.name,
    });
    // Sessions, tokens and devices ended at once.
    await expect.poll(() => socket.connected).toBe(false);
    await expectError(agent.api.call('getMe'), 401);
    await expectError(server.client().call('refresh', { body: { refreshToken: second.refreshToken } }), 401);
    await expectError(
      server.client().call('login', { body: { email: agent.email, password: agent.password } }),
      401,
      'INVALID_CREDENTIALS',
    );
    expect((await org.api.call('listOrganizationDevices')).devices).toEqual([]);
    // The organization keeps the messages, under "Deleted agent".
    const page = await org.api.call('listMessages', { params: { id: visitor.conversation.id } });
    const theirs = page.messages.filter((m) => m.author.id === agent.id);
    expect(theirs.map((m) => [m.body, m.author.name])).toEqual([
      [reply, 'Deleted agent'],
      [note, 'Deleted agent'],
    ]);
    expect((await org.api.call('listAgents')).agents.map((a) => a.id)).not.toContain(agent.id);
    // The email address can be used again.
    expect((await org.api.call('createInvitation', { body: { email: agent.email } })).email).toBe(agent.email);
    // Their avatar's file is gone, and its URL answers 404.
    expect(await hasFile(server, agent.avatarKey)).toBe(false);
    expect((await fetch(onServer(server, agent.avatarUrl))).status).toBe(404);
    socket.disconnect();
  });

  it('§7 Erasure — the last admin cannot delete themselves while other agents remain, nor the only agent', async () => {
    const alone = await buildOrganization(server);
    await expectError(alone.api.call('deleteMe'), 409, 'CONFLICT');
    const { org, agent } = await scene();
    await expectError(org.api.call('deleteMe'), 409, 'CONFLICT');
    expect((await org.api.call('getMe')).agent.role).toBe('admin');
    await org.api.call('updateAgent', { params: { id: agent.id }, body: { role: 'admin' } });
    expect(await org.api.call('deleteMe')).toEqual({ ok: true });
    await expectError(org.api.call('getMe'), 401);
    // Now the last admin, with no one else left, is refused too: the organization is deleted instead.
    await expectError(agent.api.call('deleteMe'), 409, 'CONFLICT');
  });

  it('§7 Erasure — an admin erases an agent of their organization at once (DELETE /api/v1/agents/:id?erase=true)', async () => {
    const { org, agent, reply, passwordHash } = await scene();
    const other = await buildOrganization(server);
    await expectError(other.api.call('removeAgent', { params: { id: agent.id }, query: { erase: 'true' } }), 404);
    const colleague = await identifiedAgent(server, org.api, 'manager');
    await expectError(colleague.api.call('removeAgent', { params: { id: agent.id }, query: { erase: 'true' } }), 403);

    expect(await org.api.call('removeAgent', { params: { id: agent.id }, query: { erase: 'true' } })).toEqual({
      ok: true,
    });
    await expectDumpWithout(server.databaseUrl, tracesOf(agent, passwordHash), { reply, colleague: colleague.name });
    await expectError(agent.api.call('getMe'), 401);
    expect(await hasFile(server, agent.avatarKey)).toBe(false);
    expect(await hasFile(server, colleague.avatarKey)).toBe(true);
  });

  it('§6 Account deletion — "data is erased within 30 days": a removed agent is erased by the scheduler 30 days later', async () => {
    const { org, agent, reply, passwordHash } = await scene();
    expect(await org.api.call('removeAgent', { params: { id: agent.id } })).toEqual({ ok: true });
    // The account stops at once, its password hash with it; the name stays for the 30 days.
    await expectError(agent.api.call('getMe'), 401);
    await expectDumpWithout(server.databaseUrl, { 'password hash': passwordHash }, { name: agent.name });
    expect(await eraseRemovedAgents(server.services)).toBe(0);

    await sql(`update agents set removed_at = now() - interval '31 days' where id = $1`, [agent.id]);
    expect(await eraseRemovedAgents(server.services)).toBe(1);
    await expectDumpWithout(server.databaseUrl, tracesOf(agent, passwordHash), { reply });
    const [entry] = await sql<{ actor_type: string }>(
      `select actor_type from audit_log where target_id = $1 and action = 'agent.erased'`,
      [agent.id],
    );
    expect(entry?.actor_type).toBe('system');
    expect(await eraseRemovedAgents(server.services)).toBe(0);
  });
});

describe('§7 Objection / restriction of an agent', () => {
  it('§7 Objection — restriction: a restricted agent gets no pushes, not even a test push, and lifting it resumes them', async () => {
    const org = await buildOrganization(server);
    const agent = await identifiedAgent(server, org.api);
    const mine = pushToken();
    const theirs = pushToken();
    await org.api.call('registerDevice', { body: { token: mine, platform: 'ios', appVersion: '1.0.0' } });
    const device = await agent.api.call('registerDevice', {
      body: { token: theirs, platform: 'android', appVersion: '1.0.0' },
    });
    await agent.api.call('updateMe', { body: { availability: 'online' } });

    const set = await org.api.call('setAgentRestriction', { params: { id: agent.id }, body: { isRestricted: true } });
    expect(set).toMatchObject({ isRestricted: true });
    expect((await org.api.call('listAgents')).agents.find((a) => a.id === agent.id)?.isRestricted).toBe(true);
    const visitor = await identifiedVisitor(server, org.organization.widgetKey);
    // The admin's push arriving proves the message was dispatched; the restricted agent's phone got nothing.
    await expect.poll(() => expo.acceptedFor(mine).map((p) => p.body)).toContain(visitor.words[0]);
    expect(expo.acceptedFor(theirs)).toEqual([]);
    await expectError(org.api.call('sendTestPush', { params: { id: device.id } }), 409, 'CONFLICT');
    // The account still works and keeps its data.
    expect((await agent.api.call('getMe')).agent.isRestricted).toBe(true);

    await org.api.call('setAgentRestriction', { params: { id: agent.id }, body: { isRestricted: false } });
    await visitor.say(visitor.conversation.id);
    await expect.poll(() => expo.acceptedFor(theirs).map((p) => p.body)).toContain(visitor.words[1]);
  });
});
