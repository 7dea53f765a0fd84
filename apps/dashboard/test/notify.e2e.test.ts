/** Notifications, the title badge, availability, and the socket renewed after a token refresh. */
import { describe, expect } from 'vitest';
import { accessTokenOf, signUp, test, until, visitor, widgetKeyOf } from './e2e';

describe('while the agent looks elsewhere', () => {
  test('asks for permission on a click, then notifies and badges the title for new visitor messages', async ({
    server,
    fresh,
  }) => {
    const { context, problems } = fresh;
    const page = await context.newPage();
    // A stand-in Notification that records what would be shown, and a tab that can be "hidden".
    await page.addInitScript(() => {
      const shown: { title: string; body: string }[] = [];
      let permission = 'default';
      class FakeNotification {
        static get permission() {
          return permission;
        }
        static async requestPermission() {
          permission = 'granted';
          return permission;
        }
        onclick: (() => void) | null = null;
        constructor(title: string, opts: { body: string }) {
          shown.push({ title, body: opts.body });
        }
        close() {}
      }
      let hidden = false;
      Object.defineProperty(document, 'hidden', { get: () => hidden });
      Object.assign(window, {
        Notification: FakeNotification,
        __shown: shown,
        __hide: (h: boolean) => {
          hidden = h;
          document.dispatchEvent(new Event('visibilitychange'));
        },
      });
    });
    await signUp(page);
    const key = await widgetKeyOf(page);
    await page.getByRole('button', { name: 'Enable notifications' }).click();
    await until(async () => (await page.getByRole('button', { name: 'Enable notifications' }).count()) === 0, 'asked');

    await page.evaluate(() => (window as unknown as { __hide: (h: boolean) => void }).__hide(true));
    const v = await visitor(server, key, { name: 'Nina' });
    const conv = await v.start('First question');
    await v.say(conv.id, '<b>second</b> question');
    await until(async () => (await page.title()) === '(2) Oceras', 'the title badge');
    const shown = await page.evaluate(() => (window as unknown as { __shown: unknown[] }).__shown);
    expect(shown).toEqual([
      { title: 'Nina wrote', body: 'First question' },
      { title: 'Nina wrote', body: '<b>second</b> question' },
    ]);
    await page.evaluate(() => (window as unknown as { __hide: (h: boolean) => void }).__hide(false));
    await until(async () => (await page.title()) === 'Oceras', 'the badge cleared');

    // Availability: always in the top bar, saved for colleagues.
    await page.getByLabel('Availability').selectOption('away');
    await until(async () => {
      const me = await page.evaluate(async () => {
        const t = JSON.parse(localStorage.getItem('oceras.tokens')!);
        return (await fetch('/api/v1/me', { headers: { authorization: `Bearer ${t.accessToken}` } })).json();
      });
      return me.agent.availability === 'away';
    }, 'availability saved');
    expect(problems).toEqual([]);
    v.close();
  });

  test('hands the socket the fresh token after a refresh (session.renew)', async ({ fresh: { context } }) => {
    await context.clock.install();
    const page = await context.newPage();
    const sent: string[] = [];
    page.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(String(f.payload))));
    const refreshes: number[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/auth/refresh')) refreshes.push(Date.now());
    });
    const who = await signUp(page, { name: 'Rita Renew' });
    await until(() => sent.some((f) => f.startsWith('40/agent')), 'the socket');
    expect(refreshes).toEqual([]);
    // The clock moves 14m40s without firing timers (the socket stays up); the next call finds the token expiring.
    const account = (await page.getByRole('link', { name: new RegExp(who.name) }).getAttribute('href'))!;
    await context.clock.setSystemTime(Date.now() + 14 * 60_000 + 40_000);
    // To the account page without a click: a click is a sign of life the dashboard tells the server (agent.active),
    // and that write would let socket.io see its ping 14 minutes overdue by the moved clock and reconnect (with the
    // fresh token, rightly): not the path under test, which is the renewal of a socket that stays up.
    await page.evaluate((to) => {
      history.pushState(null, '', to);
      dispatchEvent(new PopStateEvent('popstate'));
    }, account);
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await until(() => sent.some((f) => f.includes('"session.renew"')), 'session.renew');
    expect(refreshes).toHaveLength(1);
    // (Within the same second the server may mint the identical JWT, so compare with storage, not with the old one.)
    const after = await accessTokenOf(page);
    expect(sent.find((f) => f.includes('"session.renew"'))).toContain(after);
  });
});
