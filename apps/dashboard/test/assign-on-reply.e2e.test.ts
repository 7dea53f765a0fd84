/**
 * The server assigns an unassigned conversation to the agent who replies first (organization setting
 * autoAssignOnReply); the dashboard follows from `conversation.updated` alone: the replying agent's view, lists and
 * counts, and a colleague's Unassigned list, live. With the setting off, a reply leaves it unassigned.
 */
import { describe, expect } from 'vitest';
import { accessTokenOf, newContext, type Page, shot, type TestServer, test, until, visitor, widgetKeyOf } from './e2e';

let server: TestServer;
let ada: Page;
let bob: Page;
const problems: string[][] = [];
let key = '';
let admin: ReturnType<TestServer['client']>;

// Ada is the file's signed-up admin.
test.beforeAll(async ({ server: s, browser, signedIn }) => {
  server = s;
  ada = signedIn.page;
  problems.push(signedIn.problems);
  key = await widgetKeyOf(ada);
  admin = server.client(await accessTokenOf(ada));
  // Bob, a colleague, in his own browser.
  const inv = await admin.call('createInvitation', { body: { email: 'bob@reply.example' } });
  const token = inv.inviteUrl!.split('#token=')[1]!;
  await server.client().call('acceptInvitation', { body: { token, name: 'Bob Agent', password: 'bob password 1' } });
  const b = await newContext(browser, server);
  problems.push(b.problems);
  bob = await b.context.newPage();
  await bob.goto('/');
  await bob.getByLabel('Email').fill('bob@reply.example');
  await bob.getByLabel('Password').fill('bob password 1');
  await bob.getByRole('button', { name: 'Sign in' }).click();
  await bob.getByRole('heading', { name: 'Mine' }).waitFor();
});

const count = (p: Page, view: string, n: number) =>
  p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: new RegExp(`^${view}\\s*${n}\\b`) });

describe('assign on reply', () => {
  test("the first reply makes the conversation the replier's, live in both dashboards", async () => {
    const v = await visitor(server, key, { name: 'Rita Replyme' });
    const conv = await v.start('Can someone help?');
    await ada.getByRole('link', { name: /^Unassigned/ }).click();
    await bob.getByRole('link', { name: /^Unassigned/ }).click();
    await bob.getByRole('link', { name: /Rita Replyme/ }).waitFor();
    await ada.getByRole('link', { name: /Rita Replyme/ }).click();
    await ada.getByRole('listitem', { name: 'Message from Rita Replyme' }).waitFor();
    const assignee = ada.getByLabel('Assignee', { exact: true });
    expect(await assignee.inputValue()).toBe('');
    const adaId = (await admin.call('getMe')).agent.id;

    const reply = ada.getByRole('textbox', { name: 'Reply' });
    await reply.fill('Of course, how can I help?');
    await reply.press('Enter');
    await ada.getByRole('listitem', { name: 'Reply from Ada Admin' }).waitFor();
    // Nothing but conversation.updated tells the page: the view, the list beside it and the counts follow.
    await ada.getByText('Ada Admin replied and took the conversation').waitFor();
    await until(async () => (await assignee.inputValue()) === adaId, 'the assignee to follow');
    await ada.getByRole('button', { name: 'Assign to me' }).waitFor({ state: 'detached' });
    await count(ada, 'Mine', 1).waitFor();
    await count(ada, 'Unassigned', 0).waitFor();
    await ada
      .locator('.list-pane')
      .getByRole('link', { name: /Rita Replyme/ })
      .waitFor({ state: 'detached' });
    await shot(ada, 'assign-on-reply');
    // Bob's Unassigned list loses it and his counts follow.
    await bob.getByRole('link', { name: /Rita Replyme/ }).waitFor({ state: 'detached' });
    await count(bob, 'Unassigned', 0).waitFor();
    expect((await admin.call('getConversation', { params: { id: conv.id } })).assigneeId).toBe(adaId);
    v.close();
  });

  test('with the setting off, a reply leaves the conversation unassigned', async () => {
    await admin.call('updateOrganization', { body: { autoAssignOnReply: false } });
    const v = await visitor(server, key, { name: 'Sam Stays' });
    const conv = await v.start('Hello?');
    await ada.getByRole('link', { name: /^Unassigned/ }).click();
    await ada.getByRole('link', { name: /Sam Stays/ }).click();
    const reply = ada.getByRole('textbox', { name: 'Reply' });
    await reply.fill('Hi Sam!');
    await reply.press('Enter');
    await ada.getByRole('listitem', { name: 'Reply from Ada Admin' }).waitFor();
    expect((await admin.call('getConversation', { params: { id: conv.id } })).assigneeId).toBeNull();
    await bob.getByRole('link', { name: /Sam Stays/ }).waitFor();
    expect(await ada.getByText(/took the conversation/).count()).toBe(0);
    v.close();
    for (const p of problems) expect(p).toEqual([]);
  });
});
