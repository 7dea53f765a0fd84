/**
 * Mentions in Chromium against the real server: the admin writes an internal note, types `@bo`, picks Bob from the
 * autocomplete with the keyboard and sends it; the note shows the mention highlighted. Bob, in his own browser, sees
 * the Mentions count arrive live, opens Mentions (the conversation, newest first), opens the conversation, sees the
 * mention of him highlighted, and the count goes away (read). Then, in French, a visitor's low rating on the faces
 * scale: the count arrives, Mentions lists it with the rating's face and the comment, and the thread says the rating
 * and the reopen in French (issue 18 "Languages").
 */
import { NOTICE_KINDS_QUERY } from '@oceras/protocol/notices';
import { describe, expect } from 'vitest';
import { accessTokenOf, newContext, shot, shotOnFailure, test, visitor, widgetKeyOf } from './e2e';

describe('mentions', () => {
  test('@-autocomplete in a note, the highlight, and the Mentions view of the agent mentioned', async ({
    signedIn,
    server,
    browser,
  }) => {
    const { page: admin, problems } = signedIn;
    shotOnFailure(admin, 'mentions');
    const api = server.client(await accessTokenOf(admin));
    for (const [email, name] of [
      ['bob@mentions.example', 'Bob Agent'],
      ['bea@mentions.example', 'Bea Other'],
    ] as const) {
      const inv = await api.call('createInvitation', { body: { email, role: 'agent' } });
      await server.client().call('acceptInvitation', {
        body: { token: inv.inviteUrl!.split('#token=')[1]!, name, password: 'agent password 1' },
      });
    }

    // Bob signs in first, in his own browser, and waits on the inbox.
    const b = await newContext(browser, server);
    const bob = await b.context.newPage();
    await bob.goto('/');
    await bob.getByLabel('Email').fill('bob@mentions.example');
    await bob.getByLabel('Password').fill('agent password 1');
    await bob.getByRole('button', { name: 'Sign in' }).click();
    await bob.getByRole('heading', { name: 'Mine' }).waitFor();
    const bobNav = bob.getByRole('navigation', { name: 'Main' });
    const mentionsLink = bobNav.getByRole('link', { name: /^Mentions/ });
    await expect.poll(() => mentionsLink.textContent()).toBe('Mentions');

    const v = await visitor(server, await widgetKeyOf(admin), { name: 'Nora Noted' });
    await v.start('My parcel never arrived');
    await admin.reload();
    await admin.getByRole('link', { name: /^Unassigned/ }).click();
    await admin.getByRole('link', { name: /Nora Noted/ }).click();
    await admin.getByRole('listitem', { name: 'Message from Nora Noted' }).waitFor();

    const composer = admin.getByRole('region', { name: 'Conversation' });
    await composer.getByRole('tab', { name: 'Internal note' }).click();
    const note = composer.getByRole('textbox', { name: 'Internal note' });
    await note.click();
    await note.pressSequentially('Could you call the carrier, @b');
    const list = composer.getByRole('listbox', { name: 'Mention a colleague' });
    await expect.poll(() => list.getByRole('option').allTextContents()).toEqual(['@Bea Other', '@Bob Agent']);
    await expect.poll(() => list.getByRole('option', { selected: true }).textContent()).toBe('@Bea Other');
    await note.press('ArrowDown');
    await expect.poll(() => list.getByRole('option', { selected: true }).textContent()).toBe('@Bob Agent');
    await shot(admin, 'mentions-autocomplete');
    await note.press('Enter');
    await expect.poll(() => note.inputValue()).toBe('Could you call the carrier, @Bob Agent ');
    expect(await list.count()).toBe(0);
    await note.pressSequentially('please?');
    await note.press('Enter');

    const sent = composer.getByRole('listitem', { name: /^Internal note by/ }).last();
    await expect.poll(() => sent.locator('mark.mention').allTextContents()).toEqual(['@Bob Agent']);
    await shot(admin, 'mentions-note-highlight');

    // Bob: the count arrives live; Mentions lists the conversation; opening it reads the mention.
    shotOnFailure(bob, 'mentions');
    await expect.poll(() => mentionsLink.textContent()).toBe('Mentions1 unread');
    await mentionsLink.click();
    const mentions = bob.getByRole('list', { name: 'Conversations where you were mentioned' });
    const row = mentions.getByRole('link', { name: /mentioned you/ });
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.textContent()).toContain(`${signedIn.who.name} mentioned you`);
    await expect.poll(() => row.textContent()).toContain('Could you call the carrier, @Bob Agent please?');
    await shot(bob, 'mentions-view');
    await row.click();
    const bobNote = bob.getByRole('listitem', { name: /^Internal note by/ }).last();
    await expect.poll(() => bobNote.locator('mark.mention-me').allTextContents()).toEqual(['@Bob Agent']);
    await expect.poll(() => mentionsLink.textContent()).toBe('Mentions');
    await shot(bob, 'mentions-note-for-me');

    // Bob's account: the mentions switch and the emails while offline.
    await bobNav.getByRole('link', { name: /^Bob Agent/ }).click();
    const card = bob.getByRole('region', { name: 'Notifications' });
    const mentionSwitch = card.getByRole('switch', { name: 'Colleagues mentioning me in a note' });
    await expect.poll(() => mentionSwitch.isChecked()).toBe(true);
    const emails = card.getByRole('group', { name: 'Emails while I am offline' });
    await expect.poll(() => emails.getByRole('radio', { name: 'Right away' }).isChecked()).toBe(true);
    await emails.getByRole('radio', { name: 'One daily digest' }).check();
    const bobApi = server.client(await accessTokenOf(bob));
    await expect.poll(async () => (await bobApi.call('getNotificationSettings')).email).toBe('digest');
    await mentionSwitch.uncheck();
    await expect.poll(async () => (await bobApi.call('getNotificationSettings')).mentions).toBe(false);
    await shot(bob, 'mentions-account-settings');

    // The visitor saw neither the note nor its mention.
    expect(JSON.stringify(v.received)).not.toContain('carrier');
    expect(problems).toEqual([]);
    v.close();
    await b.context.close();
  });

  test('a low rating in Mentions and in the thread, in French, on the faces scale', async ({ signedIn, server }) => {
    const { page: admin, problems } = signedIn;
    shotOnFailure(admin, 'mentions-low-rating');
    const api = server.client(await accessTokenOf(admin));
    await api.call('updateMe', { body: { language: 'fr' } });
    await api.call('updateOrganization', {
      body: {
        widgetSettings: { satisfactionSurvey: 'faces' },
        lowRatingActions: { threshold: 1, reopen: true, notify: true },
      },
    });
    const v = await visitor(server, await widgetKeyOf(admin), { name: 'Rita Rated' });
    const conv = await v.start('Where is my refund?');
    const me = await api.call('getMe');
    await api.call('updateConversation', { params: { id: conv.id }, body: { assigneeId: me.agent.id } });
    await api.call('updateConversation', { params: { id: conv.id }, body: { status: 'resolved' } });
    await admin.goto('/mentions');
    await admin.getByRole('heading', { name: 'Mentions' }).waitFor();
    const nav = admin.getByRole('navigation', { name: 'Principal' });
    const link = nav.getByRole('link', { name: /^Mentions/ });
    await expect.poll(() => link.textContent()).toBe('Mentions');

    await v.api.call('rateConversation', { params: { id: conv.id }, body: { score: 1, comment: 'Trop lent' } });
    // The count arrives live (the rating's conversation.updated reloads the list), and the row says the face.
    await expect.poll(() => link.textContent()).toBe('Mentions1 non lues');
    const list = admin.getByRole('list', { name: 'Conversations où vous avez été mentionné' });
    const row = list.getByRole('link', { name: /Note d’un visiteur/ });
    await expect.poll(() => row.textContent()).toContain('Note d’un visiteur : visage triste');
    await expect.poll(() => row.textContent()).toContain('Trop lent');
    await shot(admin, 'mentions-low-rating-fr');
    await row.click();
    const thread = admin.getByRole('list', { name: 'Messages' });
    await thread.getByText('Le visiteur a noté la conversation : visage triste').waitFor();
    await thread.getByText('Rouverte après la note du visiteur : visage triste').waitFor();
    // The conversation's pill says the face too (the organization's scale).
    await expect.poll(() => admin.locator('.rating-pill').textContent()).toBe('☺ Note : visage triste');
    expect(await thread.getByText(/Visitor rated|Reopened: rated/).count()).toBe(0);
    await shot(admin, 'mentions-low-rating-thread-fr');
    // Opening it read the notice.
    await expect.poll(() => link.textContent()).toBe('Mentions');
    await expect
      .poll(async () => (await api.call('listMentions', { query: { kinds: NOTICE_KINDS_QUERY } })).unreadCount)
      .toBe(0);
    expect(problems).toEqual([]);
    v.close();
  });
});
