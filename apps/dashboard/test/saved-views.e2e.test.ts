/**
 * Saved views edited in Chromium against the real server (issue 17): a view's filters changed in its editor,
 * custom field filters included, with the list and the sidebar's count following; then a field it filters by is
 * deleted, and the view still opens, says which filter no longer applies, and drops it when saved again.
 */
import { describe, expect } from 'vitest';
import { accessTokenOf, shot, shotOnFailure, test, visitor, widgetKeyOf } from './e2e';

describe('saved views', () => {
  test('edits a view with custom field filters; a deleted field leaves a view that opens and says so', async ({
    signedIn,
    server,
  }) => {
    const { page, problems } = signedIn;
    shotOnFailure(page, 'views');
    const admin = server.client(await accessTokenOf(page));
    await admin.call('createCustomField', {
      body: { entity: 'conversation', key: 'plan', label: 'Plan', type: 'single_choice', options: ['free', 'pro'] },
    });
    const region = await admin.call('createCustomField', {
      body: { entity: 'conversation', key: 'region', label: 'Region', type: 'text' },
    });
    const key = await widgetKeyOf(page);
    const people = [
      ['Pia Pro', { plan: 'pro', region: 'eu' }],
      ['Fred Free', { plan: 'free', region: 'eu' }],
      ['Paul Pro', { plan: 'pro', region: 'us' }],
    ] as const;
    const visitors = [];
    for (const [name, values] of people) {
      const v = await visitor(server, key, { name });
      visitors.push(v);
      const c = await v.start(`Hello from ${name}`);
      await admin.call('setConversationFields', { params: { id: c.id }, body: { values } });
    }

    const nav = page.getByRole('navigation', { name: 'Main' });
    const list = page.getByRole('region', { name: 'Conversations' });
    await nav.getByRole('link', { name: /^All/ }).click();
    await list.getByRole('link', { name: /Paul Pro/ }).waitFor();
    await list.getByRole('button', { name: 'Save view' }).click();
    const save = page.getByRole('dialog', { name: 'Save view' });
    await save.getByLabel('Name').fill('Customers');
    await save.getByRole('button', { name: 'Save view' }).click();
    await list.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    const views = nav.getByRole('list', { name: 'Saved views' });
    const link = () => views.getByRole('link', { name: /^(Customers|EU pro)/ });
    await expect.poll(() => link().textContent()).toMatch(/3 conversations/);

    // Edited: a new name, a choice and a text filter on custom fields.
    await list.getByRole('button', { name: 'Edit view' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit view' });
    await edit.getByLabel('Name').fill('EU pro');
    await edit.getByLabel('Plan').selectOption('pro');
    await edit.getByLabel('Region').fill('eu');
    await shot(page, 'saved-view-editor');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await list.getByRole('heading', { name: 'EU pro', level: 1 }).waitFor();
    await expect.poll(() => list.getByRole('link', { name: /Paul Pro|Fred Free/ }).count()).toBe(0);
    await list.getByRole('link', { name: /Pia Pro/ }).waitFor();
    await expect.poll(() => link().textContent()).toMatch(/EU pro.*1 conversation$/);
    const [stored] = (await admin.call('listSavedViews')).savedViews;
    expect(stored?.filters).toEqual({ view: 'all', status: 'unresolved', fields: { plan: 'pro', region: 'eu' } });

    // The region field is deleted: the view still opens, says so, and lists by what it has left (plan = pro).
    await admin.call('deleteCustomField', { params: { id: region.id } });
    await page.reload();
    const notice = list.getByRole('status').filter({ hasText: 'no longer applies' });
    await expect.poll(() => notice.textContent()).toContain('region = “eu”: the field was deleted');
    await list.getByRole('link', { name: /Paul Pro/ }).waitFor();
    await expect.poll(() => list.getByRole('link', { name: /Pro/ }).count()).toBe(2);
    await expect.poll(() => link().textContent()).toMatch(/2 conversations/);
    await shot(page, 'saved-view-inapplicable');

    // Saved again, the stale filter goes and so does the notice.
    await list.getByRole('button', { name: 'Edit view' }).click();
    const again = page.getByRole('dialog', { name: 'Edit view' });
    await expect
      .poll(() => again.getByRole('status').textContent())
      .toContain('These filters no longer apply and are removed when you save');
    await again.getByRole('button', { name: 'Save changes' }).click();
    await list.getByRole('heading', { name: 'EU pro', level: 1 }).waitFor();
    await expect.poll(() => notice.count()).toBe(0);
    const [cleaned] = (await admin.call('listSavedViews')).savedViews;
    expect(cleaned?.filters).toEqual({ view: 'all', status: 'unresolved', fields: { plan: 'pro' } });
    for (const v of visitors) v.close();
    expect(problems).toEqual([]);
  });
});
