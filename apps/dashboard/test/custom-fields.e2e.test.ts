/**
 * Custom fields in Chromium against the real server (issue 18, "Ticket fields"): the admin defines a required text
 * field, a single choice and a contact checkbox in Settings → Custom fields; Bob, an agent in his own browser, tries
 * to resolve a visitor's conversation and is told which field is missing, fills the fields in the conversation's
 * side panel, resolves, and ticks the contact field on the contact page (beside the site's custom attributes).
 */
import { describe, expect } from 'vitest';
import { accessTokenOf, newContext, shot, shotOnFailure, test, visitor, widgetKeyOf } from './e2e';

describe('custom fields', () => {
  test('an admin defines fields; an agent cannot resolve until the required one is filled, then fills a contact field', async ({
    signedIn,
    server,
    browser,
  }) => {
    const { page: admin, problems } = signedIn;
    shotOnFailure(admin, 'fields');
    const api = server.client(await accessTokenOf(admin));

    // Settings → Custom fields: a required text field, a single choice, a contact checkbox.
    await admin.getByRole('link', { name: 'Custom fields', exact: true }).click();
    await admin.getByRole('heading', { name: 'Custom fields', level: 1 }).waitFor();
    const form = admin.getByRole('form', { name: 'New field' });
    await form.getByLabel('Label', { exact: true }).fill('Root cause');
    await expect.poll(() => form.getByLabel('Key', { exact: true }).inputValue()).toBe('root_cause');
    await form.getByLabel('Required to resolve').check();
    await form.getByRole('button', { name: 'Create field' }).click();
    const conversationFields = admin.getByRole('region', { name: 'Conversation fields' });
    await conversationFields.getByRole('heading', { name: /Root cause/ }).waitFor();
    await form.getByLabel('Label', { exact: true }).fill('Reason');
    await form.getByLabel('Type').selectOption({ label: 'Single choice' });
    await form.getByLabel('Options, one per line').fill('Bug\nBilling');
    await form.getByRole('button', { name: 'Create field' }).click();
    await conversationFields.getByRole('heading', { name: /Reason/ }).waitFor();
    await form.getByLabel('For').selectOption({ label: 'Contacts' });
    await form.getByLabel('Label', { exact: true }).fill('VIP');
    await form.getByLabel('Type').selectOption({ label: 'Checkbox' });
    await form.getByRole('button', { name: 'Create field' }).click();
    await admin.getByRole('region', { name: 'Contact fields' }).getByRole('heading', { name: /VIP/ }).waitFor();
    await expect
      .poll(async () =>
        (await api.call('listCustomFields', {})).fields.map((f) => [f.entity, f.key, f.type, f.requiredOnResolve]),
      )
      .toEqual([
        ['conversation', 'root_cause', 'text', true],
        ['conversation', 'reason', 'single_choice', false],
        ['contact', 'vip', 'checkbox', false],
      ]);
    await expect
      .poll(() => conversationFields.getByRole('switch', { name: 'Root cause is required to resolve' }).isChecked())
      .toBe(true);
    await shot(admin, 'custom-fields-settings');

    // Bob, an agent, in his own browser.
    const inv = await api.call('createInvitation', { body: { email: 'bob@fields.example', role: 'agent' } });
    await server.client().call('acceptInvitation', {
      body: { token: inv.inviteUrl!.split('#token=')[1]!, name: 'Bob Agent', password: 'bob password 1' },
    });
    const b = await newContext(browser, server);
    const bob = await b.context.newPage();
    shotOnFailure(bob, 'fields');
    await bob.goto('/');
    await bob.getByLabel('Email').fill('bob@fields.example');
    await bob.getByLabel('Password').fill('bob password 1');
    await bob.getByRole('button', { name: 'Sign in' }).click();
    await bob.getByRole('heading', { name: 'Mine' }).waitFor();

    const v = await visitor(server, await widgetKeyOf(admin), { name: 'Fiona Fields' });
    const conv = await v.start('My refund never arrived');
    await api.call('updateVisitor', {
      params: { id: v.session.visitorId },
      body: { customAttributes: { plan: 'pro' } },
    });
    await bob.getByRole('link', { name: /^Unassigned/ }).click();
    await bob.getByRole('link', { name: /Fiona Fields/ }).click();
    await bob.getByRole('listitem', { name: 'Message from Fiona Fields' }).waitFor();

    // Resolving with the required field empty: refused, naming it; the conversation stays open.
    await bob.getByRole('button', { name: 'Resolve', exact: true }).click();
    await expect.poll(() => bob.getByRole('alert').filter({ hasText: 'Root cause' }).count()).toBe(1);
    expect((await api.call('getConversation', { params: { id: conv.id } })).status).toBe('open');

    // The side panel's fields: fill, save, resolve.
    const panel = bob.getByRole('region', { name: 'Conversation fields' });
    await panel.getByLabel(/Root cause/).fill('Bank transfer delayed');
    await panel.getByLabel('Reason').selectOption('Billing');
    await panel.getByRole('button', { name: 'Save fields' }).click();
    await expect
      .poll(async () => (await api.call('getConversation', { params: { id: conv.id } })).customFields)
      .toEqual({ root_cause: 'Bank transfer delayed', reason: 'Billing' });
    await shot(bob, 'custom-fields-conversation');
    await bob.getByRole('button', { name: 'Resolve', exact: true }).click();
    await expect
      .poll(async () => (await api.call('getConversation', { params: { id: conv.id } })).status)
      .toBe('resolved');

    // The contact page: typed contact fields apart from the site's free-form attributes.
    await api.call('updateVisitor', {
      params: { id: v.session.visitorId },
      body: { customAttributes: { plan: 'pro' } },
    });
    await bob.getByRole('link', { name: 'Contact page' }).click();
    const contactFields = bob.getByRole('region', { name: 'Contact fields' });
    await contactFields.getByLabel('VIP').check();
    await contactFields.getByRole('button', { name: 'Save fields' }).click();
    await expect
      .poll(async () => (await api.call('getVisitor', { params: { id: v.session.visitorId } })).customFields)
      .toEqual({ vip: true });
    await bob.getByRole('region', { name: 'Custom attributes' }).getByText('plan').waitFor();
    await expect.poll(() => contactFields.getByLabel('VIP').isChecked()).toBe(true);
    await shot(bob, 'custom-fields-contact');
    v.close();
    expect(problems).toEqual([]);
    expect(b.problems).toEqual([]);
    await b.context.close();
  });
});
