/**
 * After sign-in the inbox opens on the view with work in it (Mine, else Unassigned, else Mine); a deep link or a view
 * this tab already showed wins. Every signed-in page has one `<main>` landmark.
 */
import { describe, expect } from 'vitest';
import { accessTokenOf, type Page, shot, type signUp, type TestServer, test, visitor, widgetKeyOf } from './e2e';

let server: TestServer;
let page: Page;
let problems: string[];
let who: Awaited<ReturnType<typeof signUp>>;
let conversationId = '';

// The file's signed-up admin, with one unassigned conversation waiting.
test.beforeAll(async ({ server: s, signedIn }) => {
  server = s;
  ({ page, problems, who } = signedIn);
  const v = await visitor(server, await widgetKeyOf(page), { name: 'Wanda Waiting' });
  conversationId = (await v.start('Is anyone there?')).id;
  v.close();
});

async function signOutAndIn(p: Page, path = '/') {
  await p.getByRole('button', { name: 'Sign out' }).click();
  await p.getByRole('heading', { name: 'Sign in' }).waitFor();
  if (path !== '/') await p.goto(path);
  await p.getByLabel('Email').fill(who.email);
  await p.getByLabel('Password').fill(who.password);
  await p.getByRole('button', { name: 'Sign in' }).click();
}

const pathOf = (p: Page) => new URL(p.url()).pathname;

describe('landing after sign-in', () => {
  test('opens on Unassigned when Mine is empty and a conversation waits', async () => {
    await signOutAndIn(page);
    await page.getByRole('heading', { name: 'Unassigned' }).waitFor();
    expect(pathOf(page)).toBe('/inbox/unassigned');
    await page.getByRole('link', { name: /Wanda Waiting/ }).waitFor();
    await shot(page, 'landing-unassigned');
  });

  test('keeps the view this tab showed on a reload of /', async () => {
    await page.getByRole('link', { name: /^All/ }).click();
    await page.getByRole('heading', { name: 'All' }).waitFor();
    await page.goto('/');
    await page.getByRole('heading', { name: 'All' }).waitFor();
    expect(pathOf(page)).toBe('/inbox/all');
  });

  test('opens on Mine once the agent has conversations', async () => {
    const admin = server.client(await accessTokenOf(page));
    const me = await admin.call('getMe');
    await admin.call('updateConversation', { params: { id: conversationId }, body: { assigneeId: me.agent.id } });
    await signOutAndIn(page);
    await page.getByRole('heading', { name: 'Mine' }).waitFor();
    expect(pathOf(page)).toBe('/inbox/mine');
    await page.getByRole('link', { name: /Wanda Waiting/ }).waitFor();
  });

  test('a deep link wins over the landing', async () => {
    await signOutAndIn(page, '/inbox/resolved');
    await page.getByRole('heading', { name: 'Resolved' }).waitFor();
    await signOutAndIn(page, `/conversations/${conversationId}`);
    await page.getByRole('listitem', { name: 'Message from Wanda Waiting' }).waitFor();
    expect(pathOf(page)).toBe(`/conversations/${conversationId}`);
  });
});

describe('landmarks', () => {
  test('every signed-in page has exactly one main landmark', async () => {
    for (const path of [
      '/inbox/mine',
      `/conversations/${conversationId}`,
      '/account',
      '/admin/agents',
      '/admin/organization',
      '/admin/widget',
      '/admin/push',
    ]) {
      await page.goto(path);
      const main = page.getByRole('main');
      await main.getByRole('heading').first().waitFor();
      expect(await main.count(), path).toBe(1);
    }
    // The sign-in page too.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('main').getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('main').count()).toBe(1);
    expect(problems).toEqual([]);
  });
});
