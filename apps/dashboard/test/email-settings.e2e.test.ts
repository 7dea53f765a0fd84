/**
 * Settings → Email (issue 16): an admin turns visitor follow-up off and on, sets its delay in minutes, and reads the
 * organization's sent-email log (here a bounce written into the queue, as the worker records one).
 */
import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { query } from '../../server/src/db/client.js';
import { accessTokenOf, type Page, shot, type TestServer, test } from './e2e';

let server: TestServer;
let page: Page;
let problems: string[];

test.beforeAll(async ({ server: s, signedIn }) => {
  server = s;
  ({ page, problems } = signedIn);
});

describe('email settings', () => {
  test('saves follow-up on or off and its delay, and lists sent emails with their status', async () => {
    const admin = server.client(await accessTokenOf(page));
    const { organization } = await admin.call('getMe');
    await query(
      server.database.db,
      sql`insert into email_outbox (organization_id, kind, recipient, subject, text, message_id, status, attempts, last_error)
          values (${organization.id}, 'followup', 'vera@example.com', 'New reply from Acme', 'x', ${`<e2e.${organization.id}@test>`},
                  'bounced', 1, '550 5.1.1 mailbox unavailable')`,
    );
    await page.getByRole('link', { name: 'Email', exact: true }).click();
    await page.getByRole('heading', { name: 'Follow-up emails' }).waitFor();
    const log = page.getByRole('region', { name: 'Sent emails' });
    await log.getByRole('cell', { name: 'vera@example.com' }).waitFor();
    expect(await log.getByRole('row').nth(1).textContent()).toMatch(
      /vera@example\.comNew reply from AcmeBounced1550 5\.1\.1 mailbox unavailable/,
    );

    const box = page.getByLabel('Email visitors the replies they have not read');
    expect(await box.isChecked()).toBe(true);
    await page.getByLabel('Wait before emailing (minutes)').fill('5');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    expect(await admin.call('getOrganization')).toMatchObject({ emailFollowUp: true, emailFollowUpDelaySeconds: 300 });
    await shot(page, 'email-settings');

    await box.uncheck();
    expect(await page.getByLabel('Wait before emailing (minutes)').isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await admin.call('getOrganization')).emailFollowUp).toBe(false);
    await page.reload();
    expect(await page.getByLabel('Email visitors the replies they have not read').isChecked()).toBe(false);
    expect(await page.getByLabel('Wait before emailing (minutes)').inputValue()).toBe('5');
    expect(problems).toEqual([]);
  });
});
