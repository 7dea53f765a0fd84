/**
 * Integrations in the dashboard, in Chromium against the real server and its webhook worker: an agent creates an
 * API token (shown once) that then works as a bearer, revokes it; the admin subscribes a local receiver to events,
 * sees the secret once, sees the delivery with its status and response, and resends it.
 */
import { describe, expect } from 'vitest';
import { startTestServer } from '../../server/test/helpers.js';
import { startReceiver, verifySignature } from '../../server/test/webhook-receiver.js';
import { test as e2eTest, shot, shotOnFailure, until, visitor, widgetKeyOf } from './e2e';

// Webhooks to this machine's loopback receiver: allowed here (WEBHOOK_ALLOW_PRIVATE), never by default.
const test = e2eTest
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern
  .extend('server', { scope: 'file' }, async ({}, { onCleanup }) => {
    const server = await startTestServer({
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_POLL_MS: '100',
      WEBHOOK_RETRY_BASE_MS: '200',
    });
    onCleanup(() => server.close());
    return server;
  });

describe('API tokens and webhooks', () => {
  test('creates a token shown once that works as a bearer, then revokes it', async ({ signedIn, server }) => {
    const { page, problems } = signedIn;
    shotOnFailure(page, 'integrations');
    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    await page.getByLabel('Name').fill('CRM sync');
    await page.getByLabel('Messages: write').check();
    await page.getByRole('button', { name: 'Create token' }).click();
    const field = page.getByLabel('Your new token');
    await field.waitFor();
    const token = await field.inputValue();
    expect(token).toMatch(/^oce_/);
    await shot(page, 'api-tokens');
    const row = page.getByRole('row', { name: /CRM sync/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('conversations:read, messages:write');
    expect(await row.textContent()).not.toContain(token);
    // The token works on what its scopes allow.
    expect((await server.client(token).call('listConversations')).conversations).toBeDefined();
    await page.getByRole('button', { name: 'Revoke CRM sync' }).click();
    await row.waitFor({ state: 'detached' });
    const refused = await server
      .client(token)
      .call('listConversations')
      .then(
        () => 200,
        (e: { status: number }) => e.status,
      );
    expect(refused).toBe(401);
    expect(problems).toEqual([]);
  });

  test('subscribes a receiver, shows the secret once, lists deliveries and resends one', async ({
    signedIn,
    server,
  }) => {
    const { page, problems } = signedIn;
    shotOnFailure(page, 'integrations');
    const receiver = await startReceiver([
      { status: 500, body: 'receiver down' },
      { status: 200, body: 'thanks' },
    ]);
    try {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
      await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
      await page.getByLabel('URL').fill(receiver.url);
      await page.getByLabel('Conversation created').uncheck();
      await page.getByRole('button', { name: 'Create webhook' }).click();
      const secret = await page.getByLabel('Signing secret').inputValue();
      expect(secret).toMatch(/^whsec_/);

      const v = await visitor(server, await widgetKeyOf(page));
      await v.start('hello from the site');
      v.close();
      await page.getByRole('button', { name: 'Deliveries' }).click();
      const cell = page.getByRole('cell', { name: /delivered · 2 attempts/ });
      await cell.waitFor({ timeout: 15_000 });
      await page.getByRole('cell', { name: 'thanks' }).waitFor();
      await shot(page, 'webhooks');
      expect(receiver.received).toHaveLength(2);
      for (const r of receiver.received) {
        expect(r.json.type).toBe('message.created');
        expect(verifySignature(r.headers['oceras-signature'] as string, r.body, secret)).toBe(true);
      }
      await page.getByRole('button', { name: 'Resend' }).click();
      await until(() => receiver.received.length === 3, 'the resent delivery');
      expect(receiver.received[2]!.headers['oceras-delivery']).toBe(receiver.received[0]!.headers['oceras-delivery']);
      await page.getByRole('cell', { name: /delivered · 3 attempts/ }).waitFor();
      await page.getByRole('button', { name: 'Turn off' }).click();
      await page.getByRole('button', { name: 'Turn on' }).waitFor();
    } finally {
      await receiver.close();
    }
    expect(problems).toEqual([]);
  });
});
