/**
 * Issue 18 in the dashboard: an admin sets what a low rating does (the widget page's card: the threshold on the
 * organization's scale, reopen, notify), and an agent sets their availability schedule (the account page's card).
 * Both are read back through the API: what the page saved is what the server holds.
 */
import { describe, expect } from 'vitest';
import { accessTokenOf, shot, shotOnFailure, test } from './e2e';

describe('low ratings and schedules', () => {
  test('an admin sets the low-rating threshold and actions', async ({ server, signedIn }) => {
    const { page, problems } = signedIn;
    shotOnFailure(page, 'low-rating');
    await page.goto('/admin/widget');
    const card = page.getByRole('form', { name: 'Low ratings' });
    await card.waitFor();
    // Stars: 1 to 4; off by default.
    expect(await card.getByRole('option').allTextContents()).toEqual([
      '1 star',
      '2 stars or fewer',
      '3 stars or fewer',
      '4 stars or fewer',
    ]);
    expect(await card.getByLabel('Reopen the conversation').isChecked()).toBe(false);
    await card.getByLabel('A rating is low at').selectOption('1');
    await card.getByLabel('Reopen the conversation').check();
    await card.getByLabel('Notify the team').check();
    await card.getByRole('button', { name: 'Save low-rating actions' }).click();
    await card.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await shot(page, 'low-rating-settings');
    const api = server.client(await accessTokenOf(page));
    expect((await api.call('getMe')).organization.lowRatingActions).toEqual({
      threshold: 1,
      reopen: true,
      notify: true,
    });

    // On three faces, the choices are the faces.
    await api.call('updateOrganization', { body: { widgetSettings: { satisfactionSurvey: 'faces' } } });
    await page.reload();
    const faces = page.getByRole('form', { name: 'Low ratings' });
    await faces.waitFor();
    expect(await faces.getByRole('option').allTextContents()).toEqual(['The sad face', 'The sad or the neutral face']);
    expect(problems).toEqual([]);
  });

  test('an agent sets and follows their schedule', async ({ server, signedIn }) => {
    const { page, problems } = signedIn;
    shotOnFailure(page, 'schedule');
    await page.goto('/account');
    const card = page.getByRole('form', { name: 'Schedule' });
    await card.waitFor();
    await card.getByLabel('Follow my schedule').check();
    await card.getByLabel('Time zone').fill('Europe/Paris');
    await card.getByRole('button', { name: 'Add hours: Monday' }).click();
    await card.getByRole('button', { name: 'Add hours: Tuesday' }).click();
    await card.getByLabel('Tuesday to').fill('12:30');
    await card.getByRole('button', { name: 'Save schedule' }).click();
    await card.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await shot(page, 'schedule-card');
    const api = server.client(await accessTokenOf(page));
    const me = await api.call('getMe');
    expect(await api.call('getAvailabilitySchedule', { params: { id: me.agent.id } })).toEqual({
      followSchedule: true,
      timeZone: 'Europe/Paris',
      weekly: [
        { day: 1, from: '09:00', to: '17:00' },
        { day: 2, from: '09:00', to: '12:30' },
      ],
    });
    // After a reload, the card shows what was saved.
    await page.reload();
    const again = page.getByRole('form', { name: 'Schedule' });
    await again.waitFor();
    expect(await again.getByLabel('Tuesday to').inputValue()).toBe('12:30');
    expect(await again.getByLabel('Follow my schedule').isChecked()).toBe(true);

    // An admin opens an agent's schedule from the agents page (here their own): the same card, titled with the name.
    await page.goto('/admin/agents');
    await page.getByRole('button', { name: `Schedule of ${me.agent.name}` }).click();
    const theirs = page.getByRole('form', { name: `Schedule of ${me.agent.name}` });
    await theirs.waitFor();
    expect(await theirs.getByLabel('Monday from').inputValue()).toBe('09:00');
    expect(await theirs.getByLabel('Follow this schedule').isChecked()).toBe(true);
    await shot(page, 'schedule-admin');
    expect(problems).toEqual([]);
  });
});
