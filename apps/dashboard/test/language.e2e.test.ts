/**
 * The dashboard's languages (issue 18): a French browser reads French before signing in, server errors included;
 * an agent who chooses German reads German everywhere they sign in, after a reload too (the account page and the
 * API tokens page, dates in German's order); signed out, the browser's language again.
 */
import { describe, expect } from 'vitest';
import { accessTokenOf, newContext, shot, shotOnFailure, signUp, test } from './e2e';

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
    await page.getByRole('heading', { name: 'Mine' }).waitFor();

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
});
