/**
 * Settings → Business hours & automatic replies (issue 18), in Chromium against the real server: an admin sets the
 * week's hours (weekends closed, Friday until 16:00), adds a holiday, turns the greeting on with a French text and
 * sets the nudge's delay; the server stores what the form says, and a reload shows it again. A visitor's new
 * conversation then gets the greeting, shown in the thread as the team's automatic reply.
 */
import { describe, expect } from 'vitest';
import { accessTokenOf, type Page, shot, type TestServer, test, visitor, widgetKeyOf } from './e2e';

let server: TestServer;
let page: Page;
let problems: string[];

test.beforeAll(async ({ server: s, signedIn }) => {
  server = s;
  ({ page, problems } = signedIn);
});

describe('business hours and automatic replies', () => {
  test('saves the weekly grid, holidays and the replies per language; the greeting reaches a visitor', async () => {
    const admin = server.client(await accessTokenOf(page));
    await admin.call('updateOrganization', { body: { timeZone: 'Europe/Paris' } });
    await page.getByRole('link', { name: 'Business hours', exact: true }).click();
    await page.getByRole('heading', { name: 'Business hours & automatic replies' }).waitFor();
    await page.getByText('Europe/Paris', { exact: true }).waitFor();

    const hours = page.getByRole('form', { name: 'Business hours' });
    await hours.getByLabel('Use business hours').check();
    expect(await hours.getByLabel('Open on Monday').isChecked()).toBe(true);
    expect(await hours.getByLabel('Open on Saturday').isChecked()).toBe(false);
    await hours.getByLabel('Friday closes at').fill('16:00');
    await hours.getByLabel('Add a holiday').fill('2026-12-25');
    await hours.getByRole('button', { name: 'Add', exact: true }).click();
    // Written as the reader's locale writes a date; the day itself in the element's datetime.
    await hours.getByRole('list', { name: 'Holidays' }).locator('time[datetime="2026-12-25"]').waitFor();
    await hours.getByRole('button', { name: 'Save hours' }).click();
    await hours.getByText('Saved.').waitFor();
    await shot(page, 'business-hours-grid');
    const saved = await admin.call('getOrganization');
    expect(saved.businessHours).toEqual({
      enabled: true,
      weekly: [
        { day: 1, from: '09:00', to: '17:30' },
        { day: 2, from: '09:00', to: '17:30' },
        { day: 3, from: '09:00', to: '17:30' },
        { day: 4, from: '09:00', to: '17:30' },
        { day: 5, from: '09:00', to: '16:00' },
      ],
      holidays: ['2026-12-25'],
    });

    const replies = page.getByRole('form', { name: 'Automatic replies' });
    await replies.getByLabel('Greet new conversations').check();
    await replies.getByLabel('Greeting (English)').fill('Hello from the e2e team!');
    await replies.getByLabel('Greeting (French)').fill('Bonjour de l’équipe e2e !');
    await replies.getByLabel('Ask after (minutes)').fill('15');
    await replies.getByRole('button', { name: 'Save replies' }).click();
    await replies.getByText('Saved.').waitFor();
    const withReplies = await admin.call('getOrganization');
    // German and Spanish keep the default texts the form showed.
    expect(withReplies.autoReplies.greeting).toEqual({
      enabled: true,
      text: {
        en: 'Hello from the e2e team!',
        fr: 'Bonjour de l’équipe e2e !',
        de: 'Hallo! Danke für Ihre Nachricht. Jemand aus dem Team meldet sich gleich bei Ihnen.',
        es: '¡Hola! Gracias por tu mensaje. Alguien del equipo te atenderá enseguida.',
      },
    });
    expect(withReplies.autoReplies.nudge.afterMinutes).toBe(15);
    await shot(page, 'business-hours');

    await page.reload();
    await page.getByLabel('Friday closes at').waitFor();
    expect(await page.getByLabel('Friday closes at').inputValue()).toBe('16:00');
    expect(await page.getByLabel('Greeting (French)').inputValue()).toBe('Bonjour de l’équipe e2e !');
    expect(await page.getByLabel('Greet new conversations').isChecked()).toBe(true);

    // Turned off again, hours no longer close anything (the greeting below is not an out-of-hours question).
    await page.getByLabel('Use business hours').uncheck();
    await page.getByRole('button', { name: 'Save hours' }).click();
    await expect.poll(async () => (await admin.call('getOrganization')).businessHours?.enabled).toBe(false);

    const v = await visitor(server, await widgetKeyOf(page));
    const conv = await v.start('Hi there');
    await page.goto(`${new URL(page.url()).origin}/conversations/${conv.id}`);
    await page
      .getByRole('listitem', { name: /^Automatic reply from / })
      .getByText('Hello from the e2e team!')
      .waitFor();
    await shot(page, 'business-hours-greeting');
    v.close();
    expect(problems).toEqual([]);
  });
});
