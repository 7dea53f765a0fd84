/**
 * The mobile app's desk tools (issue 17's mobile parity, issue 16's email badge), in its web build in Chromium at a
 * phone's size against the real server and PostgreSQL: filters that stay live, a shared saved view with its count,
 * an email conversation's badge and its message's sender check (the relay's SPF, DKIM and DMARC results), a canned
 * response with its variables filled, an @mention that reaches the colleague, who is viewing, the Mentions list, a
 * bulk status change that a second agent sees, and a conversation's priority and tags set from its details.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rfc822 } from '../../server/test/email-server.js';
import { buildOrganization, startTestServer, type TestServer } from '../../server/test/helpers.js';
import { type SmtpSink, startSmtpSink } from '../../server/test/smtp-sink.js';
import { type Follower, follow } from '../../server/test/sockets.js';
import { buildWebIfMissing, launch, screenshotPath, serveDist, until, visitor } from './harness';

const SECRET = 'inbound-secret-mobile-desk-0123';
const RELAY = 'mx.shop.example.test';
let server: TestServer;
let sink: SmtpSink;
let web: Awaited<ReturnType<typeof serveDist>>;
let browser: Browser;
let page: Page;
let org: Awaited<ReturnType<typeof buildOrganization>>;
let bob: Awaited<ReturnType<typeof invitedAgent>>;
let bobLive: Follower;
let team: { id: string };
const visitors: Awaited<ReturnType<typeof visitor>>[] = [];
const ids: Record<'vera' | 'walt' | 'xena' | 'mail', string> = { vera: '', walt: '', xena: '', mail: '' };
const problems: string[] = [];

const shot = (name: string) => page.screenshot({ path: screenshotPath(`desk-${name}`) });
const inbox = () => page.getByTestId('inbox-screen');
const thread = () => page.getByTestId('conversation-screen');
const row = (name: string) => inbox().getByRole('link', { name: new RegExp(`Conversation with ${name}`) });

async function start(name: string, body: string) {
  const v = await visitor(server, org.organization.widgetKey, { name, email: `${name.toLowerCase()}@example.com` });
  visitors.push(v);
  return (await v.start(body)).id;
}

/** A colleague, invited by email (this server has SMTP, so the invitation's link is in the mail, not the answer). */
async function invitedAgent(name: string) {
  const email = `bob-${Date.now().toString(36)}@example.com`;
  await org.api.call('createInvitation', { body: { email, role: 'agent' } });
  await until(() => sink.to(email).length === 1, 'the invitation mail');
  const token = /#token=([A-Za-z0-9_-]+)/.exec(sink.to(email)[0]!.parsed.text ?? '')![1]!;
  const auth = await server
    .client()
    .call('acceptInvitation', { body: { token, name, password: 'another long password' } });
  return { ...auth, api: server.client(auth.accessToken) };
}

beforeAll(async () => {
  buildWebIfMissing();
  web = await serveDist();
  // Email needs a mail server to send through (a sink here) and a reply domain; inbound posts carry the secret.
  sink = await startSmtpSink();
  server = await startTestServer({
    CORS_ORIGINS: web.origin,
    SMTP_URL: sink.url,
    REPLY_DOMAIN: 'reply.oceras.test',
    INBOUND_EMAIL_SECRET: SECRET,
    INBOUND_TRUSTED_AUTHSERV_IDS: RELAY,
  });
  org = await buildOrganization(server);
  bob = await invitedAgent('Bob Stone');
  team = await org.api.call('createTeam', { body: { name: 'Billing', agentIds: [bob.agent.id] } });
  ids.vera = await start('Vera', 'My invoice is wrong.');
  ids.walt = await start('Walt', 'Where is my parcel?');
  ids.xena = await start('Xena', 'Can I change my plan?');
  await org.api.call('updateConversation', {
    params: { id: ids.vera },
    body: { status: 'pending', teamId: team.id, tags: ['vip'] },
  });
  await org.api.call('createSavedView', {
    body: { name: 'VIP waiting', scope: 'shared', filters: { view: 'all', status: 'pending', tag: 'vip' } },
  });
  await org.api.call('createCannedResponse', {
    body: {
      scope: 'shared',
      shortcode: 'greet',
      title: 'Greeting',
      body: 'Hello {{visitor.name}}, {{agent.name}} from {{organization.name}} here.',
    },
  });
  // An email to the organization's inbox starts a conversation on the email channel.
  const address = 'support@shop.example.test';
  await org.api.call('createEmailInbox', { body: { address } });
  const res = await fetch(`${server.baseUrl}/api/v1/inbound/email`, {
    method: 'POST',
    headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${SECRET}` },
    // The relay's verdict on the sender, which the server records for agents.
    body: rfc822({
      from: 'mara@example.test',
      fromName: 'Mara Mail',
      to: address,
      subject: 'Refund',
      body: 'Hi.',
      headers: [`Authentication-Results: ${RELAY}; spf=pass smtp.mailfrom=example.test; dkim=fail; dmarc=fail`],
    }),
  });
  expect(res.status).toBeLessThan(300);
  const { conversations } = await org.api.call('listConversations', { query: { view: 'all' } });
  ids.mail = conversations.find((c) => c.channel === 'email')!.id;
  bobLive = follow(server.baseUrl, '/agent', { token: bob.accessToken });
  await bobLive.ready();

  browser = await launch();
  const context = await browser.newContext({ baseURL: web.origin, viewport: { width: 390, height: 844 } });
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await shot(`failed-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  for (const v of visitors) v.close();
  bobLive?.socket.disconnect();
  await browser?.close();
  await server?.close();
  await sink?.close();
  await web?.close();
});

describe('mobile web: the desk tools', () => {
  it('signs in and shows the email conversation with its badge', async () => {
    await page.goto('/');
    await page.getByLabel('Server address').fill(server.baseUrl);
    await page.getByLabel('Email').fill(org.agent.email);
    await page.getByLabel('Password').fill(org.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await inbox().getByRole('tab', { name: 'All, 4' }).click();
    await row('Mara Mail, by email').waitFor();
    await expect.poll(() => row('Walt').getByLabel('Email conversation').count()).toBe(0);
    await shot('01-inbox-email-badge');
  });

  it('filters by status and team, and the filtered list follows live changes', async () => {
    await inbox().getByRole('button', { name: 'Filters' }).click();
    const panel = page.getByTestId('filter-panel');
    await panel.getByRole('radio', { name: 'Status: Pending' }).click();
    await panel.getByRole('radio', { name: 'Team: Billing' }).click();
    await shot('02-filter-panel');
    await panel.getByRole('button', { name: 'Show conversations' }).click();
    await inbox().getByRole('heading', { name: 'Pending · Anyone · Billing' }).waitFor();
    await row('Vera').waitFor();
    await expect.poll(() => row('Walt').count()).toBe(0);
    // A colleague moves Walt into the filter and Vera out of it: the list follows without a refresh.
    await bob.api.call('updateConversation', {
      params: { id: ids.walt },
      body: { status: 'pending', teamId: team.id },
    });
    await row('Walt').waitFor();
    await bob.api.call('updateConversation', { params: { id: ids.vera }, body: { status: 'open' } });
    await row('Vera').waitFor({ state: 'detached' });
    await shot('03-filtered-list');
    await inbox().getByRole('button', { name: 'Clear filters' }).click();
    await inbox().getByRole('tab', { name: /^All/ }).waitFor();
  });

  it('opens a shared saved view with its count', async () => {
    await bob.api.call('updateConversation', { params: { id: ids.vera }, body: { status: 'pending' } });
    await inbox().getByRole('button', { name: 'Filters' }).click();
    const view = page.getByTestId('filter-panel').getByRole('button', { name: 'VIP waiting (shared), 1' });
    await view.waitFor();
    await shot('04-saved-views');
    await view.click();
    await inbox().getByRole('heading', { name: 'VIP waiting' }).waitFor();
    await row('Vera').waitFor();
    await expect.poll(() => row('Walt').count()).toBe(0);
    await inbox().getByRole('button', { name: 'Clear filters' }).click();
  });

  it('saves the filters as a view, renames and deletes it; a view made elsewhere appears live (list.changed)', async () => {
    await inbox().getByRole('button', { name: 'Filters' }).click();
    const panel = page.getByTestId('filter-panel');
    await panel.getByRole('radio', { name: 'Status: Pending' }).click();
    await panel.getByRole('button', { name: 'Save as view' }).click();
    const form = page.getByTestId('save-view-form');
    await form.getByLabel('View name').fill('Waiting on us');
    // An admin may share it; this one is theirs only (the default).
    await form.getByRole('radio', { name: 'Who sees it: Only me' }).waitFor();
    await shot('13-save-view');
    await form.getByRole('button', { name: 'Save view' }).click();
    await inbox().getByRole('heading', { name: 'Waiting on us' }).waitFor();
    await row('Vera').waitFor();
    const saved = (await org.api.call('listSavedViews')).savedViews.find((v) => v.name === 'Waiting on us');
    expect(saved).toMatchObject({ scope: 'personal', filters: { view: 'all', status: 'pending' } });

    // The same agent saves a view from the dashboard: the server signals list.changed, the app lists it at once.
    await org.api.call('createSavedView', {
      body: { name: 'From the desk', scope: 'personal', filters: { view: 'unassigned', status: 'open' } },
    });
    await inbox()
      .getByRole('button', { name: /^Filters/ })
      .click();
    await panel.getByRole('button', { name: /^From the desk, \d+$/ }).waitFor();

    await panel.getByRole('button', { name: 'Edit view Waiting on us' }).click();
    const editor = page.getByTestId('view-editor');
    await editor.getByLabel('View name').fill('Pending ones');
    await editor.getByRole('button', { name: 'Rename' }).click();
    await panel.getByRole('button', { name: /^Pending ones, \d+$/ }).waitFor();
    await expect
      .poll(async () => (await org.api.call('listSavedViews')).savedViews.map((v) => v.name))
      .toContain('Pending ones');
    // Its filters, changed from the panel: Open instead of Pending, in one tap; the list shows the view anew.
    await panel.getByRole('radio', { name: 'Status: Open' }).click();
    await panel.getByRole('button', { name: 'Edit view Pending ones' }).click();
    await editor.getByText('Filters: Pending · Anyone').waitFor();
    await shot('14a-view-filters');
    await editor.getByRole('button', { name: 'Use the filters chosen in this panel' }).click();
    await inbox().getByRole('heading', { name: 'Pending ones' }).waitFor();
    await expect
      .poll(async () => (await org.api.call('listSavedViews')).savedViews.find((v) => v.name === 'Pending ones'))
      .toMatchObject({ filters: { view: 'all', status: 'open' } });
    await inbox()
      .getByRole('button', { name: /^Filters/ })
      .click();
    await panel.getByRole('button', { name: 'Edit view Pending ones' }).click();
    await editor.getByText('Filters: Open · Anyone').waitFor();
    await editor.getByRole('button', { name: 'Delete view Pending ones' }).click();
    await editor.getByText('Delete “Pending ones”? The conversations stay; only the view goes.').waitFor();
    await shot('14-delete-view');
    await editor.getByRole('button', { name: 'Delete view Pending ones' }).click();
    // The editor closes once the server has deleted it; the row does not come back.
    await editor.waitFor({ state: 'detached' });
    expect((await org.api.call('listSavedViews')).savedViews.map((v) => v.name)).not.toContain('Pending ones');
    await panel.getByRole('button', { name: /^From the desk/ }).waitFor();
    expect(await panel.getByRole('button', { name: /^Pending ones/ }).count()).toBe(0);
    await panel.getByRole('button', { name: 'Cancel' }).click();
    await inbox().getByRole('button', { name: 'Clear filters' }).click();
    await inbox().getByRole('tab', { name: /^All/ }).waitFor();
  });

  it('says an email conversation is answered by email', async () => {
    await row('Mara Mail').click();
    await thread().getByText('Came by email: replies are sent by email').waitFor();
    await thread().getByText('This conversation came by email: your reply will be sent by email.').waitFor();
    // The message's sender check, as the dashboard shows it: DKIM and DMARC failed, so a warning.
    const check = thread().getByRole('note', { name: 'Sender not verified: SPF pass · DKIM fail · DMARC fail' });
    await check.waitFor();
    expect(await check.textContent()).toBe('⚠ SPF pass · DKIM fail · DMARC fail');
    await shot('05-email-conversation');
    await page.goBack();
  });

  it('inserts a canned response with its variables filled, and the visitor receives it', async () => {
    await row('Xena').click();
    await thread().getByText('Can I change my plan?').waitFor();
    // A message from the widget carries no sender check.
    expect(
      await thread()
        .getByRole('note', { name: /^Sender (not )?verified/ })
        .count(),
    ).toBe(0);
    await thread().getByLabel('Reply text').pressSequentially('/gre');
    const choice = thread().getByRole('menuitem', { name: '/greet Greeting' });
    await choice.waitFor();
    await shot('06-canned-picker');
    await choice.click();
    const expected = `Hello Xena, ${org.agent.name} from ${org.organization.name} here.`;
    await expect.poll(() => thread().getByLabel('Reply text').inputValue()).toBe(expected);
    await thread().getByRole('button', { name: 'Send reply' }).click();
    const xena = visitors[2]!;
    await until(
      () => xena.received.some((r) => r.event === 'message.created' && r.data.body === expected),
      'the visitor to receive the canned reply',
    );
  });

  it('mentions a colleague in a note: the note highlights them and it reaches their mentions', async () => {
    await thread().getByRole('radio', { name: 'Internal note' }).click();
    await thread().getByLabel('Note text').pressSequentially('Can you check this @Bo');
    const choice = thread().getByRole('menuitem', { name: 'Mention Bob Stone' });
    await choice.waitFor();
    await shot('07-mention-picker');
    await choice.click();
    await expect.poll(() => thread().getByLabel('Note text').inputValue()).toBe('Can you check this @Bob Stone ');
    await thread().getByRole('button', { name: 'Add note' }).click();
    await thread().getByLabel('Mention Bob Stone').waitFor();
    await until(
      async () =>
        (await bob.api.call('listMentions', { query: {} })).mentions.some((m) => m.conversationId === ids.xena),
      'the mention to reach Bob',
    );
    expect((await bob.api.call('listMentions', { query: {} })).unreadCount).toBe(1);
  });

  it('shows who else is viewing the conversation', async () => {
    bobLive.socket.emit('conversation.view', { conversationId: ids.xena }, () => {});
    await thread().getByText('Also viewing: Bob Stone').waitFor();
    await shot('08-viewers');
    bobLive.socket.emit('conversation.view', { conversationId: null }, () => {});
    await thread().getByText('Also viewing: Bob Stone').waitFor({ state: 'detached' });
    await page.goBack();
  });

  it('lists the conversations where the agent was mentioned, and opening one marks it read', async () => {
    await bob.api.call('sendMessage', {
      params: { id: ids.walt },
      body: { clientId: 'bob-note-1', type: 'note', body: `@${org.agent.name} the parcel is with the carrier.` },
    });
    const mentions = inbox().getByRole('link', { name: 'Mentions, 1 unread' });
    await mentions.click();
    const screen = page.getByTestId('mentions-screen');
    const mentionRow = screen.getByRole('link', { name: /Bob Stone mentioned you, unread/ });
    await mentionRow.waitFor();
    await screen.getByText(`@${org.agent.name} the parcel is with the carrier.`).waitFor();
    await shot('09-mentions');
    await mentionRow.click();
    await thread().getByLabel(`Mention ${org.agent.name}`).waitFor();
    await until(async () => (await org.api.call('listMentions', { query: {} })).unreadCount === 0, 'mentions read');
    await page.goBack();
    await screen.getByRole('link', { name: /Bob Stone mentioned you$/ }).waitFor();
    await page.goBack();
  });

  it('selects conversations with a long press and changes their status at once; a colleague sees it', async () => {
    await inbox().getByRole('tab', { name: /^All/ }).click();
    await row('Xena').click({ delay: 800 });
    const bar = inbox().getByRole('toolbar', { name: 'Bulk actions' });
    await bar.getByText('1 selected').waitFor();
    await inbox()
      .getByRole('checkbox', { name: /Conversation with Mara Mail/ })
      .click();
    await bar.getByText('2 selected').waitFor();
    await bar.getByRole('button', { name: 'Status of selected' }).click();
    await shot('10-bulk-selection');
    await bar.getByRole('menuitem', { name: 'Pending' }).click();
    await bar.waitFor({ state: 'detached' });
    // Bob's socket gets each conversation's change.
    await until(
      () =>
        [ids.xena, ids.mail].every((id) =>
          bobLive.received.some(
            (r) =>
              r.event === 'conversation.updated' &&
              r.data.conversation.id === id &&
              r.data.conversation.status === 'pending',
          ),
        ),
      'the colleague to see both changes',
    );
    const pending = await bob.api.call('listConversations', { query: { view: 'all', status: 'pending' } });
    expect(pending.conversations.map((c) => c.id)).toEqual(expect.arrayContaining([ids.xena, ids.mail]));
    await row('Xena').getByText('Pending').waitFor();
    await shot('11-bulk-done');
    expect(problems).toEqual([]);
  });

  it("sets a conversation's priority and tags from its details; a tag that breaks the rule says why and changes nothing", async () => {
    await row('Walt').click();
    await page.getByRole('button', { name: 'Visitor details' }).click();
    const details = page.getByTestId('visitor-screen');
    const priority = details.getByRole('radiogroup', { name: 'Priority' });
    await priority.getByRole('radio', { name: 'High' }).click();
    await expect
      .poll(async () => (await bob.api.call('getConversation', { params: { id: ids.walt } })).priority)
      .toBe('high');
    await expect.poll(() => priority.getByRole('radio', { name: 'High' }).getAttribute('aria-checked')).toBe('true');
    await details.getByLabel('New tag').fill('Refund');
    await details.getByRole('button', { name: 'Add' }).click();
    // The server keeps tags in lowercase.
    await details.getByRole('listitem').getByText('refund', { exact: true }).waitFor();
    await details.getByLabel('New tag').fill('!!');
    await details.getByRole('button', { name: 'Add' }).click();
    await expect
      .poll(() => details.getByRole('alert').textContent())
      .toBe('A tag holds letters, digits, spaces, "_", "." and "-".');
    await shot('12-ticket');
    expect((await bob.api.call('getConversation', { params: { id: ids.walt } })).tags).toEqual(['refund']);
    await details.getByRole('button', { name: 'Remove tag refund' }).click();
    await details.getByText('No tags').waitFor();
    expect((await bob.api.call('getConversation', { params: { id: ids.walt } })).tags).toEqual([]);
    await page.goBack();
    await page.goBack();
    expect(problems).toEqual([]);
  });

  it('speaks German once the agent chooses it in the settings, and the device’s language again on automatic', async () => {
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = page.getByTestId('settings-screen');
    await settings.getByRole('radio', { name: 'Language: Deutsch' }).click();
    await settings.getByText('Verfügbarkeit').waitFor();
    await expect.poll(async () => (await org.api.call('getMe')).language).toBe('de');
    await shot('15-settings-german');
    await page.goBack();
    await inbox().getByRole('tab', { name: /^Alle/ }).click();
    await inbox()
      .getByRole('link', { name: /Gespräch mit Walt/ })
      .waitFor();
    await inbox().getByRole('button', { name: 'Filter', exact: true }).waitFor();
    await inbox().getByPlaceholder('Nachrichten, Notizen, Namen, E-Mails, #Nummer').waitFor();
    await inbox().getByText('Wartend').first().waitFor();
    await shot('16-inbox-german');
    await page.getByRole('button', { name: 'Einstellungen', exact: true }).click();
    await settings.getByRole('radio', { name: 'Sprache: Automatisch (English)' }).click();
    await settings.getByText('Availability').waitFor();
    expect((await org.api.call('getMe')).language).toBeNull();
    await page.goBack();
    expect(problems).toEqual([]);
  });
});
