/**
 * Identity verification in the dashboard (issue 19): an admin creates the secret (shown once, with a copy button and
 * how to sign with it), rotates it, and requires verified visitors; a verified visitor's side panel says "Verified",
 * shows their user id and the custom attributes their site set.
 */
import { createHmac } from 'node:crypto';
import { describe, expect } from 'vitest';
import { accessTokenOf, type Page, shot, type TestServer, test, widgetKeyOf } from './e2e';

let server: TestServer;
let page: Page;
let problems: string[] = [];

test.beforeAll(async ({ server: s, signedIn }) => {
  server = s;
  page = signedIn.page;
  problems = signedIn.problems;
});

describe('identity verification', () => {
  let secret = '';

  test('the admin creates the secret, shown once with how to use it, then rotates it', async () => {
    await page.goto('/admin/organization');
    const card = page.getByRole('region', { name: 'Identity verification' });
    await card.getByText('No secret yet: every visitor is anonymous.').waitFor();
    await card
      .getByText("crypto.createHmac('sha256', secret).update(userId).digest('hex')", { exact: false })
      .waitFor();
    await card.getByRole('button', { name: 'Create secret' }).click();
    const shown = card.getByRole('textbox', { name: 'Identity secret' });
    secret = await shown.inputValue();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await card.getByRole('button', { name: 'Copy' }).waitFor();
    await shot(page, 'identity-secret-shown-once');
    await card.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'detached' });
    expect(await card.getByText(secret).count()).toBe(0);

    // Rotating asks first; the old secret then signs nobody in.
    await card.getByRole('button', { name: 'Rotate secret' }).click();
    await card.getByRole('button', { name: 'Cancel' }).click();
    await card.getByRole('button', { name: 'Rotate secret' }).click();
    await card.getByRole('button', { name: 'Rotate now' }).click();
    const rotated = await card.getByRole('textbox', { name: 'Identity secret' }).inputValue();
    expect(rotated).not.toBe(secret);
    const key = await widgetKeyOf(page);
    const sign = (s: string, userId: string) => createHmac('sha256', s).update(userId).digest('hex');
    const refused = await server
      .client()
      .call('createWidgetSession', { body: { widgetKey: key, userId: 'u-1', userHash: sign(secret, 'u-1') } })
      .then(
        () => 'accepted',
        (e: { code?: string }) => e.code,
      );
    expect(refused).toBe('IDENTITY_INVALID');
    secret = rotated;
  });

  test('the admin requires verified identity with the switch', async () => {
    await page.getByRole('switch', { name: 'Require verified identity' }).check();
    await page.getByText('Only visitors your site identifies with a valid hash can chat').waitFor();
    const api = server.client(await accessTokenOf(page));
    await expect.poll(async () => (await api.call('getOrganization')).requireVerifiedIdentity).toBe(true);
  });

  test("a verified visitor's panel says so, with their user id and custom attributes", async () => {
    const key = await widgetKeyOf(page);
    const userId = 'customer-42';
    const userHash = createHmac('sha256', secret).update(userId).digest('hex');
    const session = await server
      .client()
      .call('createWidgetSession', { body: { widgetKey: key, userId, userHash, name: 'Vera Verified' } });
    const visitorApi = server.client(session.sessionToken);
    await visitorApi.call('identifyVisitor', { body: { attributes: { plan: 'pro', seats: 12 } } });
    const conv = await visitorApi.call('startConversation', {
      body: {
        clientId: 'identity-e2e-1',
        message: { clientId: 'identity-e2e-m1', body: 'Hello from a verified user' },
      },
    });
    await page.goto(`/conversations/${conv.id}`);
    const panel = page.getByRole('complementary', { name: 'Visitor' });
    await panel.getByText('Verified', { exact: true }).waitFor();
    await panel.getByText(userId, { exact: true }).waitFor();
    await panel.getByText('plan', { exact: true }).waitFor();
    await panel.getByText('pro', { exact: true }).waitFor();
    await panel.getByText('12', { exact: true }).waitFor();
    await shot(page, 'identity-verified-visitor-panel');
    expect(problems).toEqual([]);
  });
});
