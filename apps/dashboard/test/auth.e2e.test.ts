/**
 * Accounts in the browser: sign out and in, wrong password, sessions and change of password, a session ended
 * elsewhere landing on the sign-in page with a message, a socket token refused and refreshed (SPEC R11), and tabs that refresh their tokens without racing the
 * rotation of the refresh token.
 */
import { asSignedIn } from '@oceras/protocol';
import { describe, expect } from 'vitest';
import { type Page, signUp, test, until } from './e2e';

const tokensIn = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('oceras.tokens') ?? 'null'));

describe('accounts', () => {
  test('signs out, refuses a wrong password, signs in again', async ({ fresh }) => {
    const { context, problems } = fresh;
    const page = await context.newPage();
    const who = await signUp(page);
    expect((await tokensIn(page)).refreshToken).toBeTruthy();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await tokensIn(page)).toBeNull();
    await page.getByLabel('Email').fill(who.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    // The server says "wrong email or password"; what people read starts with a capital letter.
    expect(await page.getByRole('alert').textContent()).toBe('Wrong email or password');
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Mine' }).waitFor();
    // A deep link survives a reload.
    await page.goto('/account');
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(problems).toEqual([]);
  });

  test('lists sessions, ends another one, changes the password', async ({ server, fresh }) => {
    const page = await fresh.context.newPage();
    const who = await signUp(page);
    const other = asSignedIn(
      await server.client().call('login', { body: { email: who.email, password: who.password } }),
    );
    await page.goto('/account');
    await page.getByRole('cell', { name: /this browser/ }).waitFor();
    await until(async () => (await page.getByRole('button', { name: 'End session' }).count()) === 1, 'two sessions');
    await page.getByRole('button', { name: 'End session' }).click();
    await until(async () => (await page.getByRole('button', { name: 'End session' }).count()) === 0, 'one session');
    const status = await server
      .client(other.accessToken)
      .call('getMe')
      .then(
        () => 200,
        (e: { status: number }) => e.status,
      );
    expect(status).toBe(401);

    // A wrong current password is refused with a message, and does not sign out.
    const form = page.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password').fill('not my password');
    await form.getByLabel('New password').fill('a brand new password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByRole('alert').waitFor();
    expect(await tokensIn(page)).not.toBeNull();
    await form.getByLabel('Current password').fill(who.password);
    await form.getByLabel('New password').fill('a brand new password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed.').waitFor();
    await server.client().call('login', { body: { email: who.email, password: 'a brand new password' } });
  });

  test('a session ended elsewhere lands on the sign-in page with a clear message', async ({ server, fresh }) => {
    const page = await fresh.context.newPage();
    const who = await signUp(page);
    const mine = await tokensIn(page);
    const elsewhere = asSignedIn(
      await server.client().call('login', { body: { email: who.email, password: who.password } }),
    );
    await server.client(elsewhere.accessToken).call('endSession', { params: { id: mine.sessionId } });
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 15_000 });
    await page.getByText(/Your session has ended/).waitFor();
    expect(await tokensIn(page)).toBeNull();
  });

  test('a socket token refused as UNAUTHENTICATED is refreshed, and the agent stays signed in', async ({
    server,
    fresh,
  }) => {
    const { context, problems } = fresh;
    const page = await context.newPage();
    await signUp(page);
    const before = await tokensIn(page);
    // The server refuses this session's next handshake once, as it does a token it cannot verify.
    let refusals = 0;
    server.realtime.io.of('/agent').use((socket, next) => {
      if (refusals > 0 || socket.handshake.auth.token !== before.accessToken) return next();
      refusals++;
      next(Object.assign(new Error('invalid token'), { data: { code: 'UNAUTHENTICATED', message: 'invalid token' } }));
    });
    const refreshes: string[] = [];
    context.on('request', (r) => {
      if (r.url().endsWith('/api/v1/auth/refresh')) refreshes.push(r.url());
    });
    for (const s of server.realtime.io.of('/agent').sockets.values()) s.conn.close();
    await page.getByText(/Back online/).waitFor({ timeout: 15_000 });
    expect(refusals).toBe(1);
    expect(refreshes).toHaveLength(1);
    expect((await tokensIn(page)).sessionId).toBe(before.sessionId);
    expect(await page.getByRole('heading', { name: 'Sign in' }).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  test('two tabs refresh before expiry without racing the refresh-token rotation', async ({ server, fresh }) => {
    const { context, problems } = fresh;
    await context.clock.install();
    const one = await context.newPage();
    await signUp(one);
    const two = await context.newPage();
    await two.goto('/inbox/all');
    await two.getByRole('heading', { name: 'All' }).waitFor();
    const before = await tokensIn(one);
    const refreshes: string[] = [];
    context.on('request', (r) => {
      if (r.url().endsWith('/api/v1/auth/refresh')) refreshes.push(r.url());
    });
    // Both tabs' timers fall due at the same moment (14 minutes in).
    await context.clock.fastForward('14:10');
    // The refresh token changes on every rotation (an access token minted in the same second can be identical).
    await until(async () => (await tokensIn(one)).refreshToken !== before.refreshToken, 'a refresh');
    await until(
      async () => (await tokensIn(two)).refreshToken === (await tokensIn(one)).refreshToken,
      'the second tab to share it',
    );
    await new Promise((r) => setTimeout(r, 1_500));
    expect(refreshes).toHaveLength(1);
    // The session is alive for both tabs: the server did not see a reused refresh token.
    const after = await tokensIn(one);
    expect(after.sessionId).toBe(before.sessionId);
    await server.client(after.accessToken).call('getMe');
    await two.getByRole('link', { name: /^Mine/ }).click();
    await two.getByRole('heading', { name: 'Mine' }).waitFor();
    expect(await two.getByRole('heading', { name: 'Sign in' }).count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
