/**
 * The dashboard's languages (issue 18): a French browser reads French before signing in, server errors included;
 * an agent who chooses German reads German everywhere they sign in, after a reload too (the account page and the
 * API tokens page, dates in German's order); signed out, the browser's language again. An agent who chose French
 * works the inbox and a conversation in French: the lists, a row's age, a selection, the composer, a status
 * change and its line in the thread, the command palette.
 */
import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { query } from '../../server/src/db/client.js';
import { accessTokenOf, newContext, shot, shotOnFailure, signUp, test, visitor, widgetKeyOf } from './e2e';

describe('languages', () => {
  test("speaks the browser's language, then the agent's choice, and the browser's again after sign-out", async ({
    server,
    browser,
  }) => {
    // Signed up in English (the shared helper speaks English), then read from a French browser.
    const english = await newContext(browser, server);
    const who = await signUp(await english.context.newPage());
    await english.context.close();

    const { context, problems } = await newContext(browser, server, { locale: 'fr-FR' });
    const page = await context.newPage();
    shotOnFailure(page, 'language');
    await page.goto('/');
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await page.getByLabel('E-mail').fill(who.email);
    await page.getByLabel('Mot de passe').fill('not the password');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    // The server's refusal, said in French by its code.
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('E-mail ou mot de passe incorrect.');
    await page.getByLabel('Mot de passe').fill(who.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: 'Les miennes', level: 1 }).waitFor();

    await page.goto('/account');
    const card = page.getByRole('region', { name: 'Langue' });
    await expect.poll(() => card.getByRole('combobox').inputValue()).toBe('');
    expect(await card.getByRole('option', { selected: true }).textContent()).toBe('Comme mon navigateur (Français)');
    await card.getByRole('combobox').selectOption('de');
    await page.getByRole('region', { name: 'Sprache' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await shot(page, 'language-account-de');

    // Theirs on the server: German after a reload, in a French browser.
    await page.reload();
    await page.getByRole('region', { name: 'Sprache' }).waitFor();
    expect((await server.client(await accessTokenOf(page)).call('getMe')).language).toBe('de');
    await page.getByRole('heading', { name: 'Ihr Konto', level: 1 }).waitFor();
    const sessions = page.getByRole('region', { name: 'Wo Sie angemeldet sind' });
    await sessions.getByText('dieser Browser').waitFor();

    // Another translated screen: a token made in German, its dates written as German writes them.
    await page.goto('/api-tokens');
    await page.getByRole('heading', { name: 'API-Tokens', level: 1 }).waitFor();
    await page.getByLabel('Name').fill('CRM');
    await page.getByLabel('Nachrichten: schreiben').check();
    await page.getByRole('button', { name: 'Token erstellen' }).click();
    await page.getByLabel('Ihr neues Token').waitFor();
    const row = page.getByRole('row', { name: /CRM/ });
    await expect.poll(() => row.textContent()).toMatch(/Persönlich.*messages:write.*\d{2}\.\d{2}\.\d{4}.*Nie/);
    await row.getByRole('button', { name: 'CRM widerrufen' }).waitFor();
    await shot(page, 'language-api-tokens-de');

    // Signed out: the browser's French again.
    await page.evaluate(() => localStorage.removeItem('oceras.tokens'));
    await page.goto('/');
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    expect(problems).toEqual([]);
  });

  test('an agent who chose French works the inbox and a conversation in French', async ({ signedIn, server }) => {
    const { page, problems, who } = signedIn;
    shotOnFailure(page, 'language-inbox');
    const me = server.client(await accessTokenOf(page));
    const key = await widgetKeyOf(page);
    const zoe = await visitor(server, key, { name: 'Zoé Zola' });
    const c1 = await zoe.start('Ma commande est bloquée');
    const yves = await visitor(server, key, { name: 'Yves Yon' });
    const c2 = await yves.start('Une petite question');
    // Yves wrote five minutes ago: the row's age is written as French writes it.
    await query(
      server.database.db,
      sql`update conversations set last_activity_at = now() - interval '5 minutes' where id = ${c2.id}`,
    );
    await me.call('updateMe', { body: { language: 'fr' } });
    await page.reload();

    const nav = page.getByRole('navigation', { name: 'Principal' });
    const unassigned = nav.getByRole('link', { name: /^Non assignées/ });
    await unassigned.click();
    await page.getByRole('heading', { name: 'Non assignées', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await expect.poll(() => unassigned.textContent()).toMatch(/2 conversations$/);
    const list = page.getByRole('navigation', { name: 'Conversations : Non assignées' });
    const older = list.getByRole('link', { name: /Yves Yon/ });
    await expect.poll(() => older.locator('time').textContent()).toMatch(/^5\s?min$/);
    expect(await older.locator('time').getAttribute('title')).toBe('il y a 5 minutes');
    expect(await older.textContent()).toMatch(/ouverte.*non assignée/);

    // A selection, said in French.
    const { number } = await me.call('getConversation', { params: { id: c1.id } });
    await list.getByRole('checkbox', { name: `Sélectionner la conversation n° ${number}` }).check();
    const bar = page.getByRole('region', { name: 'Actions groupées' });
    await expect.poll(() => bar.getByRole('status').textContent()).toBe('1 sélectionnée');
    await bar.getByRole('button', { name: 'Effacer la sélection' }).click();

    // The conversation: the composer, a reply, a status change and the thread's line for it.
    await list.getByRole('link', { name: /Zoé Zola/ }).click();
    const detail = page.getByRole('region', { name: 'Conversation', exact: true });
    await detail.getByRole('heading', { name: 'Zoé Zola' }).waitFor();
    const reply = detail.getByRole('textbox', { name: 'Réponse' });
    expect(await reply.getAttribute('placeholder')).toBe(
      'Écrivez une réponse… (Entrée envoie, Maj+Entrée pour une nouvelle ligne)',
    );
    await detail.getByText('Le visiteur voit ceci').waitFor();
    await reply.fill('Bonjour, je regarde cela tout de suite.');
    await reply.press('Enter');
    await detail.getByRole('listitem', { name: `Réponse de ${who.name}` }).waitFor();
    // Replying to an unassigned conversation takes it (autoAssignOnReply), and the thread says so.
    await detail.getByText(`${who.name} a répondu et pris la conversation`).waitFor();
    await detail.getByRole('button', { name: 'Résoudre' }).click();
    await detail.getByText(`${who.name} a résolu la conversation`).waitFor();
    await detail.getByText('résolue', { exact: true }).waitFor();
    await detail.getByRole('button', { name: 'Rouvrir' }).waitFor();
    await detail.getByRole('tab', { name: 'Note interne' }).click();
    expect(await detail.getByRole('textbox', { name: 'Note interne' }).getAttribute('placeholder')).toBe(
      'Seule votre équipe voit les notes',
    );
    await shot(page, 'language-conversation-fr');

    // The command palette reopens it, found by its French name.
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Palette de commandes' });
    await palette.getByRole('combobox', { name: 'Tapez une commande ou un lieu' }).fill('rouvrir');
    await palette.getByRole('option', { name: /Rouvrir/ }).waitFor();
    await page.keyboard.press('Enter');
    await detail.getByText(`${who.name} a rouvert la conversation`).waitFor();
    await detail.getByText('ouverte', { exact: true }).waitFor();
    expect((await me.call('getConversation', { params: { id: c1.id } })).status).toBe('open');
    await shot(page, 'language-inbox-fr');

    // Back to English for the other tests of this organization.
    await me.call('updateMe', { body: { language: null } });
    for (const v of [zoe, yves]) v.close();
    expect(problems).toEqual([]);
  });
});
