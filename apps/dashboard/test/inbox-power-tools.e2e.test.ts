/**
 * Inbox power tools in Chromium against the real server (issue 17): a saved view made from the inbox's filters,
 * shared, in the sidebar with a count that follows the conversations; bulk actions on rows picked with a click, a
 * shift-click and `x`; the command palette (Ctrl+K) used with the keyboard only.
 */
import { describe, expect } from 'vitest';
import { accessTokenOf, shot, shotOnFailure, test, visitor, widgetKeyOf } from './e2e';

describe('inbox power tools', () => {
  test('saves the filtered list as a shared view whose sidebar count follows the conversations', async ({
    signedIn,
    server,
  }) => {
    const { page, problems } = signedIn;
    shotOnFailure(page, 'power');
    const admin = server.client(await accessTokenOf(page));
    const key = await widgetKeyOf(page);
    const v1 = await visitor(server, key, { name: 'Uma Urgent' });
    const c1 = await v1.start('Everything is down');
    const v2 = await visitor(server, key, { name: 'Lou Later' });
    await v2.start('A small question');
    await admin.call('updateConversation', { params: { id: c1.id }, body: { priority: 'urgent' } });

    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: /^All/ }).click();
    const list = page.getByRole('region', { name: 'Conversations' });
    await list.getByLabel('Filter by priority').selectOption('urgent');
    await expect.poll(() => list.getByRole('link', { name: /Lou Later/ }).count()).toBe(0);
    await list.getByRole('button', { name: 'Save view' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save view' });
    await dialog.getByLabel('Name').fill('Fires');
    await dialog.getByLabel('Share with the whole team').check();
    await dialog.getByRole('button', { name: 'Save view' }).click();

    // The new view opens, in the sidebar with its count.
    await list.getByRole('heading', { name: 'Fires', level: 1 }).waitFor();
    const views = nav.getByRole('list', { name: 'Saved views' });
    const fires = views.getByRole('link', { name: /^Fires/ });
    await expect.poll(() => fires.textContent()).toMatch(/Fires.*1 conversation$/);
    expect(await fires.getAttribute('aria-current')).toBe('page');
    await list.getByRole('link', { name: /Uma Urgent/ }).waitFor();
    const saved = (await admin.call('listSavedViews')).savedViews;
    expect(saved.map((s) => [s.name, s.scope, s.filters])).toEqual([
      ['Fires', 'shared', { view: 'all', status: 'unresolved', priority: 'urgent' }],
    ]);

    // Another conversation becomes urgent elsewhere: the count and the list follow, without a reload.
    const v3 = await visitor(server, key, { name: 'Ian Incident' });
    const c3 = await v3.start('Payments fail');
    await admin.call('updateConversation', { params: { id: c3.id }, body: { priority: 'urgent' } });
    await expect.poll(() => fires.textContent()).toMatch(/2 conversations/);
    await list.getByRole('link', { name: /Ian Incident/ }).waitFor();
    await shot(page, 'saved-views');

    // Renamed, then deleted: gone from the sidebar, back to Mine.
    await list.getByRole('button', { name: 'Edit view' }).click();
    const rename = page.getByRole('dialog', { name: 'Edit view' });
    await rename.getByLabel('Name').fill('Fire drill');
    await rename.getByRole('button', { name: 'Save changes' }).click();
    await list.getByRole('heading', { name: 'Fire drill', level: 1 }).waitFor();
    await views.getByRole('link', { name: /^Fire drill/ }).waitFor();
    await list.getByRole('button', { name: 'Delete view' }).click();
    await page
      .getByRole('dialog', { name: 'Delete “Fire drill”?' })
      .getByRole('button', { name: 'Delete view' })
      .click();
    await page.getByRole('heading', { name: 'Mine', level: 1 }).waitFor();
    await expect.poll(() => nav.getByRole('list', { name: 'Saved views' }).count()).toBe(0);
    await list.getByLabel('Filter by priority').selectOption('');
    for (const v of [v1, v2, v3]) v.close();
    expect(problems).toEqual([]);
  });

  test('picks rows with a click, a shift-click and x, then changes them all with one request', async ({
    signedIn,
    server,
  }) => {
    const { page, problems } = signedIn;
    shotOnFailure(page, 'power');
    const admin = server.client(await accessTokenOf(page));
    const me = (await admin.call('getMe')).agent;
    const key = await widgetKeyOf(page);
    const convs: { id: string; name: string; number: number }[] = [];
    for (const name of ['Ann One', 'Ben Two', 'Cal Three', 'Dee Four', 'Eve Five']) {
      const v = await visitor(server, key, { name });
      const { id } = await v.start(`Hello from ${name}`);
      convs.push({ id, name, number: (await admin.call('getConversation', { params: { id } })).number });
      v.close();
    }
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: /^Unassigned/ }).click();
    const list = page.getByRole('region', { name: 'Conversations' });
    await list.getByRole('link', { name: /Eve Five/ }).waitFor();
    const box = (i: number) => list.getByRole('checkbox', { name: `Select conversation #${convs[i]!.number}` });

    // Newest first: Eve, Dee, Cal, Ben, Ann. A click on Eve, a shift-click on Cal: Eve, Dee and Cal.
    await box(4).click();
    await box(2).click({ modifiers: ['Shift'] });
    const bar = list.getByRole('region', { name: 'Bulk actions' });
    await expect.poll(() => bar.getByRole('status').textContent()).toBe('3 selected');
    await expect.poll(() => box(3).isChecked()).toBe(true);
    expect(await box(1).isChecked()).toBe(false);
    // x on the focused row: Ann joins.
    await list.getByRole('link', { name: /Ann One/ }).focus();
    await page.keyboard.press('x');
    await expect.poll(() => bar.getByRole('status').textContent()).toBe('4 selected');
    await expect.poll(() => box(0).isChecked()).toBe(true);
    await shot(page, 'bulk-actions');

    const picked = [convs[0]!, convs[2]!, convs[3]!, convs[4]!];
    await bar.getByLabel('Set status of selected').selectOption('pending');
    for (const c of picked)
      await expect
        .poll(async () => (await admin.call('getConversation', { params: { id: c.id } })).status)
        .toBe('pending');
    expect((await admin.call('getConversation', { params: { id: convs[1]!.id } })).status).toBe('open');
    // Done: the selection is cleared. The changed ones moved up (their activity is newer): the first row and a
    // shift-click on the fifth pick these five, whatever their order (older conversations of the file sit below).
    await expect.poll(() => bar.count()).toBe(0);
    const boxes = list.getByRole('checkbox');
    await boxes.first().click();
    await boxes.nth(4).click({ modifiers: ['Shift'] });
    await expect.poll(() => bar.getByRole('status').textContent()).toBe('5 selected');
    await bar.getByLabel('Tag selected').fill('batch');
    await bar.getByLabel('Tag selected').press('Enter');
    await expect
      .poll(async () => (await admin.call('listConversations', { query: { tag: 'batch' } })).conversations.length)
      .toBe(5);
    await expect.poll(() => bar.count()).toBe(0);
    await boxes.first().click();
    await boxes.nth(4).click({ modifiers: ['Shift'] });
    await expect.poll(() => bar.getByRole('status').textContent()).toBe('5 selected');
    await bar.getByRole('button', { name: 'Assign to me' }).click();
    // Assigned (each one's event arrives as the server commits it): they leave Unassigned, and Mine counts them.
    // (The file's organization is shared: the first test's conversations stay in Unassigned.)
    for (const c of convs)
      await expect.poll(() => list.getByRole('link', { name: new RegExp(c.name) }).count()).toBe(0);
    for (const c of convs)
      await expect
        .poll(async () => (await admin.call('getConversation', { params: { id: c.id } })).assigneeId)
        .toBe(me.id);
    await expect.poll(() => nav.getByRole('link', { name: /^Mine/ }).textContent()).toMatch(/5 conversations/);
    expect(problems).toEqual([]);
  });

  test('the command palette runs every step with the keyboard: pending, priority, a tag, navigation', async ({
    signedIn,
    server,
  }) => {
    const { page, problems } = signedIn;
    shotOnFailure(page, 'power');
    const admin = server.client(await accessTokenOf(page));
    const v = await visitor(server, await widgetKeyOf(page), { name: 'Pia Palette' });
    const conv = await v.start('Can you check my account?');
    v.close();
    await page.goto(`/conversations/${conv.id}`);
    await page.getByRole('listitem', { name: 'Message from Pia Palette' }).waitFor();

    const palette = page.getByRole('dialog', { name: 'Command palette' });
    const field = palette.getByRole('combobox', { name: 'Type a command or a place' });
    const open = async () => {
      // The last command's palette gone first: Ctrl+K on an open palette closes it.
      await expect.poll(() => palette.count()).toBe(0);
      await page.keyboard.press('Control+k');
      await field.waitFor();
      await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    };

    await open();
    await field.pressSequentially('pend');
    const options = palette.getByRole('listbox', { name: 'Commands' });
    await expect.poll(() => options.getByRole('option', { selected: true }).textContent()).toMatch(/Mark pending/);
    await shot(page, 'command-palette');
    await field.press('Enter');
    await expect
      .poll(async () => (await admin.call('getConversation', { params: { id: conv.id } })).status)
      .toBe('pending');
    await expect.poll(() => palette.count()).toBe(0);

    // Arrows move the choice: "priority" lists urgent, high...; the second is high.
    await open();
    await field.pressSequentially('priority');
    await expect.poll(() => options.getByRole('option', { selected: true }).textContent()).toMatch(/Priority: urgent/);
    await field.press('ArrowDown');
    await expect.poll(() => options.getByRole('option', { selected: true }).textContent()).toMatch(/Priority: high/);
    await field.press('Enter');
    await expect
      .poll(async () => (await admin.call('getConversation', { params: { id: conv.id } })).priority)
      .toBe('high');

    // What is typed becomes a tag.
    await open();
    await field.pressSequentially('tag vip');
    await expect.poll(() => options.getByRole('option', { selected: true }).textContent()).toMatch(/Add tag “vip”/);
    await field.press('Enter');
    await expect
      .poll(async () => (await admin.call('getConversation', { params: { id: conv.id } })).tags)
      .toEqual(['vip']);

    // Escape closes without doing anything; navigation goes where it says.
    await open();
    await field.press('Escape');
    await expect.poll(() => palette.count()).toBe(0);
    await open();
    await field.pressSequentially('contacts');
    await field.press('Enter');
    await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
    expect(problems).toEqual([]);
  });
});
