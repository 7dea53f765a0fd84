import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, enrolTwoFactor, startTestServer, type TestServer } from '../../../test/helpers.js';
import { FAILURES_PER_ADDRESS, FREE_FAILURES } from './login-limits.js';

// Several addresses through X-Forwarded-For (trusted here), and a login route that lets many attempts through per
// address, so that what answers is login-limits.ts and not the route's limit.
const roomyLogin = {
  rateLimits: {
    login: { max: 10_000, timeWindow: '1 minute' },
    loginTwoFactor: { max: 10_000, timeWindow: '1 minute' },
  },
};
const startServer = (env: Record<string, string>) => startTestServer({ TRUST_PROXY: 'true', ...env }, roomyLogin);

/** One sign-in through the public API from `ip` (127.0.0.1, where the factories sign up from, when omitted). */
async function login(server: TestServer, email: string, password: string, ip?: string) {
  const res = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(ip && { 'x-forwarded-for': ip }) },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { error?: { code: string } };
  return { status: res.status, code: body.error?.code ?? 'OK', retryAfter: Number(res.headers.get('retry-after')) };
}
/** The code step of a sign-in through the public API from `ip` (127.0.0.1 when omitted). */
async function code(server: TestServer, challengeToken: string, value: string, ip?: string) {
  const res = await fetch(`${server.baseUrl}/api/v1/auth/login/two-factor`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(ip && { 'x-forwarded-for': ip }) },
    body: JSON.stringify({ challengeToken, code: value }),
  });
  const body = (await res.json()) as { error?: { code: string } };
  return { status: res.status, code: body.error?.code ?? 'OK' };
}
/** A right password for an account with two-factor on: the challenge of the code step. */
async function challengeOf(server: TestServer, email: string, password: string, ip?: string) {
  const res = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(ip && { 'x-forwarded-for': ip }) },
    body: JSON.stringify({ email, password }),
  });
  return ((await res.json()) as { challengeToken: string }).challengeToken;
}
const statuses = (answers: { status: number }[]) => answers.map((a) => a.status);
const times = <T>(n: number, value: T) => Array.from({ length: n }, () => value);
const sql = (server: TestServer, text: string, values: unknown[] = []) =>
  (server.database.db as any).$client.query(text, values) as Promise<{ rows: any[] }>;

describe('long delays (60 s)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ LOGIN_DELAY_BASE_MS: '60000', LOGIN_DELAY_MAX_MS: '60000' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lets the agent in from an address they signed in from, after 150 wrong passwords from everywhere', async () => {
    const org = await buildOrganization(server);
    const email = org.agent.email;
    expect((await login(server, email, org.password, '198.51.100.7')).status).toBe(200);
    const answers = [];
    for (let i = 0; i < 150; i++)
      answers.push(await login(server, email, 'wrong password', `10.0.${i >> 8}.${i & 255}`));
    expect((await login(server, email, org.password, '198.51.100.7')).status).toBe(200);
    // Past the free failures, the guesses were refused before bcrypt, and a new address still waits, even with the
    // right password.
    expect(statuses(answers)).toEqual([...times(FREE_FAILURES, 401), ...times(150 - FREE_FAILURES, 429)]);
    const stranger = await login(server, email, org.password, '203.0.113.9');
    expect(stranger).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(stranger.retryAfter).toBeGreaterThan(0);
  }, 60_000);

  it('lets exactly the free failures through when 20 wrong guesses arrive at once from 20 addresses', async () => {
    const org = await buildOrganization(server);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => login(server, org.agent.email, 'wrong password', `10.1.0.${i + 1}`)),
    );
    // A 401 is a bcrypt run; a 429 was refused before it.
    expect(answers.filter((a) => a.status === 401)).toHaveLength(FREE_FAILURES);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(20 - FREE_FAILURES);
  });

  it('lets exactly the per-address limit through when 20 wrong guesses arrive at once from one address', async () => {
    // 127.0.0.1 is where the agent signed up: the account's delays do not apply, the per-address limit does.
    const org = await buildOrganization(server);
    const answers = await Promise.all(Array.from({ length: 20 }, () => login(server, org.agent.email, 'wrong!')));
    expect(answers.filter((a) => a.status === 401)).toHaveLength(FAILURES_PER_ADDRESS);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(20 - FAILURES_PER_ADDRESS);
  });

  it('limits one address per account: that account answers 429, another still answers 401', async () => {
    const a = await buildOrganization(server);
    const b = await buildOrganization(server);
    for (let i = 0; i < FAILURES_PER_ADDRESS; i++) {
      expect((await login(server, a.agent.email, 'wrong password')).status).toBe(401);
    }
    const refused = await login(server, a.agent.email, a.password);
    expect(refused).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(refused.retryAfter).toBeGreaterThan(0);
    expect(await login(server, b.agent.email, 'wrong password')).toMatchObject({
      status: 401,
      code: 'INVALID_CREDENTIALS',
    });
    // Another address is not concerned.
    expect((await login(server, a.agent.email, a.password, '192.0.2.44')).status).toBe(200);
  });

  it('answers an unknown email exactly like a known one, delays included', async () => {
    const org = await buildOrganization(server);
    const sequence = async (email: string) => {
      const answers = [];
      for (let i = 0; i < FREE_FAILURES + 3; i++)
        answers.push(await login(server, email, 'wrong password', '10.2.0.1'));
      return answers.map((a) => ({ status: a.status, code: a.code, hasRetryAfter: a.retryAfter > 0 }));
    };
    const known = await sequence(org.agent.email);
    const unknown = await sequence(`nobody-${Date.now()}@example.com`);
    expect(statuses(known)).toEqual([...times(FREE_FAILURES, 401), 429, 429, 429]);
    expect(unknown).toEqual(known);
  });

  it('counts wrong codes like wrong passwords, and the right password does not start the count afresh', async () => {
    const org = await buildOrganization(server);
    const enrolled = await enrolTwoFactor(org.api);
    // From a new address: the password (counted until a right code) and the codes share the free failures.
    const stranger = '10.6.0.1';
    const first = await challengeOf(server, org.agent.email, org.password, stranger);
    expect(first).toMatch(/^tfc_/);
    const answers = [];
    for (let i = 0; i < 2; i++) answers.push(await code(server, first, '000000', stranger));
    const second = await challengeOf(server, org.agent.email, org.password, stranger);
    for (let i = 0; i < 3; i++) answers.push(await code(server, second, '000000', stranger));
    expect(answers.map((a) => a.code)).toEqual([
      ...times(FREE_FAILURES - 3, 'INVALID_TWO_FACTOR_CODE'),
      'INVALID_TWO_FACTOR_CODE',
      'RATE_LIMITED',
      'RATE_LIMITED',
    ]);
    // The right code waits its turn too, from there.
    expect(await code(server, second, enrolled.code(0), stranger)).toMatchObject({ status: 429 });
    // From the address the agent signed in from, the account's delays do not apply.
    const mine = await challengeOf(server, org.agent.email, org.password);
    expect(await code(server, mine, enrolled.code(0))).toMatchObject({ status: 200 });
  });

  it('limits codes per address and account like passwords: past the limit even the password is refused', async () => {
    const org = await buildOrganization(server);
    await enrolTwoFactor(org.api);
    const token = await challengeOf(server, org.agent.email, org.password);
    const answers = [];
    for (let i = 0; i < FAILURES_PER_ADDRESS; i++) answers.push(await code(server, token, '000000'));
    // The password counted once, the codes the rest.
    expect(statuses(answers)).toEqual([...times(FAILURES_PER_ADDRESS - 1, 401), 429]);
    expect(await login(server, org.agent.email, org.password)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
  });

  it('forgets failures after a day in the maintenance job', async () => {
    const org = await buildOrganization(server);
    const other = await buildOrganization(server);
    await login(server, org.agent.email, 'wrong password', '10.3.0.1');
    await login(server, other.agent.email, 'wrong password', '10.3.0.2');
    const count = async () => ({
      failures: (await sql(server, 'select host(ip) as ip from login_failures where ip <<= $1', ['10.3.0.0/24'])).rows,
      delays: (await sql(server, 'select count(*)::int as n from login_delays')).rows[0].n as number,
    });
    const before = await count();
    expect(before.failures).toHaveLength(2);
    // The first email's rows are 25 hours old.
    for (const table of ['login_failures', 'login_delays']) {
      await sql(
        server,
        `update ${table} set last_at = last_at - interval '25 hours' where email_hash =
         (select email_hash from login_failures where ip = '10.3.0.1')`,
      );
    }
    await server.scheduler.tick();
    const after = await count();
    expect(after.failures).toEqual([{ ip: '10.3.0.2' }]);
    expect(after.delays).toBe(before.delays - 1);
  });
});

describe('short delays (2 s)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ LOGIN_DELAY_BASE_MS: '2000', LOGIN_DELAY_MAX_MS: '2000' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lets the right password in from a new address once the delay is over, and starts the count afresh', async () => {
    const org = await buildOrganization(server);
    const email = org.agent.email;
    for (let i = 0; i < FREE_FAILURES; i++) {
      expect((await login(server, email, 'wrong password', `10.4.0.${i + 1}`)).status).toBe(401);
    }
    const early = await login(server, email, org.password, '203.0.113.20');
    expect(early).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(early.retryAfter).toBeGreaterThan(0);
    // Waiting what the answer said, as a client would.
    await new Promise((resolve) => setTimeout(resolve, early.retryAfter * 1000));
    expect((await login(server, email, org.password, '203.0.113.20')).status).toBe(200);
    // That sign-in ended the delays: a new address gets its free failures again.
    expect((await login(server, email, 'wrong password', '10.4.1.1')).status).toBe(401);
  });
});

describe('no delays', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ LOGIN_DELAY_BASE_MS: '0' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers an unknown email exactly like a known one up to the per-address limit', async () => {
    const org = await buildOrganization(server);
    const sequence = async (email: string) => {
      const answers = [];
      for (let i = 0; i < FAILURES_PER_ADDRESS + 2; i++) {
        answers.push(await login(server, email, 'wrong password', '10.5.0.1'));
      }
      return answers.map((a) => ({ status: a.status, code: a.code, hasRetryAfter: a.retryAfter > 0 }));
    };
    const known = await sequence(org.agent.email);
    const unknown = await sequence(`nobody-${Date.now()}@example.com`);
    expect(statuses(known)).toEqual([...times(FAILURES_PER_ADDRESS, 401), 429, 429]);
    expect(unknown).toEqual(known);
  });
});
