/**
 * A team's own business hours (issue 18) in Chromium against the real server: on Settings → Teams, the admin gives
 * the Evening team hours of its own with the business-hours page's form (evenings, Saturday too, a holiday), the
 * server stores them on the team, a reload shows them again, and switching them off gives the team the
 * organization's hours back (null).
 */
import { describe, expect } from 'vitest';
import { accessTokenOf, shot, shotOnFailure, test } from './e2e';

describe('a team’s business hours', () => {
  test('sets, keeps and gives back a team’s own hours from its card', async ({ signedIn, server }) => {
    const { page, problems } = signedIn;
    shotOnFailure(page, 'team-hours');
    const admin = server.client(await accessTokenOf(page));
    await admin.call('updateOrganization', { body: { timeZone: 'Europe/Paris' } });
    const team = await admin.call('createTeam', { body: { name: 'Evening' } });

    await page.getByRole('link', { name: 'Teams', exact: true }).click();
    const card = page.getByRole('region', { name: 'Evening' });
    await card
      .getByText('Off, Evening’s conversations follow the organization’s business hours', { exact: false })
      .waitFor();
    const own = card.getByRole('switch', { name: 'Evening has its own business hours' });
    expect(await own.isChecked()).toBe(false);
    await own.click();
    const form = card.getByRole('form', { name: 'Business hours of Evening' });
    await form.getByText('Europe/Paris', { exact: true }).waitFor();
    await form.getByLabel('Use business hours').check();
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) {
      await form.getByLabel(`${day} opens at`).fill('18:00');
      await form.getByLabel(`${day} closes at`).fill('23:00');
    }
    await form.getByLabel('Open on Saturday').check();
    await form.getByLabel('Saturday opens at').fill('10:00');
    await form.getByLabel('Saturday closes at').fill('14:00');
    await form.getByLabel('Add a holiday').fill('2026-12-24');
    await form.getByRole('button', { name: 'Add', exact: true }).click();
    await form.getByRole('list', { name: 'Holidays' }).locator('time[datetime="2026-12-24"]').waitFor();
    await form.getByRole('button', { name: 'Save hours' }).click();
    await form.getByText('Saved.').waitFor();
    await shot(page, 'team-hours');
    const evenings = ([1, 2, 3, 4, 5] as const).map((day) => ({ day, from: '18:00', to: '23:00' }));
    const saved = (await admin.call('listTeams')).teams.find((t) => t.id === team.id)!;
    expect(saved.businessHours).toEqual({
      enabled: true,
      weekly: [...evenings, { day: 6, from: '10:00', to: '14:00' }],
      holidays: ['2026-12-24'],
    });
    // The organization's own hours were not touched.
    expect((await admin.call('getOrganization')).businessHours).toBeNull();

    await page.reload();
    const again = page
      .getByRole('region', { name: 'Evening' })
      .getByRole('form', { name: 'Business hours of Evening' });
    expect(await again.getByLabel('Saturday closes at').inputValue()).toBe('14:00');
    expect(await again.getByLabel('Use business hours').isChecked()).toBe(true);

    // Off: the organization's hours again.
    await page.getByRole('switch', { name: 'Evening has its own business hours' }).click();
    await expect
      .poll(async () => (await admin.call('listTeams')).teams.find((t) => t.id === team.id)?.businessHours)
      .toBeNull();
    await page.getByRole('form', { name: 'Business hours of Evening' }).waitFor({ state: 'detached' });
    await shot(page, 'team-hours-organization');
    expect(problems).toEqual([]);
  });
});
