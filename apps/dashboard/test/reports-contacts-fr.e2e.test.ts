/**
 * Reports and a contact in French (issue 18): an admin whose browser speaks French reads the Reports page in French,
 * narrows its summary to a team with the team picker (the figures become the team's, numbers written as French
 * writes them), then finds a contact, reads their details with French dates and writes a note, all by role and
 * French name.
 */
import { describe, expect } from 'vitest';
import { accessTokenOf, newContext, shot, shotOnFailure, test, until, visitor, widgetKeyOf } from './e2e';

describe('reports and contacts in French', () => {
  test('the team picker narrows the figures, and a contact page reads in French', async ({
    server,
    browser,
    signedIn,
  }) => {
    // Seeded through the API as the admin: two conversations for the billing team (one answered, resolved and
    // rated 5), one without a team.
    const admin = server.client(await accessTokenOf(signedIn.page));
    const key = await widgetKeyOf(signedIn.page);
    const team = await admin.call('createTeam', { body: { name: 'Facturation', agentIds: [] } });
    const rated = await visitor(server, key, { name: 'Camille Martin', email: 'camille@exemple.fr', locale: 'fr' });
    const first = await rated.start('Ma facture est fausse');
    await admin.call('updateConversation', { params: { id: first.id }, body: { teamId: team.id } });
    await admin.call('sendMessage', { params: { id: first.id }, body: { clientId: 'fr-reply-1', body: 'Corrigée' } });
    await admin.call('updateConversation', { params: { id: first.id }, body: { status: 'resolved' } });
    await rated.api.call('rateConversation', { params: { id: first.id }, body: { score: 5 } });
    rated.close();
    const waiting = await visitor(server, key, { name: 'Louis Petit' });
    const second = await waiting.start('Et mon avoir ?');
    await admin.call('updateConversation', { params: { id: second.id }, body: { teamId: team.id } });
    waiting.close();
    const other = await visitor(server, key, { name: 'Sans Équipe' });
    await other.start('Bonjour');
    other.close();

    const { context, problems } = await newContext(browser, server, { locale: 'fr-FR' });
    const page = await context.newPage();
    shotOnFailure(page, 'reports-contacts-fr');
    await page.goto('/signin');
    await page.getByLabel('E-mail').fill(signedIn.who.email);
    await page.getByLabel('Mot de passe').fill(signedIn.who.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await until(() => page.evaluate(() => localStorage.getItem('oceras.tokens') !== null), 'signed in');

    await page.goto('/reports');
    await page.getByRole('heading', { name: 'Rapports', level: 1 }).waitFor();
    const figure = (label: string) =>
      page.locator('.figure', { has: page.getByText(label, { exact: true }) }).locator('.figure-value');
    const figures = () =>
      Promise.all(
        ['Nouvelles conversations', 'Résolues', 'En attente d’une réponse'].map((l) => figure(l).textContent()),
      );
    await page.getByRole('region', { name: 'Les chiffres de l’organisation' }).waitFor();
    await expect.poll(figures).toEqual(['3', '1', '2']);

    const picker = page.getByLabel('Équipe', { exact: true });
    await expect
      .poll(() => picker.getByRole('option').allTextContents())
      .toEqual(['Toutes les équipes', 'Facturation']);
    await picker.selectOption({ label: 'Facturation' });
    const summary = page.getByRole('region', { name: 'Les chiffres de Facturation' });
    await summary.waitFor();
    await expect.poll(figures).toEqual(['2', '1', '1']);
    // French writes a percentage with a (no-break) space before the sign.
    expect(await figure('Satisfaction (CSAT)').textContent()).toMatch(/^100\s%$/);
    expect(await summary.getByText(/^moyenne 5 \/ 5 · 1 note$/).count()).toBe(1);
    await page.getByText('Les chiffres et les notes portent sur les conversations de Facturation').waitFor();
    await page
      .getByRole('region', { name: 'Notes de satisfaction' })
      .getByRole('button', { name: 'Afficher le tableau' })
      .click();
    expect(
      await page.getByRole('region', { name: 'Notes de satisfaction' }).getByRole('columnheader').allTextContents(),
    ).toEqual(['Score', 'Notes']);
    await page
      .getByRole('region', { name: 'Équipes' })
      .getByRole('row', { name: /Facturation/ })
      .waitFor();
    await shot(page, 'reports-team-fr');

    await page.goto('/contacts');
    await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
    await page.getByLabel('Rechercher des contacts').fill('camille');
    const table = page.getByRole('table', { name: 'Contacts' });
    await expect
      .poll(() => table.getByRole('columnheader').allTextContents())
      .toEqual(['Nom', 'E-mail', 'Téléphone', 'Entreprise', 'Conversations', 'Vu pour la dernière fois']);
    await table.getByRole('link', { name: 'Camille Martin' }).click();
    await page.getByRole('heading', { name: 'Camille Martin', level: 1 }).waitFor();
    const details = page.getByRole('region', { name: 'Détails', exact: true });
    // A date as French writes it: "6 déc. 2026, 21:04".
    const firstSeen = details
      .locator('dt', { hasText: 'Vu pour la première fois' })
      .locator('xpath=following-sibling::dd[1]');
    expect(await firstSeen.textContent()).toMatch(/^\d{1,2} [a-zéû]+\.? \d{4}(,| à) \d{2}:\d{2}$/);
    expect(
      await details.locator('dt', { hasText: 'Téléphone' }).locator('xpath=following-sibling::dd[1]').textContent(),
    ).toBe('inconnu');
    await page.getByRole('button', { name: 'Modifier les détails' }).waitFor();
    await page.getByRole('link', { name: '← Tous les contacts' }).waitFor();

    const notes = page.getByRole('region', { name: 'Notes', exact: true });
    await notes.getByText('Aucune note pour l’instant.').waitFor();
    await notes.getByLabel('Nouvelle note').fill('Préfère être rappelée le matin.');
    await notes.getByRole('button', { name: 'Ajouter la note' }).click();
    const list = notes.getByRole('list', { name: 'Notes sur ce contact' });
    await list.getByText('Préfère être rappelée le matin.').waitFor();
    await list.getByRole('button', { name: 'Supprimer cette note' }).waitFor();
    await page.getByRole('region', { name: 'Attributs personnalisés' }).getByText('Aucun pour l’instant.').waitFor();
    await shot(page, 'contact-fr');
    expect(problems).toEqual([]);
    await context.close();
  });
});
