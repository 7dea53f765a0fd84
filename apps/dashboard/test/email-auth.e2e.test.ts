/**
 * A visitor's message that came by email shows what the organization's relay found about its sender (issue 16):
 * "SPF pass · DKIM pass · DMARC pass" when every check passed, a warning when one failed; a widget message shows none.
 * The server's tests send real emails with Authentication-Results; here the stored result is set on the rows.
 */
import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { query } from '../../server/src/db/client.js';
import { type Page, shot, shotOnFailure, type TestServer, test, widgetKeyOf } from './e2e';

let server: TestServer;
let page: Page;
let problems: string[];

test.beforeAll(async ({ server: s, signedIn }) => {
  server = s;
  ({ page, problems } = signedIn);
});

describe('email authentication badge', () => {
  test('shows the checks on emailed messages, and warns when one failed', async () => {
    shotOnFailure(page, 'email-auth');
    const session = await server.client().call('createWidgetSession', {
      body: { widgetKey: await widgetKeyOf(page), email: 'dana@example.com', name: 'Dana' },
    });
    const visitor = server.client(session.sessionToken);
    const conv = await visitor.call('startConversation', {
      body: {
        clientId: `c-${session.visitorId}`,
        message: { clientId: `m1-${session.visitorId}`, body: 'Signed mail' },
      },
    });
    const forged = await visitor.call('sendVisitorMessage', {
      params: { id: conv.id },
      body: { clientId: `m2-${session.visitorId}`, body: 'Spoofed mail' },
    });
    await visitor.call('sendVisitorMessage', {
      params: { id: conv.id },
      body: { clientId: `m3-${session.visitorId}`, body: 'From the widget' },
    });
    const set = (body: string, auth: object) =>
      query(
        server.database.db,
        sql`update messages set email_auth = ${JSON.stringify(auth)}::jsonb
              where conversation_id = ${conv.id} and body = ${body}`,
      );
    await set('Signed mail', { authservId: 'mx.acme.example', spf: 'pass', dkim: 'pass', dmarc: 'pass' });
    await set(forged.body, { authservId: 'mx.acme.example', spf: 'softfail', dkim: 'none', dmarc: 'fail' });

    await page.goto(`/conversations/${conv.id}`);
    const thread = page.getByRole('list', { name: 'Messages' });
    const message = (body: string) => thread.getByRole('listitem').filter({ hasText: body });
    const verified = message('Signed mail').getByRole('note', { name: /^Sender verified/ });
    await verified.waitFor();
    expect(await verified.textContent()).toBe('✓ SPF pass · DKIM pass · DMARC pass');
    expect(await verified.getAttribute('title')).toBe('Checked by mx.acme.example');
    const warning = message('Spoofed mail').getByRole('note', { name: /^Sender not verified/ });
    await warning.waitFor();
    expect(await warning.textContent()).toBe('⚠ SPF softfail · DKIM none · DMARC fail');
    expect(await message('From the widget').getByRole('note').count()).toBe(0);
    await shot(page, 'email-auth-badges');
    expect(problems).toEqual([]);
  });
});
