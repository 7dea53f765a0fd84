/**
 * The privacy rights in the dashboard (issue 15), in Chromium against the real server and PostgreSQL: an admin
 * exports, corrects, restricts and erases a visitor, restricts and deletes an agent, and reads and exports the audit
 * log; an agent without the role sees none of it; an agent changes their email, downloads their data and deletes
 * their account; the last admin is refused with the server's sentence; an admin deletes the organization.
 */
import { readFileSync } from 'node:fs';
import type { Download } from 'playwright-core';
import { afterAll, afterEach, describe, expect } from 'vitest';
import {
  accessTokenOf,
  type Browser,
  newContext,
  type Page,
  shot,
  signUp,
  type TestServer,
  test,
  until,
  visitor,
  widgetKeyOf,
} from './e2e';

let server: TestServer;
let browser: Browser;
let admin: Page;
const problems: string[][] = [];
let widgetKey = '';
let vera: Awaited<ReturnType<typeof visitor>>;
let veraConversation = '';

const DANA = { name: 'Dana Agent', email: 'dana@example.com', password: 'dana password 123' };
const CARL = { name: 'Carl Colleague', email: 'carl@example.com', password: 'carl password 123' };

test.beforeAll(async ({ server: s, browser: b, signedIn }) => {
  server = s;
  browser = b;
  admin = signedIn.page;
  problems.push(signedIn.problems);
  widgetKey = await widgetKeyOf(admin);
  // Two colleagues with the agent role, through the API.
  const api = server.client(await accessTokenOf(admin));
  for (const who of [DANA, CARL]) {
    const inv = await api.call('createInvitation', { body: { email: who.email, role: 'agent' } });
    await server.client().call('acceptInvitation', {
      body: { token: inv.inviteUrl!.split('#token=')[1]!, name: who.name, password: who.password },
    });
  }
});

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await shot(admin, `failed-privacy-${task.name.slice(0, 24)}`).catch(() => {});
});

afterAll(() => {
  vera?.close();
});

/** A colleague's own browser, signed in through the sign-in page. */
async function signIn(who: { email: string; password: string }) {
  const c = await newContext(browser, server);
  problems.push(c.problems);
  const page = await c.context.newPage();
  await page.goto('/signin');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The landing opens the inbox view that has work (Mine, Unassigned or All).
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  return { page, close: () => c.context.close() };
}

/** Clicks and answers the file the browser downloaded, parsed. */
async function downloadJson(page: Page, click: () => Promise<void>) {
  const [file] = await Promise.all([page.waitForEvent('download') as Promise<Download>, click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), json: JSON.parse(readFileSync(path, 'utf8')) };
}

describe("an admin exercises a visitor's rights", () => {
  test('exports the visitor: the browser downloads a JSON file with their messages', async () => {
    vera = await visitor(server, widgetKey, { name: 'Vera Visitor', email: 'vera@example.com' });
    veraConversation = (await vera.start('My order 4417 never arrived')).id;
    await admin.goto(`/conversations/${veraConversation}`);
    const panel = admin.getByRole('complementary', { name: 'Visitor' });
    await panel.getByRole('button', { name: 'Export data' }).waitFor();
    await shot(admin, 'privacy-visitor-panel');
    const { name, json } = await downloadJson(admin, () => panel.getByRole('button', { name: 'Export data' }).click());
    expect(name).toMatch(/\.json$/);
    expect(json.format).toBe('oceras.visitor-export');
    expect(json.visitor).toMatchObject({ name: 'Vera Visitor', email: 'vera@example.com' });
    expect(JSON.stringify(json.conversations)).toContain('My order 4417 never arrived');
    await panel.getByText(`Downloaded ${name}.`).waitFor();
  });

  test("corrects the visitor's name; the conversation's title follows", async () => {
    const panel = admin.getByRole('complementary', { name: 'Visitor' });
    await panel.getByRole('button', { name: 'Edit name and email' }).click();
    const form = panel.getByRole('form', { name: "Correct the visitor's details" });
    await form.getByLabel('Name').fill('Vera Rightname');
    await shot(admin, 'privacy-visitor-edit');
    await form.getByRole('button', { name: 'Save' }).click();
    await admin.getByRole('heading', { name: 'Vera Rightname' }).waitFor();
    const api = server.client(await accessTokenOf(admin));
    const v = await api.call('getVisitor', { params: { id: vera.session.visitorId } });
    expect(v).toMatchObject({ name: 'Vera Rightname', email: 'vera@example.com' });
  });

  test('restricts processing of the visitor and lifts it', async () => {
    const panel = admin.getByRole('complementary', { name: 'Visitor' });
    const toggle = panel.getByRole('switch', { name: 'Restrict processing' });
    // A click, then what the server and the switch say: check() wants the box changed the instant after the click,
    // and a switch saved by a request re-renders from the server's answer in between.
    await toggle.click();
    await panel.getByText('Processing restricted').waitFor();
    const api = server.client(await accessTokenOf(admin));
    await until(
      async () => (await api.call('getVisitor', { params: { id: vera.session.visitorId } })).isRestricted,
      'the restriction saved',
    );
    await shot(admin, 'privacy-visitor-restricted');
    await toggle.click();
    await until(
      async () => !(await api.call('getVisitor', { params: { id: vera.session.visitorId } })).isRestricted,
      'the restriction lifted',
    );
    await expect.poll(() => toggle.isChecked()).toBe(false);
    await expect.poll(() => panel.getByText('Processing restricted').count()).toBe(0);
  });

  test('erases the visitor behind a confirmation: "Erased visitor", and their session stops working', async () => {
    const panel = admin.getByRole('complementary', { name: 'Visitor' });
    await panel.getByRole('button', { name: 'Erase visitor' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Erase Vera Rightname?' });
    await dialog.getByText('This cannot be undone.').waitFor();
    // Cancel has the focus: Enter alone never erases.
    expect(await admin.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await shot(admin, 'privacy-erase-visitor-dialog');
    await dialog.getByRole('button', { name: 'Erase visitor' }).click();
    // The panel's heading and, once the live update lands, the conversation's: both say it.
    await panel.getByRole('heading', { name: 'Erased visitor' }).waitFor();
    await expect.poll(() => admin.getByRole('heading', { name: 'Erased visitor' }).count()).toBe(2);
    await panel.getByText(/Their personal data and messages were erased/).waitFor();
    expect(await panel.getByRole('button', { name: 'Export data' }).count()).toBe(0);
    // The thread is an empty shell now.
    await until(
      async () => (await admin.getByRole('listitem', { name: /Message from/ }).count()) === 0,
      'the messages gone',
    );
    await shot(admin, 'privacy-visitor-erased');
    const refused = await vera.api.call('listVisitorConversations').then(
      () => 200,
      (e: { status: number }) => e.status,
    );
    expect(refused).toBe(401);
  });
});

describe('an agent without the admin role', () => {
  test('corrects a visitor but sees no export, restriction, erasure or audit log', async () => {
    const other = await visitor(server, widgetKey, { name: 'Otto Other' });
    const conv = await other.start('Hello there');
    const carl = await signIn(CARL);
    await carl.page.goto(`/conversations/${conv.id}`);
    const panel = carl.page.getByRole('complementary', { name: 'Visitor' });
    await panel.getByRole('button', { name: 'Edit name and email' }).waitFor();
    expect(await panel.getByRole('button', { name: 'Export data' }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Erase visitor' }).count()).toBe(0);
    expect(await panel.getByRole('switch', { name: 'Restrict processing' }).count()).toBe(0);
    expect(await carl.page.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    await shot(carl.page, 'privacy-agent-visitor-panel');
    await carl.page.goto('/admin/audit-log');
    await carl.page.getByRole('heading', { name: 'Not found' }).waitFor();
    // The server refuses the same to his token, whatever a page would show.
    const api = server.client(await accessTokenOf(carl.page));
    const status = await api.call('exportVisitor', { params: { id: other.session.visitorId } }).then(
      () => 200,
      (e: { status: number }) => e.status,
    );
    expect(status).toBe(403);
    other.close();
    await carl.close();
  });
});

describe('an admin manages agents', () => {
  test('restricts an agent, then deletes their account behind a confirmation', async () => {
    const carl = await signIn(CARL);
    await admin.getByRole('link', { name: 'Agents' }).click();
    await admin.getByRole('button', { name: `Restrict ${CARL.name}` }).click();
    await admin.getByRole('button', { name: `Lift the restriction of ${CARL.name}` }).waitFor();
    await admin.locator('tr', { hasText: CARL.name }).getByText('restricted', { exact: true }).waitFor();
    await admin.getByRole('button', { name: `Delete the account of ${CARL.name} (erase personal data)` }).click();
    const dialog = admin.getByRole('dialog', { name: `Delete the account of ${CARL.name}?` });
    await dialog.getByText(/signed “Deleted agent”/).waitFor();
    await shot(admin, 'privacy-delete-agent-dialog');
    await dialog.getByRole('button', { name: 'Delete account' }).click();
    await until(
      async () => (await admin.getByRole('cell', { name: CARL.name, exact: true }).count()) === 0,
      'the agent gone from the table',
    );
    await shot(admin, 'privacy-agents-after-delete');
    // His browser is signed out, and he cannot sign in again.
    await carl.page.getByRole('button', { name: 'Sign in' }).waitFor();
    const login = await server
      .client()
      .call('login', { body: { email: CARL.email, password: CARL.password } })
      .then(
        () => 200,
        (e: { status: number }) => e.status,
      );
    expect(login).toBe(401);
    await carl.close();
  });

  test('reads the audit log (who, what, to whom) and exports it', async () => {
    await admin.getByRole('link', { name: 'Audit log' }).click();
    await admin.getByRole('heading', { name: 'Audit log' }).waitFor();
    const table = admin.getByRole('table');
    for (const action of [
      'Visitor data exported',
      'Visitor details corrected',
      'Visitor restricted',
      'Visitor erased',
      'Agent restricted',
      'Agent personal data erased',
    ])
      await table.getByRole('cell', { name: action, exact: true }).first().waitFor();
    // Never a visitor's name or message.
    const text = await table.textContent();
    expect(text).not.toContain('Vera');
    expect(text).not.toContain('4417');
    await shot(admin, 'privacy-audit-log');
    const { json } = await downloadJson(admin, () => admin.getByRole('button', { name: 'Export' }).click());
    expect(json.format).toBe('oceras.audit-log-export');
    const actions = json.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['visitor.exported', 'visitor.rectified', 'visitor.erased', 'agent.erased']),
    );
    // The export is itself recorded, and shown.
    await table.getByRole('cell', { name: 'Audit log exported', exact: true }).waitFor();
  });
});

describe('an agent and their own account', () => {
  test('changes their sign-in email with their current password, and signs in with it', async () => {
    const dana = await signIn(DANA);
    await dana.page.getByRole('link', { name: /Dana Agent/ }).click();
    const card = dana.page.getByRole('form', { name: 'Sign-in email' });
    await card.getByLabel('New email').fill('dana.new@example.com');
    await card.getByLabel('Current password').fill('not my password');
    await card.getByRole('button', { name: 'Change email' }).click();
    await card.getByRole('alert').getByText('The current password is wrong').waitFor();
    await shot(dana.page, 'privacy-email-wrong-password');
    await card.getByLabel('Current password').fill(DANA.password);
    await card.getByRole('button', { name: 'Change email' }).click();
    await card.getByText('Your sign-in email is now dana.new@example.com.').waitFor();
    await dana.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).click();
    await dana.page.getByRole('button', { name: 'Sign in' }).waitFor();
    await dana.close();
    DANA.email = 'dana.new@example.com';
    const again = await signIn(DANA);
    await again.close();
  });

  test('renames themself in their profile', async () => {
    const dana = await signIn(DANA);
    await dana.page.getByRole('link', { name: /Dana Agent/ }).click();
    const card = dana.page.getByRole('form', { name: 'Profile' });
    await card.getByLabel('Name').fill('Dana Renamed');
    await card.getByRole('button', { name: 'Save profile' }).click();
    await card.getByText('Saved.').waitFor();
    await dana.page.getByRole('navigation', { name: 'Main' }).getByText('Dana Renamed').waitFor();
    DANA.name = 'Dana Renamed';
    await dana.close();
  });

  test("the last admin is refused with the server's sentence", async () => {
    await admin.getByRole('link', { name: /Ada Admin/ }).click();
    await admin.getByRole('button', { name: 'Delete my account' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Delete your account?' });
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await dialog.getByRole('alert').getByText('You are the last admin: make another agent admin first').waitFor();
    await shot(admin, 'privacy-last-admin-refused');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await admin.getByRole('dialog').count()).toBe(0);
  });

  test('downloads their data, deletes their account and lands on the sign-in page', async () => {
    const dana = await signIn(DANA);
    await dana.page.getByRole('link', { name: /Dana Renamed/ }).click();
    const { json } = await downloadJson(dana.page, () =>
      dana.page.getByRole('button', { name: 'Download my data' }).click(),
    );
    expect(json.format).toBe('oceras.agent-export');
    expect(json.agent).toMatchObject({ name: 'Dana Renamed', email: 'dana.new@example.com' });
    await shot(dana.page, 'privacy-account-page');
    await dana.page.getByRole('button', { name: 'Delete my account' }).click();
    const dialog = dana.page.getByRole('dialog', { name: 'Delete your account?' });
    await shot(dana.page, 'privacy-delete-account-dialog');
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await dana.page.getByText('Your account was deleted and your personal data erased.').waitFor();
    expect(new URL(dana.page.url()).pathname).toBe('/signin');
    await shot(dana.page, 'privacy-account-deleted');
    await dana.page.getByLabel('Email').fill(DANA.email);
    await dana.page.getByLabel('Password').fill(DANA.password);
    await dana.page.getByRole('button', { name: 'Sign in' }).click();
    await dana.page.getByRole('alert').getByText('Wrong email or password').waitFor();
    await dana.close();
  });
});

describe('an admin deletes the organization', () => {
  test('typing the slug confirms; everyone is signed out', async () => {
    const c = await newContext(browser, server);
    problems.push(c.problems);
    const page = await c.context.newPage();
    const who = await signUp(page, { org: 'Doomed Shop' });
    const api = server.client(await accessTokenOf(page));
    const { slug } = await api.call('getOrganization');
    await page.getByRole('link', { name: 'Organization' }).click();
    await page.getByRole('button', { name: 'Delete organization' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Doomed Shop?' });
    const confirm = dialog.getByRole('button', { name: 'Delete organization' });
    const field = dialog.getByLabel(`Type ${slug} to confirm`);
    // The field has the focus; the button waits for the exact slug.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('INPUT');
    expect(await confirm.isDisabled()).toBe(true);
    await field.fill('doomed');
    expect(await confirm.isDisabled()).toBe(true);
    await shot(page, 'privacy-delete-organization-dialog');
    await field.fill(slug);
    await confirm.click();
    await page.getByText(/Your organization and everything in it were deleted/).waitFor();
    await shot(page, 'privacy-organization-deleted');
    const login = await server
      .client()
      .call('login', { body: { email: who.email, password: who.password } })
      .then(
        () => 200,
        (e: { status: number }) => e.status,
      );
    expect(login).toBe(401);
    await c.context.close();
  });

  test('no page error or CSP violation in any browser', () => {
    expect(problems.flat()).toEqual([]);
  });
});
