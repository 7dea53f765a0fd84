/**
 * Canned responses in Chromium against the real server: the admin creates a shared response in Settings → Canned
 * responses; an agent, in their own browser, types `/thx` in the composer, picks it with the keyboard, sees the body
 * with the visitor's name filled in, edits it and sends it; the visitor receives the expanded text. A change to the
 * shared response reaches the agent the next time they open the list.
 */
import { describe, expect } from 'vitest';
import { accessTokenOf, newContext, shot, shotOnFailure, test, until, visitor, widgetKeyOf } from './e2e';

describe('canned responses', () => {
  test('an admin shares /thx; an agent inserts it with the keyboard and the visitor receives it expanded', async ({
    signedIn,
    server,
    browser,
  }) => {
    const { page: admin, problems, who } = signedIn;
    shotOnFailure(admin, 'canned');
    await admin.getByRole('link', { name: 'Canned responses' }).click();
    await admin.getByRole('heading', { name: 'Canned responses', level: 1 }).waitFor();
    const form = admin.getByRole('region', { name: 'New canned response' });
    await form.getByLabel('Shortcode').fill('thx');
    await form.getByLabel('Title').fill('Thanks');
    await form
      .getByLabel('Body')
      .fill('Thanks {{visitor.name | there}}! {{agent.name}} from {{organization.name}} is on it.');
    await form.getByLabel('The whole team (shared)').check();
    await form.getByRole('button', { name: 'Create canned response' }).click();
    const shared = admin.getByRole('region', { name: 'Shared with the team' });
    await shared.getByRole('listitem', { name: '/thx Thanks' }).waitFor();
    // A second shared one starting the same way, so the keyboard has a choice to make.
    await form.getByLabel('Shortcode').fill('thx-later');
    await form.getByLabel('Title').fill('Thanks, later');
    await form.getByLabel('Body').fill('Talk soon.');
    await form.getByLabel('The whole team (shared)').check();
    await form.getByRole('button', { name: 'Create canned response' }).click();
    await shared.getByRole('listitem', { name: '/thx-later Thanks, later' }).waitFor();
    await shot(admin, 'canned-responses-settings');

    // Bob, an agent, in his own browser: the shared responses are his to use, not to change.
    const api = server.client(await accessTokenOf(admin));
    const inv = await api.call('createInvitation', { body: { email: 'bob@canned.example', role: 'agent' } });
    await server.client().call('acceptInvitation', {
      body: { token: inv.inviteUrl!.split('#token=')[1]!, name: 'Bob Agent', password: 'bob password 1' },
    });
    const b = await newContext(browser, server);
    const bob = await b.context.newPage();
    shotOnFailure(bob, 'canned');
    await bob.goto('/');
    await bob.getByLabel('Email').fill('bob@canned.example');
    await bob.getByLabel('Password').fill('bob password 1');
    await bob.getByRole('button', { name: 'Sign in' }).click();
    await bob.getByRole('heading', { name: 'Mine' }).waitFor();
    await bob.getByRole('link', { name: 'Canned responses' }).click();
    const bobShared = bob.getByRole('region', { name: 'Shared with the team' });
    await bobShared.getByRole('listitem', { name: '/thx Thanks' }).waitFor();
    expect(await bobShared.getByRole('button', { name: 'Edit /thx' }).count()).toBe(0);
    expect(await bob.getByRole('radio', { name: 'The whole team (shared)' }).count()).toBe(0);

    const v = await visitor(server, await widgetKeyOf(admin), { name: 'Rita Replyme' });
    const conv = await v.start('Is my order on its way?');
    await bob.getByRole('link', { name: /^Unassigned/ }).click();
    await bob.getByRole('link', { name: /Rita Replyme/ }).click();
    await bob.getByRole('listitem', { name: 'Message from Rita Replyme' }).waitFor();

    const reply = bob.getByRole('textbox', { name: 'Reply' });
    await reply.click();
    await reply.pressSequentially('/thx');
    const list = bob.getByRole('listbox', { name: 'Canned responses' });
    await list.waitFor();
    const names = await list.getByRole('option').allTextContents();
    expect(names.map((n) => n.trim())).toEqual(['/thx Thanks', '/thx-later Thanks, later']);
    expect(await list.getByRole('option', { selected: true }).textContent()).toBe('/thx Thanks');
    await reply.press('ArrowDown');
    expect(await list.getByRole('option', { selected: true }).textContent()).toBe('/thx-later Thanks, later');
    await reply.press('ArrowUp');
    const active = await reply.getAttribute('aria-activedescendant');
    expect(await list.getByRole('option', { selected: true }).getAttribute('id')).toBe(active);
    await shot(bob, 'canned-responses-picker');
    await reply.press('Enter');
    await list.waitFor({ state: 'detached' });
    const expanded = `Thanks Rita Replyme! Bob Agent from ${who.org} is on it.`;
    expect(await reply.inputValue()).toBe(expanded);
    // Still the agent's text: edited before it goes.
    await reply.press('End');
    await reply.pressSequentially(' Anything else?');
    await reply.press('Enter');
    const sent = `${expanded} Anything else?`;
    await bob.getByRole('listitem', { name: 'Reply from Bob Agent' }).waitFor();
    await until(
      () => v.received.some((e) => e.event === 'message.created' && e.data.body === sent),
      'the visitor to receive the expanded reply',
    );
    const { messages } = await v.api.call('listVisitorMessages', { params: { id: conv.id } });
    expect(messages.at(-1)!.body).toBe(sent);

    // The admin changes the shared response: Bob's list has it the next time he types `/`. Escape closes the list.
    const thx = (await api.call('listCannedResponses', { query: { q: 'thx' } })).cannedResponses.find(
      (r) => r.shortcode === 'thx',
    )!;
    await api.call('updateCannedResponse', { params: { id: thx.id }, body: { title: 'Thank you', body: 'Cheers!' } });
    await reply.pressSequentially('/thx');
    await list.getByRole('option', { name: '/thx Thank you' }).waitFor();
    await reply.press('Escape');
    await list.waitFor({ state: 'detached' });
    expect(await reply.inputValue()).toBe('/thx');
    expect(await reply.evaluate((el) => el === document.activeElement)).toBe(true);
    v.close();
    for (const p of [problems, b.problems]) expect(p).toEqual([]);
    await b.context.close();
  });
});
