import { asSignedIn } from '@oceras/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, expectError, startTestServer, type TestServer } from '../../../test/helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('sign-up and sign-in', () => {
  it('creates an organization with its admin, and the admin can sign in', async () => {
    const org = await buildOrganization(server);
    expect(org.agent.role).toBe('admin');
    expect(org.organization.widgetKey).toMatch(/^wk_/);
    const me = await org.api.call('getMe');
    expect(me.agent.id).toBe(org.agent.id);
    const login = asSignedIn(
      await server.client().call('login', { body: { email: org.agent.email.toUpperCase(), password: org.password } }),
    );
    expect(login.agent.id).toBe(org.agent.id);
  });

  it('refuses a taken slug or email with 409', async () => {
    const org = await buildOrganization(server);
    await expectError(buildOrganization(server, { slug: org.organization.slug }), 409, 'SLUG_TAKEN');
    await expectError(buildOrganization(server, { email: org.agent.email }), 409, 'EMAIL_TAKEN');
  });

  it('stores passwords as bcrypt cost 10', async () => {
    const org = await buildOrganization(server);
    const { rows } = await (server.database.db as any).$client.query('select password_hash from agents where id = $1', [
      org.agent.id,
    ]);
    expect(rows[0].password_hash).toMatch(/^\$2[aby]\$10\$/);
  });

  it('issues 15-minute access tokens pinned to type, issuer and audience', async () => {
    const org = await buildOrganization(server);
    const payload = JSON.parse(Buffer.from(org.accessToken.split('.')[1]!, 'base64url').toString());
    expect(payload.exp - payload.iat).toBe(900);
    const header = JSON.parse(Buffer.from(org.accessToken.split('.')[0]!, 'base64url').toString());
    expect(header).toMatchObject({ alg: 'HS256', typ: 'at+jwt' });
    // A token with alg none, or one that is not ours, is refused.
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url')}.${org.accessToken.split('.')[1]}.`;
    await expectError(server.client(none).call('getMe'), 401, 'UNAUTHENTICATED');
    await expectError(server.client(org.refreshToken).call('getMe'), 401, 'UNAUTHENTICATED');
  });

  it('answers a wrong password with 401 (the limits on guessing: login-limits.test.ts)', async () => {
    const org = await buildOrganization(server);
    await expectError(
      server.client().call('login', { body: { email: org.agent.email, password: 'wrong password' } }),
      401,
      'INVALID_CREDENTIALS',
    );
  });

  it('limits sign-in attempts per IP', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '10.1.1.1',
        payload: { email: `nobody${i}@example.com`, password: 'x' },
      });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 20).every((c) => c === 401)).toBe(true);
    expect(codes.slice(20)).toEqual([429, 429]);
  });
});

describe('refresh tokens', () => {
  it('rotates on every use; reuse after the grace window ends the whole family', async () => {
    const org = await buildOrganization(server);
    const first = await server.client().call('refresh', { body: { refreshToken: org.refreshToken } });
    expect(first.refreshToken).not.toBe(org.refreshToken);
    const second = await server.client().call('refresh', { body: { refreshToken: first.refreshToken } });
    // Pretend the first rotation happened long ago, then replay the original token: the family is revoked.
    await (server.database.db as any).$client.query(
      "update refresh_tokens set rotated_at = now() - interval '1 minute'",
    );
    await expectError(
      server.client().call('refresh', { body: { refreshToken: org.refreshToken } }),
      401,
      'SESSION_REVOKED',
    );
    await expectError(
      server.client().call('refresh', { body: { refreshToken: second.refreshToken } }),
      401,
      'SESSION_REVOKED',
    );
    await expectError(server.client(second.accessToken).call('getMe'), 401, 'SESSION_REVOKED');
  });

  it('lets two parallel refreshes with the same token both succeed (grace window)', async () => {
    const org = await buildOrganization(server);
    const [a, b] = await Promise.all([
      server.client().call('refresh', { body: { refreshToken: org.refreshToken } }),
      server.client().call('refresh', { body: { refreshToken: org.refreshToken } }),
    ]);
    expect(a.refreshToken).not.toBe(b.refreshToken);
    await server.client(a.accessToken).call('getMe');
    await server.client(b.accessToken).call('getMe');
  });

  it('logout ends the session; password change ends the others', async () => {
    const org = await buildOrganization(server);
    const other = asSignedIn(
      await server.client().call('login', { body: { email: org.agent.email, password: org.password } }),
    );
    const sessions = await org.api.call('listSessions');
    expect(sessions.sessions).toHaveLength(2);
    expect(sessions.sessions.filter((s) => s.isCurrent)).toHaveLength(1);

    await org.api.call('changePassword', {
      body: { currentPassword: org.password, newPassword: 'a new long password' },
    });
    await expectError(server.client(other.accessToken).call('getMe'), 401, 'SESSION_REVOKED');
    await expectError(
      server.client().call('refresh', { body: { refreshToken: other.refreshToken } }),
      401,
      'SESSION_REVOKED',
    );
    await org.api.call('getMe');

    await org.api.call('logout', { body: {} });
    await expectError(org.api.call('getMe'), 401, 'SESSION_REVOKED');
    await expectError(server.client().call('login', { body: { email: org.agent.email, password: org.password } }), 401);
  });

  it('changes the sign-in email only with the current password, and never to a taken one', async () => {
    const org = await buildOrganization(server);
    const other = await buildOrganization(server);
    const email = `renamed-${org.agent.id}@example.test`;
    await expectError(
      org.api.call('changeEmail', { body: { email, currentPassword: 'not the password' } }),
      401,
      'INVALID_CREDENTIALS',
    );
    await expectError(
      org.api.call('changeEmail', { body: { email: other.agent.email.toUpperCase(), currentPassword: org.password } }),
      409,
      'EMAIL_TAKEN',
    );
    await expectError(
      org.api.call('changeEmail', { body: { email: 'not an email', currentPassword: org.password } }),
      400,
    );
    expect((await org.api.call('getMe')).agent.email).toBe(org.agent.email);

    const changed = await org.api.call('changeEmail', { body: { email, currentPassword: org.password } });
    expect(changed.email).toBe(email);
    await expectError(server.client().call('login', { body: { email: org.agent.email, password: org.password } }), 401);
    await server.client().call('login', { body: { email, password: org.password } });
  });

  it("lets an agent end one of their sessions but not a colleague's", async () => {
    const a = await buildOrganization(server);
    const b = await buildOrganization(server);
    await expectError(a.api.call('endSession', { params: { id: b.sessionId } }), 404, 'NOT_FOUND');
    await b.api.call('getMe');
    await a.api.call('endSession', { params: { id: a.sessionId } });
    await expectError(a.api.call('getMe'), 401, 'SESSION_REVOKED');
  });
});

describe('secrets stay out of logs', () => {
  it('never logs passwords or tokens, and logs method, path, status and IP', async () => {
    const org = await buildOrganization(server, { password: 'hunter2-very-secret' });
    await server.client().call('refresh', { body: { refreshToken: org.refreshToken } });
    await server.client().call('login', { body: { email: org.agent.email, password: 'hunter2-very-secret' } });
    const all = server.logLines.join('\n');
    expect(all).not.toContain('hunter2-very-secret');
    expect(all).not.toContain(org.refreshToken);
    expect(all).not.toContain(org.accessToken);
    const line = server.logLines.map((l) => JSON.parse(l)).find((l) => l.path === '/api/v1/auth/login');
    expect(line).toMatchObject({ method: 'POST', status: 200, ip: '127.0.0.1' });
  });
});

describe('bad input', () => {
  it('answers 4xx JSON errors for wrong types, unknown fields, bad JSON, invalid UTF-8 and huge bodies', async () => {
    const post = (payload: string | Buffer, type = 'application/json') =>
      server.app.inject({ method: 'POST', url: '/api/v1/auth/signup', headers: { 'content-type': type }, payload });
    const cases: [string | Buffer, number][] = [
      [JSON.stringify({ organizationName: { $gt: '' }, slug: 'x', name: 1, email: [], password: null }), 400],
      [
        JSON.stringify({
          organizationName: 'A',
          slug: 'abc',
          name: 'B',
          email: 'b@example.com',
          password: 'long enough',
          admin: true,
        }),
        400,
      ],
      ['{"broken": ', 400],
      [Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), 400],
      [JSON.stringify({ organizationName: 'x'.repeat(200_000) }), 413],
    ];
    for (const [payload, status] of cases) {
      const res = await post(payload);
      expect(res.statusCode, String(payload).slice(0, 60)).toBe(status);
      expect(res.json().error.code).toBeTypeOf('string');
    }
    expect((await post('a=b', 'application/x-www-form-urlencoded')).statusCode).toBe(415);
  });
});
