import { asSignedIn } from '@oceras/protocol';
/**
 * Retention in the database (jobs/retention.job.ts), through the public API and real PostgreSQL. The clock is
 * controlled by moving the rows' timestamps back: the jobs compare with the database's now().
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRetention } from '../../src/jobs/retention.job.js';
import { buildAgent, buildOrganization, startTestServer, statusOf, type TestServer } from '../helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ TRUST_PROXY: 'true' });
});
afterAll(async () => {
  await server?.close();
});

const sql = (text: string, values: unknown[] = []) =>
  (server.database.db as any).$client.query(text, values) as Promise<{ rows: any[] }>;
/** Moves a timestamp column of the rows `where` selects `days` into the past. */
const age = (table: string, column: string, days: number, where: string, values: unknown[]) =>
  sql(`update ${table} set ${column} = ${column} - make_interval(days => ${days}) where ${where}`, values);

/** A visitor from `ip`, through the widget API. */
async function visitorFrom(widgetKey: string, ip: string) {
  const res = await fetch(`${server.baseUrl}/api/v1/widget/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, 'user-agent': `Browser from ${ip}` },
    body: JSON.stringify({ widgetKey }),
  });
  return (await res.json()) as { visitorId: string; sessionToken: string };
}

describe('§2.3 IP addresses are kept for up to 30 days', () => {
  it('§2.3 IP addresses are kept for up to 30 days — a visitor’s IP and user agent and an agent session’s IP are removed from the database 30 days after they were recorded', async () => {
    const org = await buildOrganization(server);
    const old = await visitorFrom(org.organization.widgetKey, '198.51.100.30');
    const recent = await visitorFrom(org.organization.widgetKey, '198.51.100.29');
    await age('visitors', 'last_seen_at', 30, 'id = $1', [old.visitorId]);
    await age('visitors', 'last_seen_at', 29, 'id = $1', [recent.visitorId]);
    await age('agent_sessions', 'created_at', 30, 'id = $1', [org.sessionId]);
    const second = asSignedIn(
      await server.client().call('login', { body: { email: org.agent.email, password: org.password } }),
    );

    await runRetention(server.services);

    const visitors = await sql('select id, host(ip) as ip, user_agent from visitors where id = any($1)', [
      [old.visitorId, recent.visitorId],
    ]);
    const byId = new Map(visitors.rows.map((r) => [r.id, r]));
    expect(byId.get(old.visitorId)).toMatchObject({ ip: null, user_agent: null });
    expect(byId.get(recent.visitorId)).toMatchObject({ ip: '198.51.100.29', user_agent: 'Browser from 198.51.100.29' });
    const sessions = await sql('select id, host(ip) as ip from agent_sessions where id = any($1)', [
      [org.sessionId, second.sessionId],
    ]);
    expect(Object.fromEntries(sessions.rows.map((r) => [r.id, r.ip]))).toEqual({
      [org.sessionId]: null,
      [second.sessionId]: '127.0.0.1',
    });
    // The session itself still works: only the address went.
    expect(await statusOf(org.api.call('getMe'))).toBe(200);
  });

  it('§2.3 IP addresses are kept for up to 30 days — failed sign-in records (an email hash and an IP) are deleted a day after the last failure', async () => {
    const org = await buildOrganization(server);
    const wrong = { email: org.agent.email, password: 'not the password' };
    await statusOf(server.client().call('login', { body: wrong }));
    const before = await sql('select count(*)::int as n from login_failures');
    expect(before.rows[0].n).toBeGreaterThan(0);
    await age('login_failures', 'last_at', 1, 'true', []);
    await age('login_delays', 'last_at', 1, 'true', []);
    await server.scheduler.tick();
    expect((await sql('select count(*)::int as n from login_failures')).rows[0].n).toBe(0);
    expect((await sql('select count(*)::int as n from login_delays')).rows[0].n).toBe(0);
  });
});

describe('§6 Account data is retained while your account is active', () => {
  it('§6 Account data is retained while your account is active — ended agent sessions (with their refresh tokens and devices), rotated tokens and used, withdrawn or expired invitations are purged a week after they ended', async () => {
    const org = await buildOrganization(server);
    const agent = await buildAgent(server, org);
    const revoked = asSignedIn(
      await server.client().call('login', { body: { email: org.agent.email, password: org.password } }),
    );
    await server.client(revoked.accessToken).call('registerDevice', {
      body: { token: `ExponentPushToken[retention${Date.now().toString(36)}]`, platform: 'ios', appVersion: '1.0.0' },
    });
    await server.client(revoked.accessToken).call('logout', { body: {} });
    const expired = asSignedIn(
      await server.client().call('login', { body: { email: org.agent.email, password: org.password } }),
    );
    // The admin's own session goes on with a new refresh token; the first one is rotated.
    const renewed = await server.client().call('refresh', { body: { refreshToken: org.refreshToken } });
    const pending = await org.api.call('createInvitation', { body: { email: `later-${Date.now()}@example.com` } });
    const withdrawn = await org.api.call('createInvitation', { body: { email: `no-${Date.now()}@example.com` } });
    await org.api.call('revokeInvitation', { params: { id: withdrawn.id } });

    await age('agent_sessions', 'revoked_at', 7, 'id = $1', [revoked.sessionId]);
    await sql(`update agent_sessions set expires_at = now() - interval '7 days' where id = $1`, [expired.sessionId]);
    await age('refresh_tokens', 'rotated_at', 30, 'session_id = $1', [org.sessionId]);
    await age('invitations', 'accepted_at', 7, 'organization_id = $1 and accepted_at is not null', [
      org.organization.id,
    ]);
    await age('invitations', 'revoked_at', 7, 'id = $1', [withdrawn.id]);

    await runRetention(server.services);

    const sessions = await sql('select id from agent_sessions where organization_id = $1', [org.organization.id]);
    expect(sessions.rows.map((r) => r.id).sort()).toEqual([org.sessionId, agent.sessionId].sort());
    expect(
      (await sql('select count(*)::int as n from devices where session_id = $1', [revoked.sessionId])).rows[0].n,
    ).toBe(0);
    expect(
      (
        await sql('select count(*)::int as n from refresh_tokens where session_id = any($1)', [
          [revoked.sessionId, expired.sessionId],
        ])
      ).rows[0].n,
    ).toBe(0);
    const invitations = await sql('select id from invitations where organization_id = $1', [org.organization.id]);
    expect(invitations.rows.map((r) => r.id)).toEqual([pending.id]);
    // What is still in use keeps working.
    expect(await statusOf(org.api.call('getMe'))).toBe(200);
    expect(await statusOf(agent.api.call('getMe'))).toBe(200);
    const tokens = await sql('select count(*)::int as n from refresh_tokens where session_id = $1', [org.sessionId]);
    expect(tokens.rows[0].n).toBe(1);
    expect(await statusOf(server.client().call('refresh', { body: { refreshToken: renewed.refreshToken } }))).toBe(200);
  });
});

describe('§6 Conversation content is retained as long as the associated organization exists', () => {
  it('§6 Conversation content is retained as long as the associated organization exists — by default nothing is deleted; an organization that sets a retention loses its resolved conversations quiet that long, with their messages', async () => {
    const kept = await buildOrganization(server);
    const trimmed = await buildOrganization(server);
    const start = async (org: typeof kept, body: string) => {
      const v = await server.client().call('createWidgetSession', { body: { widgetKey: org.organization.widgetKey } });
      const c = await server.client(v.sessionToken).call('startConversation', {
        body: {
          clientId: `c-${Math.random().toString(36).slice(2, 12)}`,
          message: { clientId: `m-${Date.now()}x1`, body },
        },
      });
      return { visitorId: v.visitorId, id: c.id };
    };
    const resolve = (org: typeof kept, id: string) =>
      org.api.call('updateConversation', { params: { id }, body: { status: 'resolved' } });
    const keptOld = await start(kept, 'kept forever');
    await resolve(kept, keptOld.id);
    const oldResolved = await start(trimmed, 'old and resolved');
    await resolve(trimmed, oldResolved.id);
    const youngResolved = await start(trimmed, 'resolved recently');
    await resolve(trimmed, youngResolved.id);
    const oldOpen = await start(trimmed, 'old but open');
    await age('conversations', 'last_activity_at', 400, 'id = any($1)', [[keptOld.id, oldResolved.id, oldOpen.id]]);
    await age('conversations', 'last_activity_at', 29, 'id = $1', [youngResolved.id]);

    expect((await trimmed.api.call('getOrganization')).conversationRetentionDays).toBeNull();
    await runRetention(server.services);
    expect(await statusOf(trimmed.api.call('getConversation', { params: { id: oldResolved.id } }))).toBe(200);

    await trimmed.api.call('updateOrganization', { body: { conversationRetentionDays: 30 } });
    expect(await statusOf(kept.api.call('updateOrganization', { body: { conversationRetentionDays: 6 } }))).toBe(400);
    await runRetention(server.services);

    expect(await statusOf(trimmed.api.call('getConversation', { params: { id: oldResolved.id } }))).toBe(404);
    expect(await statusOf(trimmed.api.call('getConversation', { params: { id: youngResolved.id } }))).toBe(200);
    expect(await statusOf(trimmed.api.call('getConversation', { params: { id: oldOpen.id } }))).toBe(200);
    expect(await statusOf(kept.api.call('getConversation', { params: { id: keptOld.id } }))).toBe(200);
    const left = await sql('select count(*)::int as n from messages where conversation_id = $1', [oldResolved.id]);
    expect(left.rows[0].n).toBe(0);
    const counts = await trimmed.api.call('countConversations');
    expect(counts.byStatus.resolved ?? 0).toBe(1);
  });
});

describe('§6 Retention runs in every process', () => {
  it('§6 Retention runs in every process — two processes applying it at once share the rows (SKIP LOCKED) and remove everything due, once', async () => {
    const org = await buildOrganization(server);
    const ids: string[] = [];
    for (let i = 0; i < 40; i++)
      ids.push((await visitorFrom(org.organization.widgetKey, `203.0.113.${i + 1}`)).visitorId);
    await age('visitors', 'last_seen_at', 31, 'id = any($1)', [ids]);
    const [a, b] = await Promise.all([runRetention(server.services), runRetention(server.services)]);
    expect(a.addresses + b.addresses).toBeGreaterThanOrEqual(40);
    const left = await sql('select count(*)::int as n from visitors where id = any($1) and ip is not null', [ids]);
    expect(left.rows[0].n).toBe(0);
  });
});
