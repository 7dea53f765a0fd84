/**
 * Live lists in two browsers (issue 17, "Live changes"): while an admin creates, renames and deletes a shared view
 * and creates and renames a team, a colleague's dashboard (another browser, never reloaded) shows each change, from
 * the server's `list.changed` signal alone.
 */
import { describe, expect } from 'vitest';
import { accessTokenOf, newContext, shot, shotOnFailure, test } from './e2e';

describe('live lists', () => {
  test("a colleague's sidebar and team filter follow an admin's changes without a reload", async ({
    signedIn,
    server,
    browser,
  }) => {
    const admin = server.client(await accessTokenOf(signedIn.page));
    const inv = await admin.call('createInvitation', { body: { email: 'bo@live.example' } });
    const token = inv.inviteUrl!.split('#token=')[1]!;
    await server.client().call('acceptInvitation', { body: { token, name: 'Bo Agent', password: 'bo password 12' } });
    const b = await newContext(browser, server);
    const bo = await b.context.newPage();
    shotOnFailure(bo, 'live-lists');
    await bo.goto('/');
    await bo.getByLabel('Email').fill('bo@live.example');
    await bo.getByLabel('Password').fill('bo password 12');
    await bo.getByRole('button', { name: 'Sign in' }).click();
    await bo.getByRole('heading', { name: 'Mine' }).waitFor();
    const nav = bo.getByRole('navigation', { name: 'Main' });
    const views = nav.getByRole('list', { name: 'Saved views' });
    const list = bo.getByRole('region', { name: 'Conversations' });
    expect(await views.count()).toBe(0);
    expect(await list.getByLabel('Filter by team').count()).toBe(0);

    const view = await admin.call('createSavedView', {
      body: { name: 'Escalations', scope: 'shared', filters: { priority: 'urgent' } },
    });
    await views.getByRole('link', { name: /^Escalations/ }).waitFor();
    await admin.call('updateSavedView', { params: { id: view.id }, body: { name: 'Hot' } });
    await views.getByRole('link', { name: /^Hot/ }).waitFor();

    const team = await admin.call('createTeam', { body: { name: 'Billing', agentIds: [] } });
    const teamFilter = list.getByLabel('Filter by team');
    await expect.poll(() => teamFilter.locator('option').allTextContents()).toEqual(['Any team', 'Billing']);
    await admin.call('updateTeam', { params: { id: team.id }, body: { name: 'Invoices' } });
    await expect.poll(() => teamFilter.locator('option').allTextContents()).toEqual(['Any team', 'Invoices']);
    await shot(bo, 'live-lists');

    await admin.call('deleteSavedView', { params: { id: view.id } });
    await expect.poll(() => views.count()).toBe(0);
    expect(b.problems).toEqual([]);
    await b.context.close();
  });
});
