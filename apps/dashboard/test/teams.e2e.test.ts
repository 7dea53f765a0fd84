/**
 * Teams and automatic assignment in Chromium against the real server (issue 17, "Routing"): the admin creates a
 * team in Settings → Teams, puts Bob in it and turns its automatic assignment on, sets Bob's capacity on the Agents
 * page, moves a visitor's conversation into the team from the conversation view (it goes to Bob at once, with the
 * line saying why), filters the inbox by team, and turns the organization's switch and grace period on.
 */
import { describe, expect } from 'vitest';
import { accessTokenOf, shot, shotOnFailure, test, until, visitor, widgetKeyOf } from './e2e';

describe('teams and automatic assignment', () => {
  test('a team with Bob in it takes a conversation and hands it to him; capacity, filter and settings saved', async ({
    signedIn,
    server,
  }) => {
    const { page, problems } = signedIn;
    shotOnFailure(page, 'teams');
    const admin = server.client(await accessTokenOf(page));
    const inv = await admin.call('createInvitation', { body: { email: 'bob@teams.example', role: 'agent' } });
    const bob = await server.client().call('acceptInvitation', {
      body: { token: inv.inviteUrl!.split('#token=')[1]!, name: 'Bob Agent', password: 'bob password 1' },
    });
    await server.client(bob.accessToken).call('updateMe', { body: { availability: 'online' } });

    // Settings → Teams: create, add Bob, switch on.
    await page.getByRole('link', { name: 'Teams', exact: true }).click();
    await page.getByRole('heading', { name: 'Teams', level: 1 }).waitFor();
    await page.getByLabel('Team name').fill('Billing');
    await page.getByRole('button', { name: 'Create team' }).click();
    const card = page.getByRole('region', { name: 'Billing' });
    await card.waitFor();
    await card.getByRole('group', { name: 'Members of Billing' }).getByLabel('Bob Agent').click();
    await expect.poll(async () => (await admin.call('listTeams')).teams[0]?.agentIds).toEqual([bob.agent.id]);
    await expect.poll(() => card.getByLabel('Bob Agent').isChecked()).toBe(true);
    const auto = card.getByRole('switch', { name: 'Assign Billing’s conversations automatically' });
    await auto.click();
    await expect.poll(async () => (await admin.call('listTeams')).teams[0]?.autoAssignment).toBe(true);
    await expect.poll(() => auto.isChecked()).toBe(true);
    await shot(page, 'teams-settings');
    const team = (await admin.call('listTeams')).teams[0]!;

    // Agents: Bob's capacity.
    await page.getByRole('link', { name: 'Agents', exact: true }).click();
    const capacity = page.getByLabel('Capacity of Bob Agent');
    await capacity.fill('3');
    await capacity.press('Enter');
    await expect
      .poll(async () => (await admin.call('listAgents')).agents.find((a) => a.id === bob.agent.id)?.capacity)
      .toBe(3);
    await expect.poll(() => capacity.inputValue()).toBe('3');

    // A conversation moved into the team from its view: assigned to Bob automatically, and the thread says why.
    const key = await widgetKeyOf(page);
    const v = await visitor(server, key, { name: 'Rita Routed' });
    const conv = await v.start('My invoice is wrong');
    const other = await visitor(server, key, { name: 'Otto Elsewhere' });
    await other.start('Just a question');
    await page.getByRole('link', { name: /^Unassigned/ }).click();
    await page.getByRole('link', { name: /Rita Routed/ }).click();
    await page.getByRole('listitem', { name: 'Message from Rita Routed' }).waitFor();
    await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Billing' });
    await expect
      .poll(async () => {
        const c = await admin.call('getConversation', { params: { id: conv.id } });
        return [c.teamId, c.assigneeId];
      })
      .toEqual([team.id, bob.agent.id]);
    await page.getByText('Assigned automatically to Bob Agent: fewest open conversations').waitFor();
    await expect.poll(() => page.getByLabel('Team', { exact: true }).inputValue()).toBe(team.id);
    await shot(page, 'teams-conversation');

    // The inbox filtered by team: Rita's conversation, not Otto's.
    await page.getByRole('link', { name: /^All/ }).click();
    await page.getByRole('heading', { name: 'All' }).waitFor();
    await page.getByRole('link', { name: /Otto Elsewhere/ }).waitFor();
    await page.getByLabel('Filter by team').selectOption({ label: 'Billing' });
    await page.getByRole('link', { name: /Otto Elsewhere/ }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: /Rita Routed/ }).waitFor();
    await page.getByLabel('Filter by team').selectOption({ label: 'Any team' });
    await page.getByRole('link', { name: /Otto Elsewhere/ }).waitFor();

    // Organization: the switch for conversations without a team, and the offline grace period.
    await page.getByRole('link', { name: 'Organization', exact: true }).click();
    const orgSwitch = page.getByRole('switch', { name: 'Assign new and reopened conversations automatically' });
    expect(await orgSwitch.isChecked()).toBe(false);
    await orgSwitch.click();
    await expect.poll(async () => (await admin.call('getOrganization')).autoAssignment).toBe(true);
    await expect.poll(() => orgSwitch.isChecked()).toBe(true);
    const grace = page.getByRole('form', { name: 'Offline agents' });
    await grace.getByLabel('Give back an offline agent’s conversations after (minutes)').fill('15');
    await grace.getByRole('button', { name: 'Apply grace period' }).click();
    await expect.poll(async () => (await admin.call('getOrganization')).reassignOfflineAfterMinutes).toBe(15);
    // Away after inactivity, on the same page.
    const idle = page.getByRole('form', { name: 'Inactive agents' });
    await idle.getByLabel('Set an online agent away after (minutes without activity)').fill('20');
    await idle.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(async () => (await admin.call('getOrganization')).awayAfterInactiveMinutes).toBe(20);
    // Otto's conversation, without a team, now goes automatically (to the admin or Bob: both online, both room).
    await until(
      async () => (await admin.call('listConversations', { query: { view: 'unassigned' } })).conversations.length === 0,
      "Otto's conversation to be assigned",
    );
    v.close();
    other.close();
    expect(problems).toEqual([]);
  });
});
