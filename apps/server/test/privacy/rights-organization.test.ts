/**
 * Privacy policy §6 ("conversation content is retained as long as the associated organization exists") and §7
 * (erasure) for a whole organization: `DELETE /api/v1/organization`, confirmed by its slug, removes everything of
 * it from the live database at once. A dump of the database then holds nothing of it but the audit entry saying
 * it was deleted, and everything of another organization.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onServer } from '../attachments-kit.js';
import { expectDumpWithout, queryDatabase } from '../database-dump.js';
import { buildOrganization, expectError, startTestServer, type TestServer } from '../helpers.js';
import { hasFile, identifiedAgent, identifiedVisitor, visitorTraces } from './rights-people.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ TRUST_PROXY: '1', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'oceras-org-')) });
});
afterAll(async () => {
  await server?.close();
});

const sql = <T = Record<string, unknown>>(text: string, values: unknown[] = []) =>
  queryDatabase<T>(server.databaseUrl, text, values);

/** An organization in use: two agents (one with a device), two visitors, replies, an export in its audit log. */
async function busyOrganization() {
  const org = await buildOrganization(server);
  const agent = await identifiedAgent(server, org.api);
  await agent.mistypePassword();
  await agent.api.call('registerDevice', {
    body: { token: `ExponentPushToken[org${Date.now().toString(36)}]`, platform: 'ios', appVersion: '1.0.0' },
  });
  const visitors = [
    await identifiedVisitor(server, org.organization.widgetKey),
    await identifiedVisitor(server, org.organization.widgetKey),
  ];
  const reply = `Thanks for waiting ${Date.now().toString(36)}`;
  await agent.api.call('sendMessage', {
    params: { id: visitors[0]!.conversation.id },
    body: { clientId: `org-reply-${Date.now()}`, body: reply },
  });
  await org.api.call('exportAuditLog');
  const traces: Record<string, string> = {
    'organization name': org.organization.name,
    slug: org.organization.slug,
    'widget key': org.organization.widgetKey,
    'admin name': org.agent.name,
    'admin email': org.agent.email,
    'agent name': agent.name,
    'agent email': agent.email,
    'agent ip': agent.ip,
    'agent user agent': agent.userAgent,
    reply,
  };
  for (const [i, v] of visitors.entries())
    for (const [what, trace] of Object.entries(visitorTraces(v))) traces[`visitor ${i} ${what}`] = trace;
  return { org, agent, visitors, traces };
}

describe('§7 Erasure of an organization', () => {
  it('§7 Erasure — DELETE /api/v1/organization, confirmed by its slug, leaves nothing of the organization in the database', async () => {
    const { org, agent, visitors, traces } = await busyOrganization();
    const other = await busyOrganization();
    const agentSocket = io(`${server.baseUrl}/agent`, {
      forceNew: true,
      transports: ['websocket'],
      auth: { token: org.accessToken },
    });
    const visitorSocket = io(`${server.baseUrl}/visitor`, {
      forceNew: true,
      transports: ['websocket'],
      auth: { sessionToken: visitors[0]!.token },
    });
    await Promise.all([agentSocket, visitorSocket].map((s) => new Promise((r) => s.once('session.ready', r))));
    await expectDumpWithout(server.databaseUrl, {}, traces);

    expect(await org.api.call('deleteOrganization', { query: { confirm: org.organization.slug } })).toEqual({
      ok: true,
    });

    await expectDumpWithout(server.databaseUrl, traces, other.traces);
    // Files too: its agents' avatars are gone, the other organization's stay.
    expect(await hasFile(server, agent.avatarKey)).toBe(false);
    expect(await hasFile(server, other.agent.avatarKey)).toBe(true);
    expect((await fetch(onServer(server, agent.avatarUrl))).status).toBe(404);
    // Every session of it ended at once, sockets included.
    await expect.poll(() => [agentSocket.connected, visitorSocket.connected]).toEqual([false, false]);
    await expectError(org.api.call('getMe'), 401);
    await expectError(agent.api.call('listConversations'), 401);
    await expectError(visitors[1]!.api.call('listVisitorConversations'), 401);
    await expectError(server.client().call('getWidgetConfig', { query: { key: org.organization.widgetKey } }), 404);
    // What stays is that it was deleted, by which agent id, and how much went: no name, no content.
    const kept = await sql<{ action: string; actor_id: string; details: Record<string, number> }>(
      'select action, actor_id, details from audit_log where organization_id = $1',
      [org.organization.id],
    );
    expect(kept).toEqual([
      {
        action: 'organization.deleted',
        actor_id: org.agent.id,
        details: { agents: 2, visitors: 2, conversations: 2, messages: expect.any(Number) },
      },
    ]);
    // The other organization is whole.
    expect((await other.org.api.call('listConversations')).conversations).toHaveLength(2);
    agentSocket.disconnect();
    visitorSocket.disconnect();
  });

  it('§7 Erasure — without its slug typed, or by another organization, nothing is deleted', async () => {
    const { org, traces } = await busyOrganization();
    const other = await buildOrganization(server);
    await expectError(
      org.api.call('deleteOrganization', { query: { confirm: 'not-the-slug' } }),
      400,
      'VALIDATION_FAILED',
    );
    await expectError(org.api.call('deleteOrganization', { query: {} as never }), 400, 'VALIDATION_FAILED');
    // Another admin typing this organization's slug deletes neither.
    await expectError(
      other.api.call('deleteOrganization', { query: { confirm: org.organization.slug } }),
      400,
      'VALIDATION_FAILED',
    );
    const colleague = await identifiedAgent(server, org.api, 'manager');
    await expectError(
      colleague.api.call('deleteOrganization', { query: { confirm: org.organization.slug } }),
      403,
      'FORBIDDEN',
    );
    await expectDumpWithout(server.databaseUrl, {}, traces);
    expect((await other.api.call('getOrganization')).slug).toBe(other.organization.slug);
  });
});
