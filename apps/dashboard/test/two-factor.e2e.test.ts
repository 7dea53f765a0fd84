/**
 * Two-factor sign-in in the browser: set up with the secret the page shows (the test computes the codes from it as
 * an authenticator app would), save the recovery codes, sign out, sign in with a code and then with a recovery code;
 * an organization that requires it sends a colleague without it to the setup before anything else.
 */
import { describe, expect } from 'vitest';
import { totp } from '../../server/src/modules/two-factor/totp.js';
import { type Page, shot, signUp, test } from './e2e';

/** Sets two-factor up on the account page; returns the secret as the page showed it and the recovery codes. */
async function setUp(page: Page) {
  await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
  await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
  await shot(page, 'two-factor-setup');
  const secret = (await page.locator('.two-factor-secret').textContent())!.replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  // The step before now: the sign-in that follows uses now's code (each code works once).
  await page.getByLabel('Enter the 6-digit code the app shows').fill(totp(secret, Date.now() - 30_000));
  await page.getByRole('button', { name: 'Turn on' }).click();
  const list = page.getByRole('list', { name: 'Recovery codes' });
  await list.waitFor();
  const recoveryCodes = (await list.getByRole('listitem').allTextContents()).map((c) => c.trim());
  expect(recoveryCodes).toHaveLength(10);
  return { secret, recoveryCodes };
}

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('two-factor sign-in', () => {
  test('sets up with a code, signs out, signs in with a code and with a recovery code', async ({ fresh }) => {
    const { context, problems } = fresh;
    const page = await context.newPage();
    const who = await signUp(page);
    await page.goto('/account');
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    const { secret, recoveryCodes } = await setUp(page);
    await shot(page, 'two-factor-recovery-codes');
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByText('On: signing in asks for a code').waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await signIn(page, who.email, who.password);
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    await page.getByLabel('Authentication code').fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').waitFor();
    await shot(page, 'two-factor-sign-in-code');
    await page.getByLabel('Authentication code').fill(totp(secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Mine' }).waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await signIn(page, who.email, who.password);
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Mine' }).waitFor();
    expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
  });

  test('an organization that requires it sends a colleague without it to the setup first', async ({
    server,
    fresh,
  }) => {
    const page = await fresh.context.newPage();
    await signUp(page);
    await page.goto('/account');
    await setUp(page);
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.goto('/admin/organization');
    await page.getByRole('switch', { name: 'Require two-factor authentication' }).check();
    await page.getByText('Everyone signs in with a code').waitFor();
    await shot(page, 'two-factor-organization-switch');

    const adminApi = server.client(
      await page.evaluate(() => JSON.parse(localStorage.getItem('oceras.tokens')!).accessToken as string),
    );
    const invite = await adminApi.call('createInvitation', { body: { email: `bo-${Date.now()}@example.com` } });
    const colleague = { email: invite.email, password: 'another long password' };
    await server.client().call('acceptInvitation', {
      body: { token: invite.inviteUrl!.split('#token=')[1]!, name: 'Bo', password: colleague.password },
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, colleague.email, colleague.password);
    await page.getByText(/requires two-factor authentication/).waitFor();
    await shot(page, 'two-factor-required');
    await setUp(page);
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByRole('heading', { name: 'Mine' }).waitFor();
  });
});
