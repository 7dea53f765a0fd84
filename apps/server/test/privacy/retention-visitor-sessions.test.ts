/**
 * A visitor's session (the id and token the widget keeps in the browser, §2.2, §11) ends after
 * VISITOR_SESSION_TTL_DAYS without use, when the visitor resets the widget, or when an agent ends it; the retention
 * job then deletes it, and the visitor too if they left nothing else.
 */
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRetention } from '../../src/jobs/retention.job.js';
import { buildOrganization, expectError, startTestServer, statusOf, type TestServer, visitor } from '../helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ VISITOR_SESSION_TTL_DAYS: '180' });
});
afterAll(async () => {
  await server?.close();
});

const sql = (text: string, values: unknown[] = []) =>
  (server.database.db as any).$client.query(text, values) as Promise<{ rows: any[] }>;
const ageSession = (visitorId: string, days: number) =>
  sql(`update visitor_sessions set last_used_at = now() - make_interval(days => ${days}) where visitor_id = $1`, [
    visitorId,
  ]);

/** Whether the visitor socket accepts this token now. */
function socketAccepts(sessionToken: string) {
  const s = io(`${server.baseUrl}/visitor`, { transports: ['websocket'], reconnection: false, auth: { sessionToken } });
  return new Promise<boolean>((resolve) => {
    s.once('session.ready', () => resolve(true));
    s.once('connect_error', () => resolve(false));
  }).finally(() => s.disconnect());
}

describe('§2.2 A visitor ID stored in the visitor’s browser', () => {
  it('§2.2 A visitor ID stored in the visitor’s browser — a session unused for VISITOR_SESSION_TTL_DAYS has ended: its token is refused, a resume starts a new visitor, and the job deletes it with a visitor who left nothing else', async () => {
    const org = await buildOrganization(server);
    const key = org.organization.widgetKey;
    const silent = await server.client().call('createWidgetSession', { body: { widgetKey: key } });
    const writer = await server.client().call('createWidgetSession', { body: { widgetKey: key } });
    await server.client(writer.sessionToken).call('startConversation', { body: { clientId: 'ttl-conversation-1' } });
    const regular = await server.client().call('createWidgetSession', { body: { widgetKey: key } });
    await ageSession(silent.visitorId, 180);
    await ageSession(writer.visitorId, 180);
    await ageSession(regular.visitorId, 179);
    // Using a session moves its last use: the regular visitor comes back on day 179.
    const back = await server.client().call('createWidgetSession', {
      body: { widgetKey: key, sessionToken: regular.sessionToken },
    });
    expect(back).toMatchObject({ isResumed: true, visitorId: regular.visitorId });
    const touched = await sql(
      `select last_used_at > now() - interval '1 minute' as recent from visitor_sessions where visitor_id = $1`,
      [regular.visitorId],
    );
    expect(touched.rows).toEqual([{ recent: true }]);
    // This process read the writer's session a moment ago; its cache keeps an answer 60 s at most.
    server.services.principals.forgetVisitor(writer.visitorId);

    await expectError(server.client(writer.sessionToken).call('listVisitorConversations'), 401, 'UNAUTHENTICATED');
    expect(await socketAccepts(writer.sessionToken)).toBe(false);
    const again = await server.client().call('createWidgetSession', {
      body: { widgetKey: key, sessionToken: silent.sessionToken },
    });
    expect(again.isResumed).toBe(false);
    expect(again.visitorId).not.toBe(silent.visitorId);

    await runRetention(server.services);
    const sessions = await sql('select visitor_id from visitor_sessions where visitor_id = any($1)', [
      [silent.visitorId, writer.visitorId, regular.visitorId],
    ]);
    expect(sessions.rows.map((r) => r.visitor_id)).toEqual([regular.visitorId]);
    const visitors = await sql('select id from visitors where id = any($1)', [
      [silent.visitorId, writer.visitorId, regular.visitorId],
    ]);
    // The visitor who wrote stays with their conversation (the organization's); the silent one is gone.
    expect(visitors.rows.map((r) => r.id).sort()).toEqual([writer.visitorId, regular.visitorId].sort());
    expect(await statusOf(server.client(regular.sessionToken).call('listVisitorConversations'))).toBe(200);
  });

  it('§2.2 A visitor ID stored in the visitor’s browser — Oceras.reset() ends the session on the server: the token is refused at once and the visitor’s socket is closed', async () => {
    const org = await buildOrganization(server);
    const v = await visitor(server, org.organization.widgetKey);
    const closed = new Promise<string>((r) => v.socket.once('disconnect', r));
    await v.api.call('revokeWidgetSession');
    expect(await closed).toBe('io server disconnect');
    await expectError(v.api.call('listVisitorConversations'), 401, 'UNAUTHENTICATED');
    expect(await socketAccepts(v.session.sessionToken)).toBe(false);
    const fresh = await server.client().call('createWidgetSession', {
      body: { widgetKey: org.organization.widgetKey, sessionToken: v.session.sessionToken },
    });
    expect(fresh.isResumed).toBe(false);
    v.close();
  });

  it('§2.2 A visitor ID stored in the visitor’s browser — an agent ends a visitor’s sessions: that visitor’s tokens stop working, nobody else’s, and another organization cannot', async () => {
    const org = await buildOrganization(server);
    const other = await buildOrganization(server);
    const target = await visitor(server, org.organization.widgetKey);
    const bystander = await visitor(server, org.organization.widgetKey);
    await expectError(
      other.api.call('revokeVisitorSessions', { params: { id: target.session.visitorId } }),
      404,
      'NOT_FOUND',
    );
    expect(await statusOf(target.api.call('listVisitorConversations'))).toBe(200);
    const closed = new Promise<string>((r) => target.socket.once('disconnect', r));
    await org.api.call('revokeVisitorSessions', { params: { id: target.session.visitorId } });
    expect(await closed).toBe('io server disconnect');
    await expectError(target.api.call('listVisitorConversations'), 401, 'UNAUTHENTICATED');
    expect(await statusOf(bystander.api.call('listVisitorConversations'))).toBe(200);
    expect(bystander.socket.connected).toBe(true);
    target.close();
    bystander.close();
  });
});
