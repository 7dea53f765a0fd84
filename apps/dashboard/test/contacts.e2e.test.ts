/**
 * Contacts in Chromium against the real server: the admin finds a visitor in Contacts by search, opens the contact
 * page (location from the browser's time zone and language, browser and device, the page they wrote from), edits
 * the phone and company, writes a note, then merges a duplicate contact into it through the merge dialog: the
 * duplicate's conversation moves, the page shows the kept contact, and the audit log has the merge.
 */
import { describe, expect } from 'vitest';
import { accessTokenOf, shot, shotOnFailure, test, until, widgetKeyOf } from './e2e';

const MAC_CHROME =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

describe('contacts', () => {
  test('search, the contact page, edit, a note, and merging a duplicate', async ({ signedIn, server }) => {
    const { page, problems } = signedIn;
    shotOnFailure(page, 'contacts');
    const api = server.client(await accessTokenOf(page));
    await api.call('updateOrganization', { body: { widgetSettings: { allowedDomains: ['shop.e2e.test'] } } });
    const widgetKey = await widgetKeyOf(page);
    /** A visitor's widget session from their own browser, and a first message. */
    const visit = async (body: Record<string, unknown>, userAgent = MAC_CHROME) => {
      const res = await fetch(`${server.baseUrl}/api/v1/widget/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': userAgent },
        body: JSON.stringify({ widgetKey, ...body }),
      });
      expect(res.status).toBe(200);
      const session = (await res.json()) as { sessionToken: string; visitorId: string };
      const conv = await server.client(session.sessionToken).call('startConversation', {
        body: {
          clientId: `c-${session.visitorId}`,
          message: { clientId: `m-${session.visitorId}`, body: 'Bonjour !' },
        },
      });
      return { ...session, conv };
    };
    const kept = await visit({
      name: 'Camille Contact',
      email: 'camille@e2e.test',
      locale: 'fr',
      timeZone: 'Europe/Paris',
      pageUrl: 'https://shop.e2e.test/pricing',
      pageTitle: 'Pricing · Fromages',
    });
    const duplicate = await visit(
      { name: 'Camille Duplicate' },
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
    );

    await page.getByRole('link', { name: 'Contacts', exact: true }).click();
    await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
    // The tab names the page after the unread badge, as the inbox's title carries it.
    await until(async () => /^(\(\d+\) )?Contacts · Oceras$/.test(await page.title()), 'the contacts title');
    await page.getByLabel('Search contacts').fill('camille');
    const table = page.getByRole('table', { name: 'Contacts' });
    await until(async () => (await table.getByRole('link').count()) === 2, 'two Camilles listed');
    await shot(page, 'contacts-list');
    await table.getByRole('link', { name: 'Camille Contact' }).click();

    await page.getByRole('heading', { name: 'Camille Contact', level: 1 }).waitFor();
    await until(async () => (await page.title()).endsWith('Camille Contact · Oceras'), "the contact's title");
    const details = page.getByRole('region', { name: 'Details' });
    const fact = (label: string) => details.locator('dt', { hasText: label }).locator('xpath=following-sibling::dd[1]');
    await until(async () => (await fact('Location').textContent()) === 'Europe/Paris · fr', 'the location');
    expect(await fact('Browser').textContent()).toBe('Chrome 120 on macOS');
    const pages = page.getByRole('region', { name: 'Pages they wrote from' });
    await pages.getByText('Pricing · Fromages').waitFor();
    expect(await pages.textContent()).toContain('https://shop.e2e.test/pricing');

    await details.getByRole('button', { name: 'Edit details' }).click();
    await details.getByLabel('Phone').fill('+33 6 12 34 56 78');
    await details.getByLabel('Company').fill('Fromagerie Camille');
    await details.getByRole('button', { name: 'Save' }).click();
    await until(async () => (await fact('Company').textContent()) === 'Fromagerie Camille', 'the saved company');
    expect(await fact('Phone').textContent()).toBe('+33 6 12 34 56 78');

    const notes = page.getByRole('region', { name: 'Notes' });
    await notes.getByLabel('New note').fill('Prefers to be called after 6 pm.');
    await notes.getByRole('button', { name: 'Add note' }).click();
    await notes
      .getByRole('list', { name: 'Notes about this contact' })
      .getByText('Prefers to be called after 6 pm.')
      .waitFor();
    await shot(page, 'contact-page');

    // The duplicate, from the list, merged into the kept contact.
    await page.getByRole('link', { name: '← All contacts' }).click();
    await page.getByLabel('Search contacts').fill('duplicate');
    await until(async () => (await table.getByRole('link').count()) === 1, 'the duplicate alone');
    await table.getByRole('link', { name: 'Camille Duplicate' }).click();
    await page.getByRole('heading', { name: 'Camille Duplicate', level: 1 }).waitFor();
    await until(
      async () => (await fact('Browser').textContent()) === 'Safari 17 on iOS (phone)',
      "the duplicate's phone browser",
    );
    await page.getByRole('button', { name: 'Merge into another contact…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge contacts' });
    await dialog.getByLabel('Find the contact to keep').fill('camille@e2e');
    await dialog.getByRole('radio', { name: 'Camille Contact · camille@e2e.test' }).check();
    await shot(page, 'contact-merge-dialog');
    await dialog.getByRole('button', { name: 'Merge' }).click();

    await page.getByRole('heading', { name: 'Camille Contact', level: 1 }).waitFor();
    await until(() => page.url().endsWith(`/contacts/${kept.visitorId}`), 'the kept contact page');
    const conversations = page.getByRole('region', { name: 'Conversations' });
    await until(async () => (await conversations.getByRole('link').count()) === 2, 'both conversations');
    await shot(page, 'contact-merged');

    expect((await api.call('getConversation', { params: { id: duplicate.conv.id } })).visitor.id).toBe(kept.visitorId);
    const { entries } = await api.call('listAuditLog', { query: { targetId: kept.visitorId } });
    expect(entries.find((e) => e.action === 'visitor.merged')?.details).toMatchObject({
      from: duplicate.visitorId,
      manual: true,
    });
    expect(problems).toEqual([]);
  });
});
