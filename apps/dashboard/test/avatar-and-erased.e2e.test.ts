/**
 * Issue 15 in the dashboard, in Chromium against the real server and PostgreSQL: the agent uploads a photo on their
 * account page (served by Oceras from its own origin, 256×256) and sees it in their replies and the agents' list;
 * an erased visitor shows as "Erased visitor" in the inbox and the conversation, whose composer takes notes only
 * and says why. Avatars are URLs on PUBLIC_URL, so the browser reaches the server there (a loopback TCP proxy
 * takes the port first, as in attachments.e2e.test.ts).
 */
import { afterEach, describe, expect } from 'vitest';
import { files } from '../../server/test/attachments-kit.js';
import { startTestServer } from '../../server/test/helpers.js';
import { startTcpProxy } from '../../server/test/tcp-proxy.js';
import { accessTokenOf, test as e2eTest, type Page, shot, type TestServer, visitor, widgetKeyOf } from './e2e';

const test = e2eTest
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern
  .extend('server', { scope: 'file' }, async ({}, { onCleanup }) => {
    const target = { host: '127.0.0.1', port: 0 };
    const proxy = await startTcpProxy(target);
    const publicUrl = `http://127.0.0.1:${proxy.port}`;
    const server = await startTestServer({ PUBLIC_URL: publicUrl });
    target.port = Number(new URL(server.baseUrl).port);
    onCleanup(async () => {
      await proxy.close();
      await server.close();
    });
    return { ...server, baseUrl: publicUrl };
  });

let server: TestServer;
let page: Page;
let problems: string[];
let adminName = '';

test.beforeAll(async ({ server: s, signedIn }) => {
  server = s;
  page = signedIn.page;
  problems = signedIn.problems;
  adminName = signedIn.who.name;
});

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await shot(page, `failed-avatar-${task.name.slice(0, 24).replace(/\W+/g, '-')}`);
  expect(problems).toEqual([]);
});

/** The natural size of an image once loaded, or null while it is not. */
const loadedSize = (img: ReturnType<Page['locator']>) =>
  img.evaluate((el) => {
    const i = el as HTMLImageElement;
    return i.complete && i.naturalWidth > 0 ? [i.naturalWidth, i.naturalHeight] : null;
  });

describe('an agent’s photo', () => {
  test('uploads a PNG on the account page and sees the photo Oceras serves', async () => {
    await page.getByRole('link', { name: new RegExp(adminName) }).click();
    const card = page.getByRole('form', { name: 'Profile' });
    await card.getByText('Colleagues and visitors see your initials.').waitFor();
    await card.getByLabel('Upload photo').setInputFiles({
      name: 'me.png',
      mimeType: 'image/png',
      buffer: await files.png(640, 480),
    });
    const photo = card.getByRole('img', { name: `Avatar of ${adminName}` });
    await photo.waitFor();
    const src = (await photo.getAttribute('src')) ?? '';
    expect(src.startsWith(`${server.baseUrl}/api/v1/avatars/`)).toBe(true);
    await expect.poll(() => loadedSize(photo), { timeout: 10_000 }).toEqual([256, 256]);
    await card.getByRole('button', { name: 'Remove photo' }).waitFor();
    await shot(page, 'avatar-profile-uploaded');
    const api = server.client(await accessTokenOf(page));
    expect((await api.call('getMe')).agent.avatarUrl).toBe(src);
  });

  test('shows beside their replies and in the agents’ list', async () => {
    const v = await visitor(server, await widgetKeyOf(page), { name: 'Paula Photo' });
    const conv = await v.start('Is my parcel on its way?');
    await page.goto(`/conversations/${conv.id}`);
    const box = page.getByLabel('Reply', { exact: true });
    await box.fill('It left this morning.');
    await box.press('Enter');
    const reply = page.getByRole('listitem', { name: new RegExp(`Reply from ${adminName}`) });
    const face = reply.locator('img.agent-avatar');
    await expect.poll(() => loadedSize(face), { timeout: 10_000 }).toEqual([256, 256]);
    await shot(page, 'avatar-in-thread');
    await page.goto('/admin/agents');
    await expect
      .poll(() => loadedSize(page.getByRole('row', { name: new RegExp(adminName) }).locator('img.agent-avatar')), {
        timeout: 10_000,
      })
      .toEqual([256, 256]);
    v.close();
  });

  test('removes the photo: initials again', async () => {
    await page.getByRole('link', { name: new RegExp(adminName) }).click();
    const card = page.getByRole('form', { name: 'Profile' });
    await card.getByRole('button', { name: 'Remove photo' }).click();
    await card.getByText('Colleagues and visitors see your initials.').waitFor();
    expect(await card.getByRole('img', { name: `Avatar of ${adminName}` }).count()).toBe(0);
    const api = server.client(await accessTokenOf(page));
    expect((await api.call('getMe')).agent.avatarUrl).toBeNull();
  });
});

describe('an erased visitor', () => {
  test('reads "Erased visitor" in the inbox and the conversation, whose composer takes notes only and says why', async () => {
    const v = await visitor(server, await widgetKeyOf(page), { name: 'Quentin Quit' });
    const conv = await v.start('Please delete my data');
    const api = server.client(await accessTokenOf(page));
    await api.call('eraseVisitor', { params: { id: v.session.visitorId } });
    v.close();
    await page.goto(`/conversations/${conv.id}`);
    await page.getByRole('heading', { name: 'Erased visitor' }).first().waitFor();
    await page.getByText('This visitor’s data was erased: nobody can read a reply.', { exact: false }).waitFor();
    const tabs = page.getByRole('tablist', { name: 'Composer mode' });
    expect(await tabs.getByRole('tab', { name: 'Reply' }).isDisabled()).toBe(true);
    expect(await tabs.getByRole('tab', { name: 'Internal note' }).getAttribute('aria-selected')).toBe('true');
    // No privacy actions for an erased visitor.
    const panel = page.getByRole('complementary', { name: 'Visitor' });
    expect(await panel.getByRole('button', { name: 'Export data' }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Edit name and email' }).count()).toBe(0);
    // A note still goes.
    const box = page.getByLabel('Internal note', { exact: true });
    await box.fill('Erased on request.');
    await box.press('Enter');
    await page
      .getByRole('listitem', { name: /Internal note by/ })
      .getByText('Erased on request.')
      .waitFor();
    await shot(page, 'erased-visitor-conversation');
    // The inbox says so too (all conversations, resolved ones included).
    await page.goto('/inbox/resolved');
    await page.getByText('Erased visitor').first().waitFor();
    await shot(page, 'erased-visitor-inbox');
  });
});
