/**
 * The dashboard as two colleagues use it, in Chromium against the real server and PostgreSQL: sign up, invite,
 * a visitor writes (widget API + visitor socket), live inbox, reply, internal note, assign, snooze, resolve, live
 * changes in the colleague's browser, roles, and a dropped connection that loses nothing.
 */
import { afterAll, afterEach, describe, expect } from 'vitest';
import {
  accessTokenOf,
  type BrowserContext,
  newContext,
  type Page,
  shot,
  type TestServer,
  test,
  until,
  visitor,
  widgetKeyOf,
} from './e2e';

let server: TestServer;
let adminCtx: BrowserContext;
let admin: Page;
let agent: Page;
const problems: string[][] = [];
let widgetKey = '';
let v: Awaited<ReturnType<typeof visitor>>;
let conversationId = '';

// Ada signed up (the file's `signedIn` page); Bob's browser is another context, signed in by accepting her invitation.
test.beforeAll(async ({ server: s, browser, signedIn }) => {
  server = s;
  adminCtx = signedIn.context;
  admin = signedIn.page;
  const b = await newContext(browser, server);
  agent = await b.context.newPage();
  problems.push(signedIn.problems, b.problems);
});

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') {
    await shot(admin, `failed-admin-${task.name.slice(0, 20)}`).catch(() => {});
    await shot(agent, `failed-agent-${task.name.slice(0, 20)}`).catch(() => {});
  }
});

afterAll(() => {
  v?.close();
});

describe('two colleagues and a visitor', () => {
  test('an admin signs up and lands in an empty inbox', async () => {
    const calm = admin.getByText('Nothing here. Enjoy the calm.');
    await calm.waitFor();
    expect(await calm.count()).toBe(1);
    widgetKey = await widgetKeyOf(admin);
    expect(widgetKey).toMatch(/^wk_/);
    // This journey assigns by hand: replies leave conversations unassigned (assign-on-reply.e2e covers the default).
    await server.client(await accessTokenOf(admin)).call('updateOrganization', { body: { autoAssignOnReply: false } });
  });

  test('the admin invites an agent, who accepts in another browser', async () => {
    await admin.getByRole('link', { name: 'Agents' }).click();
    await admin.getByLabel('Email').fill('bob@example.com');
    await admin.getByRole('button', { name: 'Send invitation' }).click();
    const link = await admin.getByLabel('Invitation link').inputValue();
    const url = new URL(link);
    expect(url.pathname).toBe('/invite');
    expect(url.hash).toMatch(/^#token=/);
    await agent.goto(`/invite${url.hash}`);
    await agent.getByLabel('Your name').fill('Bob Agent');
    await agent.getByLabel('Choose a password').fill('bob password 123');
    await agent.getByRole('button', { name: 'Accept invitation' }).click();
    await agent.getByRole('heading', { name: 'Mine' }).waitFor();
    // The fragment with the token is gone from the address bar.
    expect(agent.url()).not.toContain('token');
    // The admin's team list gains Bob live.
    await admin.getByRole('cell', { name: 'Bob Agent', exact: true }).waitFor();
  });

  test('an agent without the admin role does not see the admin pages', async () => {
    expect(await agent.getByRole('link', { name: 'Agents' }).count()).toBe(0);
    expect(await agent.getByRole('link', { name: 'Widget' }).count()).toBe(0);
    await agent.goto('/admin/widget');
    await agent.getByRole('heading', { name: 'Not found' }).waitFor();
    await agent.goto('/inbox/all');
    await agent.getByRole('heading', { name: 'All' }).waitFor();
  });

  test('a visitor writes and the conversation appears live in both inboxes, with counts', async () => {
    await admin.getByRole('link', { name: /^Unassigned/ }).click();
    await admin.getByRole('heading', { name: 'Unassigned' }).waitFor();
    v = await visitor(server, widgetKey, { name: 'Vera Visitor', email: 'vera@example.com' });
    const conv = await v.start('Hello, I need help with my order');
    conversationId = conv.id;
    await admin.getByRole('link', { name: /Vera Visitor/ }).waitFor();
    await agent.getByRole('link', { name: /Vera Visitor/ }).waitFor();
    await admin.getByRole('link', { name: /^Unassigned\s*1/ }).waitFor();
    // Unread mark in the list.
    await admin.getByRole('status', { name: '1 unread' }).waitFor();
    await shot(admin, 'inbox');
  });

  test('the admin opens it, replies, and the visitor receives the reply', async () => {
    await admin.getByRole('link', { name: /Vera Visitor/ }).click();
    await admin.waitForURL(`**/conversations/${conversationId}`);
    await admin.getByRole('listitem', { name: 'Message from Vera Visitor' }).waitFor();
    await admin.getByText('Chrome').or(admin.getByText('Script')).first().waitFor();
    const reply = admin.getByRole('textbox', { name: 'Reply' });
    await reply.fill('Happy to help! What is the order number?');
    await reply.press('Enter');
    await admin.getByRole('listitem', { name: 'Reply from Ada Admin' }).waitFor();
    await until(
      () => v.received.some((e) => e.event === 'message.created' && e.data.body.includes('Happy to help')),
      'the visitor to receive the reply',
    );
    // The unread mark is gone once the conversation was read.
    await until(async () => (await admin.getByRole('status', { name: '1 unread' }).count()) === 0, 'unread cleared');
  });

  test('an internal note is shown as such and never reaches the visitor', async () => {
    await admin.getByRole('tab', { name: 'Internal note' }).click();
    const note = admin.getByRole('textbox', { name: 'Internal note' });
    await note.fill('VIP customer, handle with care');
    await note.press('Enter');
    await admin.getByRole('listitem', { name: 'Internal note by Ada Admin' }).waitFor();
    // A reply after it: the visitor's events arrive in order, so had the note leaked it would be there first.
    await admin.getByRole('tab', { name: 'Reply' }).click();
    await admin.getByRole('textbox', { name: 'Reply' }).fill('One moment, please.');
    await admin.getByRole('textbox', { name: 'Reply' }).press('Enter');
    await until(
      () => v.received.some((e) => e.event === 'message.created' && e.data.body === 'One moment, please.'),
      'the visitor to receive the reply after the note',
    );
    expect(JSON.stringify(v.received)).not.toContain('VIP customer');
    const history = await v.api.call('listVisitorMessages', { params: { id: conversationId } });
    expect(JSON.stringify(history)).not.toContain('VIP customer');
    await shot(admin, 'conversation');
  });

  test('the colleague sees who views, typing, assignment, snooze and resolve live', async () => {
    await agent.getByRole('link', { name: /Vera Visitor/ }).click();
    await agent.getByRole('listitem', { name: 'Internal note by Ada Admin' }).waitFor();
    await admin.getByText('Also viewing: Bob Agent').waitFor();
    await agent.getByText('Also viewing: Ada Admin').waitFor();

    await v.socket.emitWithAck('typing.update', { conversationId, isTyping: true });
    await admin.getByText('The visitor is typing…').waitFor();
    await v.socket.emitWithAck('typing.update', { conversationId, isTyping: false });

    // An agent typing a note: colleagues see it, the visitor does not.
    const typingSeen = () => v.received.filter((e) => e.event === 'typing.updated');
    const before = typingSeen().length;
    await admin.getByRole('tab', { name: 'Internal note' }).click();
    await admin.getByRole('textbox', { name: 'Internal note' }).fill('drafting a note');
    await agent.getByText('Ada Admin is typing a note…').waitFor();
    await admin.getByRole('textbox', { name: 'Internal note' }).fill('');
    await admin.getByRole('tab', { name: 'Reply' }).click();
    // An agent typing a reply: colleagues and the visitor see it.
    await agent.getByRole('textbox', { name: 'Reply' }).fill('thinking');
    await admin.getByText('Bob Agent is typing…').waitFor();
    await until(
      () => v.received.some((e) => e.event === 'typing.updated' && e.data.isTyping && e.data.actor.type === 'agent'),
      'the visitor to see the agent typing',
    );
    // Ada's note was typed first and the visitor's events arrive in order: only Bob's typing reached them.
    const fromAgents = typingSeen()
      .slice(before)
      .filter((e) => e.data.actor.type === 'agent');
    expect(fromAgents.filter((e) => e.data.actor.name !== 'Bob Agent')).toEqual([]);
    await agent.getByRole('textbox', { name: 'Reply' }).fill('');

    await admin.getByRole('button', { name: 'Assign to me' }).click();
    await agent.getByText(/Assigned to Ada Admin/).waitFor();
    await agent.getByText('Ada Admin took the conversation').waitFor();
    await admin.getByRole('link', { name: /^Mine\s*1/ }).waitFor();

    await admin.getByLabel('Snooze').selectOption({ label: 'For 1 hour' });
    await agent.locator('.conv-title').getByText('snoozed').waitFor();
    await admin.getByText(/Snoozed until/).waitFor();

    // The visitor writes again: the conversation wakes up for everyone.
    await v.say(conversationId, 'Order 4711');
    await agent.getByRole('listitem', { name: 'Message from Vera Visitor' }).nth(1).waitFor();
    await agent.locator('.conv-title').getByText('open').waitFor();

    await admin.getByRole('button', { name: 'Resolve' }).click();
    await agent.locator('.conv-title').getByText('resolved').waitFor();
  });

  test("an agent sees a colleague's conversation read-only, with notes, and no controls the server would refuse", async () => {
    // Assigned to Ada: Bob reads, may add notes, and is offered nothing else.
    await agent.getByText(/Assigned to Ada Admin: you can read it and add internal notes/).waitFor();
    expect(await agent.getByRole('button', { name: 'Reopen' }).count()).toBe(0);
    expect(await agent.getByRole('button', { name: 'Assign to me' }).count()).toBe(0);
    expect(await agent.getByRole('tab', { name: 'Reply' }).isDisabled()).toBe(true);
    await agent.getByRole('textbox', { name: 'Internal note' }).fill('I know this customer');
    await agent.getByRole('textbox', { name: 'Internal note' }).press('Enter');
    await admin.getByRole('listitem', { name: 'Internal note by Bob Agent' }).waitFor();
    await agent.getByText('Ada Admin resolved the conversation').waitFor();
  });

  test('keyboard: a takes the conversation, e resolves, r focuses the reply, ? lists shortcuts', async () => {
    await admin.getByRole('button', { name: 'Reopen' }).click();
    await admin.getByLabel('Assignee', { exact: true }).selectOption({ label: 'Unassigned' });
    await agent.getByRole('button', { name: 'Assign to me' }).waitFor();
    await agent.locator('body').click({ position: { x: 5, y: 400 } });
    await agent.keyboard.press('a');
    await until(
      async () =>
        (await admin.getByLabel('Assignee', { exact: true }).locator('option:checked').textContent()) === 'Bob Agent',
      'assignment by keyboard',
    );
    await agent.keyboard.press('?');
    await agent.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await agent.keyboard.press('Escape');
    await agent.keyboard.press('r');
    expect(await agent.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Reply');
    // Typing "e" in the reply box types, it does not resolve.
    await agent.keyboard.type('e');
    expect(await agent.getByRole('textbox', { name: 'Reply' }).inputValue()).toBe('e');
    await agent.getByRole('textbox', { name: 'Reply' }).fill('');
    await agent.locator('body').click({ position: { x: 5, y: 400 } });
    await agent.keyboard.press('e');
    await admin.locator('.conv-title').getByText('resolved').waitFor();
    // j/k move through the list.
    await admin.getByRole('link', { name: /^Resolved/ }).click();
    await admin.locator('body').click({ position: { x: 5, y: 600 } });
    await admin.keyboard.press('j');
    await admin.waitForURL(`**/conversations/${conversationId}`);
  });

  test('a dropped connection shows a notice and loses nothing when it is back', async () => {
    await admin.getByRole('button', { name: 'Reopen' }).click();
    await admin.locator('.conv-title').getByText('open').waitFor();
    await adminCtx.setOffline(true);
    // Cut the live socket the way a network loss does (the browser keeps idle sockets until a ping fails).
    for (const s of server.realtime.io.of('/agent').sockets.values()) s.conn.close();
    await admin.getByText(/Connection lost/).waitFor();
    await v.say(conversationId, 'Are you still there?');
    await v.say(conversationId, 'Hello?');
    await new Promise((r) => setTimeout(r, 1_500));
    await shot(admin, 'offline');
    await adminCtx.setOffline(false);
    await admin.getByText(/Back online/).waitFor({ timeout: 15_000 });
    const thread = admin.getByRole('list', { name: 'Messages' });
    await thread.getByText('Are you still there?').waitFor();
    await thread.getByText('Hello?').waitFor();
  });

  test('loads no script or style from elsewhere and breaks no CSP rule', async () => {
    expect(problems).toEqual([[], []]);
  });
});
