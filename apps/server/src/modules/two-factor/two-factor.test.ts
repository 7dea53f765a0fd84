import { asSignedIn, isTwoFactorChallenge, type TLoginResponse } from '@oceras/protocol';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAgent,
  buildOrganization,
  enrolTwoFactor,
  expectError,
  startTestServer,
  type TestServer,
} from '../../../test/helpers.js';
import { totp } from './totp.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({}, { rateLimits: { login: { max: 1000 }, loginTwoFactor: { max: 1000 } } });
});
afterAll(async () => {
  await server?.close();
});

const sql = (text: string, values: unknown[] = []) =>
  (server.database.db as any).$client.query(text, values) as Promise<{ rows: any[] }>;
const login = (email: string, password: string) =>
  server.client().call('login', { body: { email, password } }) as Promise<TLoginResponse>;
async function challenge(email: string, password: string) {
  const answer = await login(email, password);
  if (!isTwoFactorChallenge(answer)) throw new Error('expected a two-factor challenge');
  return answer.challengeToken;
}
const auditActions = async (api: ReturnType<TestServer['client']>) =>
  (await api.call('listAuditLog')).entries.map((e) => e.action);

describe('enrolment', () => {
  it('sets up a pending secret, enables it with a code, and shows twoFactorEnabled on /me', async () => {
    const org = await buildOrganization(server);
    expect((await org.api.call('getMe')).twoFactorEnabled).toBe(false);
    const setup = await org.api.call('setUpTwoFactor');
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(setup.otpauthUrl);
    expect(url.searchParams.get('secret')).toBe(setup.secret);
    expect(url.searchParams.get('issuer')).toBe(`Oceras (${org.organization.name})`);
    expect(decodeURIComponent(url.pathname)).toContain(org.agent.email);
    // Pending: signing in still needs only the password.
    expect(isTwoFactorChallenge(await login(org.agent.email, org.password))).toBe(false);
    // The stored secret is sealed, never the base32 text.
    const [row] = (await sql('select secret, enabled_at from agent_two_factor where agent_id = $1', [org.agent.id]))
      .rows;
    expect(row.secret).not.toContain(setup.secret);
    expect(row.enabled_at).toBeNull();

    await expectError(
      org.api.call('enableTwoFactor', { body: { code: totp(setup.secret, Date.now() + 120_000) } }),
      401,
      'INVALID_TWO_FACTOR_CODE',
    );
    await expectError(org.api.call('enableTwoFactor', { body: { code: '12345' } }), 400, 'VALIDATION_FAILED');
    const { recoveryCodes } = await org.api.call('enableTwoFactor', { body: { code: totp(setup.secret) } });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
    const stored = (await sql('select code_hash from recovery_codes where agent_id = $1', [org.agent.id])).rows;
    expect(stored).toHaveLength(10);
    expect(JSON.stringify(stored)).not.toContain(recoveryCodes[0]!.replace(/-/g, ''));

    expect((await org.api.call('getMe')).twoFactorEnabled).toBe(true);
    // Never shown again: a second setup is refused while it is on.
    await expectError(org.api.call('setUpTwoFactor'), 409, 'CONFLICT');
    await expectError(org.api.call('enableTwoFactor', { body: { code: totp(setup.secret) } }), 409, 'CONFLICT');
    expect(await auditActions(org.api)).toContain('agent.two_factor_enabled');
  });

  it("acts on the caller's own account only: another organization's agent cannot touch it", async () => {
    const a = await buildOrganization(server);
    const b = await buildOrganization(server);
    const enrolled = await enrolTwoFactor(a.api);
    // B's calls act on B: a code of A's is wrong for B, and A's two-factor stays on.
    await expectError(b.api.call('enableTwoFactor', { body: { code: enrolled.code(0) } }), 409, 'CONFLICT');
    await expectError(
      b.api.call('disableTwoFactor', { body: { currentPassword: b.password, code: enrolled.code(0) } }),
      409,
      'CONFLICT',
    );
    expect((await a.api.call('getMe')).twoFactorEnabled).toBe(true);
    expect((await b.api.call('getMe')).twoFactorEnabled).toBe(false);
  });
});

describe('sign-in with a second factor', () => {
  it('answers a challenge instead of tokens, then signs in with a code; a replayed code is refused', async () => {
    const org = await buildOrganization(server);
    const enrolled = await enrolTwoFactor(org.api);
    const answer = await login(org.agent.email, org.password);
    expect(answer).toEqual({ twoFactorRequired: true, challengeToken: expect.any(String) });
    expect(JSON.stringify(answer)).not.toMatch(/accessToken|refreshToken/);
    const token = (answer as { challengeToken: string }).challengeToken;

    await expectError(
      server.client().call('loginTwoFactor', { body: { challengeToken: token, code: enrolled.code(3) } }),
      401,
      'INVALID_TWO_FACTOR_CODE',
    );
    const code = enrolled.code(0);
    const session = await server.client().call('loginTwoFactor', { body: { challengeToken: token, code } });
    expect(session.twoFactorEnabled).toBe(true);
    expect(session.agent.id).toBe(org.agent.id);
    expect((await server.client(session.accessToken).call('getMe')).agent.id).toBe(org.agent.id);

    // The same code again, with a fresh challenge: used once already.
    const again = await challenge(org.agent.email, org.password);
    await expectError(
      server.client().call('loginTwoFactor', { body: { challengeToken: again, code } }),
      401,
      'INVALID_TWO_FACTOR_CODE',
    );
    // The next step's code works.
    const next = await server
      .client()
      .call('loginTwoFactor', { body: { challengeToken: again, code: enrolled.code(1) } });
    expect(next.agent.id).toBe(org.agent.id);
  });

  it('uses a challenge once, refuses it after 5 minutes, and binds it to its agent', async () => {
    const org = await buildOrganization(server);
    const other = await buildOrganization(server);
    const enrolled = await enrolTwoFactor(org.api);
    const otherEnrolled = await enrolTwoFactor(other.api);
    const token = await challenge(org.agent.email, org.password);
    // Another agent's right code does not complete this agent's challenge.
    await expectError(
      server.client().call('loginTwoFactor', { body: { challengeToken: token, code: otherEnrolled.code(0) } }),
      401,
      'INVALID_TWO_FACTOR_CODE',
    );
    await server.client().call('loginTwoFactor', { body: { challengeToken: token, code: enrolled.code(0) } });
    await expectError(
      server.client().call('loginTwoFactor', { body: { challengeToken: token, code: enrolled.code(1) } }),
      401,
      'TWO_FACTOR_CHALLENGE_INVALID',
    );

    const late = await challenge(org.agent.email, org.password);
    await sql(`update two_factor_challenges set expires_at = now() - interval '1 second' where agent_id = $1`, [
      org.agent.id,
    ]);
    await expectError(
      server.client().call('loginTwoFactor', { body: { challengeToken: late, code: enrolled.code(1) } }),
      401,
      'TWO_FACTOR_CHALLENGE_INVALID',
    );
    await expectError(
      server.client().call('loginTwoFactor', { body: { challengeToken: 'tfc_'.padEnd(47, 'x'), code: '123456' } }),
      401,
      'TWO_FACTOR_CHALLENGE_INVALID',
    );
    // TWO_FACTOR.challengeTtlSeconds from the login.
    const fresh = await challenge(org.agent.email, org.password);
    const [row] = (
      await sql(
        `select extract(epoch from expires_at - now()) as s from two_factor_challenges
         where agent_id = $1 and used_at is null and expires_at > now()`,
        [org.agent.id],
      )
    ).rows;
    expect(Number(row.s)).toBeGreaterThan(290);
    expect(Number(row.s)).toBeLessThanOrEqual(300);
    expect(fresh).toMatch(/^tfc_/);
  });

  it('signs in with a recovery code once, and audits it', async () => {
    const org = await buildOrganization(server);
    const enrolled = await enrolTwoFactor(org.api);
    const recoveryCode = enrolled.recoveryCodes[3]!;
    const first = await challenge(org.agent.email, org.password);
    // Typed loosely: upper case and spaces instead of dashes.
    const typed = recoveryCode.toUpperCase().replace(/-/g, ' ');
    const session = await server
      .client()
      .call('loginTwoFactor', { body: { challengeToken: first, recoveryCode: typed } });
    expect(session.agent.id).toBe(org.agent.id);
    const second = await challenge(org.agent.email, org.password);
    await expectError(
      server.client().call('loginTwoFactor', { body: { challengeToken: second, recoveryCode } }),
      401,
      'INVALID_TWO_FACTOR_CODE',
    );
    const log = await org.api.call('listAuditLog');
    const used = log.entries.find((e) => e.action === 'agent.recovery_code_used');
    expect(used).toMatchObject({ target: { type: 'agent', id: org.agent.id }, details: { left: 9 } });
  });
});

describe('turning it off and new recovery codes', () => {
  it('turns off only with the password and a code, then signs in with the password alone', async () => {
    const org = await buildOrganization(server);
    const enrolled = await enrolTwoFactor(org.api);
    await expectError(
      org.api.call('disableTwoFactor', { body: { currentPassword: 'wrong password', code: enrolled.code(0) } }),
      401,
      'INVALID_CREDENTIALS',
    );
    await expectError(
      org.api.call('disableTwoFactor', { body: { currentPassword: org.password, code: enrolled.code(4) } }),
      401,
      'INVALID_TWO_FACTOR_CODE',
    );
    expect((await org.api.call('getMe')).twoFactorEnabled).toBe(true);
    await org.api.call('disableTwoFactor', { body: { currentPassword: org.password, code: enrolled.code(0) } });
    expect((await org.api.call('getMe')).twoFactorEnabled).toBe(false);
    expect(asSignedIn(await login(org.agent.email, org.password)).agent.id).toBe(org.agent.id);
    const left = await sql('select count(*)::int as n from recovery_codes where agent_id = $1', [org.agent.id]);
    expect(left.rows[0].n).toBe(0);
    expect(await auditActions(org.api)).toContain('agent.two_factor_disabled');
  });

  it('regenerates recovery codes with the password and a recovery code; the old ones stop working', async () => {
    const org = await buildOrganization(server);
    const enrolled = await enrolTwoFactor(org.api);
    const { recoveryCodes } = await org.api.call('regenerateRecoveryCodes', {
      body: { currentPassword: org.password, code: enrolled.recoveryCodes[0]! },
    });
    expect(recoveryCodes).toHaveLength(10);
    expect(recoveryCodes).not.toContain(enrolled.recoveryCodes[1]);
    const token = await challenge(org.agent.email, org.password);
    await expectError(
      server
        .client()
        .call('loginTwoFactor', { body: { challengeToken: token, recoveryCode: enrolled.recoveryCodes[1]! } }),
      401,
      'INVALID_TWO_FACTOR_CODE',
    );
    await server.client().call('loginTwoFactor', { body: { challengeToken: token, recoveryCode: recoveryCodes[1]! } });
    expect(await auditActions(org.api)).toContain('agent.recovery_codes_regenerated');
  });
});

describe('an organization that requires two-factor', () => {
  it('is switched on only by an admin who uses it', async () => {
    const org = await buildOrganization(server);
    await expectError(
      org.api.call('updateOrganization', { body: { requireTwoFactor: true } }),
      403,
      'TWO_FACTOR_REQUIRED',
    );
    expect((await org.api.call('getOrganization')).requireTwoFactor).toBe(false);
    await enrolTwoFactor(org.api);
    expect((await org.api.call('updateOrganization', { body: { requireTwoFactor: true } })).requireTwoFactor).toBe(
      true,
    );
    expect(await auditActions(org.api)).toContain('organization.two_factor_required');
  });

  it('blocks REST and the socket of an agent without it, except setting it up, until they enrol', async () => {
    const org = await buildOrganization(server);
    await enrolTwoFactor(org.api);
    const colleague = await buildAgent(server, org, 'agent');
    // An open socket of the colleague closes when the requirement is switched on.
    const before = io(`${server.baseUrl}/agent`, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token: colleague.accessToken },
    });
    await new Promise((resolve) => before.once('session.ready', resolve));
    const closed = new Promise((resolve) => before.once('disconnect', resolve));
    await org.api.call('updateOrganization', { body: { requireTwoFactor: true } });
    await closed;

    // The existing session goes on, but only to enrol.
    await expectError(colleague.api.call('listConversations'), 403, 'TWO_FACTOR_REQUIRED');
    await expectError(colleague.api.call('updateMe', { body: { name: 'x' } }), 403, 'TWO_FACTOR_REQUIRED');
    const me = await colleague.api.call('getMe');
    expect(me).toMatchObject({ twoFactorEnabled: false, organization: { requireTwoFactor: true } });
    const refused = io(`${server.baseUrl}/agent`, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token: colleague.accessToken },
    });
    const err = await new Promise<Error & { data?: { code: string } }>((resolve) =>
      refused.once('connect_error', resolve),
    );
    expect(err.data?.code).toBe('TWO_FACTOR_REQUIRED');
    refused.disconnect();

    // A new sign-in gets tokens (there is no second factor to ask for) that are limited the same way.
    const signedIn = asSignedIn(await login(colleague.agent.email, colleague.password));
    await expectError(server.client(signedIn.accessToken).call('listAgents'), 403, 'TWO_FACTOR_REQUIRED');

    // Enrolling lifts it at once, for REST and the socket.
    await enrolTwoFactor(colleague.api);
    expect((await colleague.api.call('listConversations')).conversations).toEqual([]);
    const after = io(`${server.baseUrl}/agent`, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token: colleague.accessToken },
    });
    await new Promise((resolve, reject) => {
      after.once('session.ready', resolve);
      after.once('connect_error', reject);
    });
    after.disconnect();
    before.disconnect();
  });
});
