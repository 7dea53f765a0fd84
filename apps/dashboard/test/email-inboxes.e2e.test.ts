/**
 * Settings → Email → Inboxes (issue 16): an admin connects support@… and disconnects it; a conversation on the email
 * channel carries the "Email" badge in the inbox list and in its header.
 */
import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { query } from '../../server/src/db/client.js';
import { accessTokenOf, type Page, shot, type TestServer, test, widgetKeyOf } from './e2e';

let server: TestServer;
let page: Page;
let problems: string[];

test.beforeAll(async ({ server: s, signedIn }) => {
  server = s;
  ({ page, problems } = signedIn);
});

describe('email inboxes', () => {
  test('connects and disconnects an inbox, and badges email conversations', async () => {
    const admin = server.client(await accessTokenOf(page));
    await page.getByRole('link', { name: 'Email', exact: true }).click();
    const inboxes = page.getByRole('region', { name: 'Inboxes' });
    await inboxes.getByText('No inbox connected yet.').waitFor();
    const address = `support-${Date.now().toString(36)}@acme.example`;
    await inboxes.getByLabel('Address').fill(address);
    await inboxes.getByRole('button', { name: 'Connect inbox' }).click();
    await expect.poll(() => inboxes.getByRole('list', { name: 'Connected inboxes' }).textContent()).toContain(address);
    await expect
      .poll(async () => (await admin.call('listEmailInboxes')).inboxes.map((i) => i.address))
      .toEqual([address]);
    await shot(page, 'email-inboxes');

    await inboxes.getByRole('button', { name: `Disconnect ${address}` }).click();
    await inboxes.getByText('No inbox connected yet.').waitFor();
    expect((await admin.call('listEmailInboxes')).inboxes).toEqual([]);

    // A conversation on the email channel (what an email to an inbox starts; the server's tests send real ones).
    const session = await server.client().call('createWidgetSession', {
      body: { widgetKey: await widgetKeyOf(page), email: 'carla@example.com', name: 'Carla' },
    });
    const conv = await server.client(session.sessionToken).call('startConversation', {
      body: {
        clientId: `c-${session.visitorId}`,
        message: { clientId: `m-${session.visitorId}`, body: 'Zipper broke' },
      },
    });
    await query(server.database.db, sql`update conversations set channel = 'email' where id = ${conv.id}`);
    await page.goto(`/conversations/${conv.id}`);
    // The conversation's header (a <header> inside the main view) carries the badge.
    await expect.poll(() => page.locator('main header').getByText('Email', { exact: true }).count()).toBe(1);
    await shot(page, 'email-conversation-badge');
    expect(problems).toEqual([]);
  });
});
