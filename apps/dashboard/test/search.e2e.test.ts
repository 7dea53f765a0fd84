/** Full-text search in the top bar (issue 17): the `/` key, results as you type, keys, highlights as text. */
import { describe, expect } from 'vitest';
import { accessTokenOf, type Page, shot, type TestServer, test, until, visitor, widgetKeyOf } from './e2e';

let server: TestServer;
let page: Page;
let problems: string[];
let key = '';

test.beforeAll(async ({ server: s, signedIn }) => {
  server = s;
  ({ page, problems } = signedIn);
  key = await widgetKeyOf(page);
});

describe('search', () => {
  test('"/" focuses the box; words in messages and notes are found, ranked, highlighted and opened with the keys', async () => {
    const ann = await visitor(server, key, { name: 'Ann Teapot-Free', email: 'ann@harbor.example' });
    await ann.start('My blue teapot arrived broken, the teapot lid is cracked');
    const bob = await visitor(server, key, { name: 'Bob Rivers', email: 'bob.rivers@mail.example' });
    const bobConv = await bob.start('Where is my parcel?');
    const admin = server.client(await accessTokenOf(page));
    await admin.call('sendMessage', {
      params: { id: bobConv.id },
      body: { clientId: 'note-search-1', type: 'note', body: 'Customer also asked about a teapot <b>refund</b>' },
    });
    await page.getByRole('link', { name: /^All/ }).click();
    await page.getByRole('link', { name: /Bob Rivers/ }).waitFor();

    await page.locator('body').click({ position: { x: 700, y: 500 } });
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Search conversations');
    // Typed quickly: requests wait for a pause, so fewer requests than keys, the last for the whole word.
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/search')) asked.push(new URL(r.url()).searchParams.get('q')!);
    });
    await page.keyboard.type('teapots', { delay: 20 });
    const results = page.getByRole('listbox', { name: 'Search results' });
    const options = results.getByRole('option');
    await until(async () => (await options.count()) === 2, 'two results');
    expect(asked.at(-1)).toBe('teapots');
    expect(asked.length).toBeLessThan(7);
    // The message with the word twice ranks above the note; the note says where it matched.
    expect(await options.nth(0).textContent()).toContain('Ann Teapot-Free');
    expect(await options.nth(1).textContent()).toContain('internal note');
    expect(await options.nth(0).locator('mark').allTextContents()).toEqual(['teapot', 'teapot']);
    // Markup in a note is shown as text, never as markup.
    expect(await options.nth(1).locator('b').count()).toBe(0);
    await shot(page, 'search-results');

    // The box hears the highlighted option from the list a render later: read it until it says so.
    await expect
      .poll(() => page.getByLabel('Search conversations').getAttribute('aria-activedescendant'))
      .toBe('search-results-0');
    await page.keyboard.press('ArrowDown');
    expect(await options.nth(1).getAttribute('aria-selected')).toBe('true');
    await expect
      .poll(() => page.getByLabel('Search conversations').getAttribute('aria-activedescendant'))
      .toBe('search-results-1');
    await page.keyboard.press('Enter');
    await page.getByRole('listitem', { name: 'Message from Bob Rivers' }).waitFor();
    expect(await results.count()).toBe(0);

    // A partial email; Escape closes the results, a second Escape leaves the box.
    await page.keyboard.press('/');
    await page.getByLabel('Search conversations').fill('rivers@mail');
    await results.getByRole('option', { name: /Bob Rivers/ }).waitFor();
    await page.keyboard.press('Escape');
    expect(await results.count()).toBe(0);
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).not.toBe(
      'Search conversations',
    );

    // Nothing found says so.
    await page.keyboard.press('/');
    await page.getByLabel('Search conversations').fill('zzzqqq');
    await page.getByRole('status').filter({ hasText: 'No conversation matches.' }).waitFor();
    expect(problems).toEqual([]);
    ann.close();
    bob.close();
  });
});
