/** Admin pages, search, and the dashboard in a narrow window. */
import { describe, expect } from 'vitest';
import {
  accessTokenOf,
  type Browser,
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
let browser: Browser;
let page: Page;
let problems: string[];
let key = '';

// The file's signed-up admin, whose browser may use the clipboard and records what the preview frame is told.
test.beforeAll(async ({ server: s, browser: b, signedIn }) => {
  server = s;
  browser = b;
  ({ page, problems } = signedIn);
  await signedIn.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
  // What the widget preview frame is told by the dashboard (recorded inside the frame).
  await signedIn.context.addInitScript(() => {
    if (location.pathname !== '/widget/frame.html') return;
    addEventListener('message', (e) => {
      if (e.data?.oceras !== 1 || e.data.t !== 'preview') return;
      const w = window as { __previews?: unknown[] };
      w.__previews = [...(w.__previews ?? []), { data: e.data, origin: e.origin }];
    });
  });
  key = await widgetKeyOf(page);
});

describe('admin pages', () => {
  test('renames the organization', async () => {
    await page.getByRole('link', { name: 'Organization' }).click();
    await page.getByLabel('Name').fill('Harbor & Sons');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByText('Harbor & Sons').waitFor();
  });

  test('turns off and on the assignment of a conversation to the agent who replies first', async () => {
    const admin = server.client(await accessTokenOf(page));
    expect((await admin.call('getOrganization')).autoAssignOnReply).toBe(true);
    await page.getByRole('link', { name: 'Organization' }).click();
    const toggle = page.getByRole('switch', { name: 'Assign a conversation to the agent who replies first' });
    expect(await toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    // Not "Saved." alone: the rename's form above may still say it from the test before.
    await until(async () => !(await admin.call('getOrganization')).autoAssignOnReply, 'the switch saved off');
    await page.getByText(/Replies leave unassigned conversations unassigned/).waitFor();
    await shot(page, 'admin-organization');
    await page.reload();
    await toggle.waitFor();
    expect(await toggle.isChecked()).toBe(false);
    await toggle.check();
    await until(async () => (await admin.call('getOrganization')).autoAssignOnReply, 'the switch saved on');
  });

  test('changes the widget with the real widget as its preview, copies the install snippet, keeps the settings', async () => {
    await page.getByRole('link', { name: 'Widget' }).click();
    const iframe = page.getByTitle('Widget preview');
    expect(await iframe.getAttribute('src')).toBe(`/widget/frame.html?key=${key}&preview=1`);
    await page.getByLabel('Colour').fill('#d0341f');
    await page.getByLabel('Bottom left').check();
    await page.getByLabel('Team name').fill('Harbor crew');
    await page.getByLabel('Greeting').fill('Ahoy! Ask us anything.');
    await page.getByLabel('Pre-chat form').selectOption('required');
    await page.getByLabel('Privacy policy link').fill('https://harbor.example/privacy');
    await page.getByLabel(/Allowed domains/).fill('harbor.example\n*.harbor.example');
    // The frame (the widget's own, same origin) is told the draft, without the allowed domains, on every change.
    const frame = page.frames().find((f) => f.url().includes('/widget/frame.html'))!;
    const lastPreview = () => frame.evaluate(() => (window as { __previews?: unknown[] }).__previews?.at(-1) ?? null);
    await until(
      async () => JSON.stringify(await lastPreview()).includes('Ahoy! Ask us anything.'),
      'the draft to reach the preview frame',
    );
    expect(await lastPreview()).toEqual({
      origin: server.baseUrl,
      data: {
        oceras: 1,
        t: 'preview',
        orgName: 'Harbor & Sons',
        view: 'home',
        settings: {
          color: '#d0341f',
          position: 'left',
          greeting: 'Ahoy! Ask us anything.',
          teamName: 'Harbor crew',
          preChatForm: 'required',
          privacyPolicyUrl: 'https://harbor.example/privacy',
          satisfactionSurvey: 'stars',
        },
      },
    });
    await page.locator('.segmented').getByText('Pre-chat', { exact: true }).click();
    await until(async () => JSON.stringify(await lastPreview()).includes('"view":"prechat"'), 'the pre-chat view');
    await page.locator('.segmented').getByText('Conversation', { exact: true }).click();
    await until(async () => JSON.stringify(await lastPreview()).includes('"view":"thread"'), 'the thread view');
    await page.locator('.segmented').getByText('Home', { exact: true }).click();

    const snippet = `<script src="${server.baseUrl}/widget.js" data-oceras-key="${key}" async></script>`;
    expect(await page.locator('.snippet').textContent()).toBe(snippet);
    await page.getByRole('button', { name: 'Copy snippet' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);
    await page.getByRole('button', { name: 'Save widget settings' }).click();
    await page.getByText('Saved.').waitFor();
    await shot(page, 'admin-widget');
    const admin = server.client(await accessTokenOf(page));
    expect((await admin.call('getOrganization')).widgetSettings.allowedDomains).toEqual([
      'harbor.example',
      '*.harbor.example',
    ]);
    // The rest of this file runs with no domain list (widget-preview.e2e covers the preview with one).
    await page.getByLabel(/Allowed domains/).fill('');
    await page.getByRole('button', { name: 'Save widget settings' }).click();
    await until(async () => (await admin.call('getOrganization')).widgetSettings.allowedDomains.length === 0, 'saved');
    await page.reload();
    await page.getByLabel('Bottom left').waitFor();
    expect(await page.getByLabel('Bottom left').isChecked()).toBe(true);
    expect(await page.getByLabel('Privacy policy link').inputValue()).toBe('https://harbor.example/privacy');
    expect(await page.getByLabel('Team name').inputValue()).toBe('Harbor crew');
  });

  test("refuses a privacy policy link that is not http(s) with the server's reason, and clears it", async () => {
    await page.getByRole('link', { name: 'Widget' }).click();
    const field = page.getByLabel('Privacy policy link');
    await field.fill('ftp://harbor.example/privacy');
    await page.getByRole('button', { name: 'Save widget settings' }).click();
    await page
      .getByRole('alert')
      .getByText('The privacy policy link is not a web address. Nothing was saved.')
      .waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    const hint = await page.locator('#privacy-url-hint').textContent();
    expect(hint).toMatch(/^[A-Z].*: enter a full address that starts with https:\/\/ \(or http:\/\/\)\.$/);
    await shot(page, 'admin-widget-invalid-url');
    const admin = server.client(await accessTokenOf(page));
    expect((await admin.call('getOrganization')).widgetSettings.privacyPolicyUrl).toBe(
      'https://harbor.example/privacy',
    );
    // Empty means no link.
    await field.fill('');
    await page.getByRole('button', { name: 'Save widget settings' }).click();
    await page.getByText('Saved.').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBeNull();
    expect((await admin.call('getOrganization')).widgetSettings.privacyPolicyUrl).toBeNull();
  });

  test('shows the team and pending invitations', async () => {
    await page.getByRole('link', { name: 'Agents' }).click();
    await page.getByLabel('Email').fill('later@example.com');
    await page.getByLabel('Role', { exact: true }).selectOption('manager');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('later@example.com').first().waitFor();
    await page.getByRole('button', { name: 'Withdraw' }).waitFor();
    await shot(page, 'admin-agents');
    await page.getByRole('button', { name: 'Withdraw' }).click();
    await until(async () => (await page.getByRole('button', { name: 'Withdraw' }).count()) === 0, 'withdrawn');

    // A colleague joins (through the API), is promoted, then removed; the table follows live.
    const admin = server.client(await accessTokenOf(page));
    const inv = await admin.call('createInvitation', { body: { email: 'carl@example.com' } });
    const token = inv.inviteUrl!.split('#token=')[1]!;
    await server
      .client()
      .call('acceptInvitation', { body: { token, name: 'Carl Colleague', password: 'carl password 1' } });
    await page.getByRole('cell', { name: 'Carl Colleague', exact: true }).waitFor();
    await page.getByLabel('Role of Carl Colleague').selectOption('manager');
    await until(async () => {
      const { agents } = await admin.call('listAgents');
      return agents.find((a) => a.name === 'Carl Colleague')?.role === 'manager';
    }, 'the promotion');
    // As a manager, Carl assigns anyone's conversations but sees no admin pages.
    const carl = await server
      .client()
      .call('login', { body: { email: 'carl@example.com', password: 'carl password 1' } });
    const c = await newContext(browser, server);
    const carlPage = await c.context.newPage();
    await carlPage.goto('/');
    await carlPage.evaluate(
      (t) => localStorage.setItem('oceras.tokens', t),
      JSON.stringify({ ...carl, localExpiresAt: Date.now() + 14 * 60_000 }),
    );
    const una = await server.client().call('createWidgetSession', { body: { widgetKey: key, name: 'Una' } });
    const unaConv = await server.client(una.sessionToken).call('startConversation', {
      body: { clientId: 'una-conv-0001', message: { clientId: 'una-msg-0001', body: 'Hi' } },
    });
    const me = await admin.call('getMe');
    await admin.call('updateConversation', { params: { id: unaConv.id }, body: { assigneeId: me.agent.id } });
    await carlPage.goto(`/conversations/${unaConv.id}`);
    await carlPage.getByLabel('Assignee', { exact: true }).waitFor();
    expect(await carlPage.getByRole('link', { name: 'Agents' }).count()).toBe(0);
    expect(await carlPage.getByRole('link', { name: 'Widget' }).count()).toBe(0);
    expect(c.problems).toEqual([]);
    await c.context.close();

    await page.getByRole('button', { name: 'Remove Carl Colleague' }).click();
    await page.getByRole('button', { name: 'Yes, remove Carl Colleague' }).click();
    await until(
      async () => (await page.getByRole('cell', { name: 'Carl Colleague', exact: true }).count()) === 0,
      'the removal',
    );
  });
});

describe('search and a long inbox', () => {
  test('"/" focuses search; the results list the matches and Enter opens one', async () => {
    const a = await visitor(server, key, { name: 'Maria Lopez', email: 'maria@shop.example' });
    await a.start('Where is my parcel?');
    const b = await visitor(server, key, { name: 'Tom Baker' });
    await b.start('Invoice question');
    await page.getByRole('link', { name: /^All/ }).click();
    await page.getByRole('link', { name: /Tom Baker/ }).waitFor();
    await page.locator('body').click({ position: { x: 700, y: 500 } });
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Search conversations');
    await page.keyboard.type('mar');
    const results = page.getByRole('listbox', { name: 'Search results' });
    await results.getByRole('option', { name: /Maria Lopez/ }).waitFor();
    expect(await results.getByRole('option', { name: /Tom Baker/ }).count()).toBe(0);
    // Snooze until a chosen date and time.
    await page.keyboard.press('Enter');
    await page.getByRole('listitem', { name: 'Message from Maria Lopez' }).waitFor();
    await page.getByLabel('Snooze', { exact: true }).selectOption({ label: 'Until a date and time…' });
    const tomorrow = new Date(Date.now() + 86_400_000);
    const local = new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await page.getByLabel('Snooze until').fill(local);
    await page.getByRole('button', { name: 'Snooze', exact: true }).click();
    await page.getByText(/Snoozed until/).waitFor();
    await page.locator('.conv-title').getByText('snoozed').waitFor();
    await page.getByLabel('Search conversations').fill('');
    expect(await results.count()).toBe(0);
    a.close();
    b.close();
  });

  test('renders only the rows in view of a long list and pages in more on scroll', async () => {
    // Many visitors (a visitor session may start 20 conversations a minute).
    for (let i = 0; i < 70; i++) {
      const session = await server
        .client()
        .call('createWidgetSession', { body: { widgetKey: key, name: `Many ${i}` } });
      await server.client(session.sessionToken).call('startConversation', {
        body: { clientId: `many-conv-${i}`, message: { clientId: `many-m-${i}`, body: `Question ${i}` } },
      });
    }
    await page.goto('/inbox/all');
    await page.getByRole('link', { name: /Question 69/ }).waitFor();
    const rows = await page.locator('.list-row').count();
    expect(rows).toBeLessThan(40);
    const list = page.getByRole('navigation', { name: 'All conversations' });
    for (let i = 0; i < 10 && (await page.getByRole('link', { name: /Question 0\b/ }).count()) === 0; i++) {
      await list.evaluate((el) => {
        el.scrollTop = el.scrollHeight;
      });
      await new Promise((r) => setTimeout(r, 300));
    }
    await page.getByRole('link', { name: /Question 0\b/ }).waitFor();
  });
});

describe('narrow window', () => {
  test('shows one pane at a time with a menu button', async () => {
    const c = await newContext(browser, server, { width: 390, height: 800 });
    const p = await c.context.newPage();
    await p.goto('/');
    await p.getByLabel('Email').waitFor();
    await shot(p, 'narrow-signin');
    const tokens = await page.evaluate(() => localStorage.getItem('oceras.tokens'));
    await p.evaluate((t) => localStorage.setItem('oceras.tokens', t!), tokens);
    await p.goto('/inbox/all');
    await p.getByRole('link', { name: /Many 69/ }).waitFor();
    await p.getByLabel('Search conversations').fill('maria');
    await p.getByRole('option', { name: /Maria Lopez/ }).waitFor();
    await shot(p, 'narrow-search');
    await p.getByRole('option', { name: /Maria Lopez/ }).click();
    await p.getByRole('listitem', { name: 'Message from Maria Lopez' }).waitFor();
    expect(await p.getByRole('link', { name: /Tom Baker/ }).isVisible()).toBe(false);
    await shot(p, 'narrow-conversation');
    await p.getByRole('button', { name: 'Visitor details' }).click();
    await p.getByRole('complementary', { name: 'Visitor' }).getByText('maria@shop.example').waitFor();
    await shot(p, 'narrow-visitor');
    await p.getByRole('complementary', { name: 'Visitor' }).getByRole('button', { name: 'Close' }).click();
    await p.getByRole('link', { name: '← All' }).click();
    await p.getByRole('button', { name: 'Menu' }).click();
    await p.getByRole('link', { name: 'Widget' }).click();
    await p.getByRole('heading', { name: 'Widget' }).waitFor();
    // The install snippet breaks lines only between its parts, never inside one (a word on one line box).
    const broken = await p.locator('.snippet code').evaluate((code) => {
      const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
      const out: string[] = [];
      for (let text = walker.nextNode() as Text | null; text; text = walker.nextNode() as Text | null) {
        for (const m of text.data.matchAll(/\S+/g)) {
          const r = document.createRange();
          r.setStart(text, m.index);
          r.setEnd(text, m.index + m[0].length);
          const lines = new Set([...r.getClientRects()].map((rect) => Math.round(rect.top)));
          if (lines.size > 1) out.push(m[0]);
        }
      }
      return out;
    });
    expect(broken).toEqual([]);
    await p.locator('.snippet').scrollIntoViewIfNeeded();
    await shot(p, 'narrow-widget');
    expect(c.problems).toEqual([]);
    await c.context.close();
  });

  test('broke no CSP rule and raised no page error', () => {
    expect(problems).toEqual([]);
  });
});
