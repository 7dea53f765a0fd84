/**
 * The widget settings page previews with the real widget frame (preview mode): what the admin types shows in the
 * frame at once, in each view, without saving and without starting a visitor session; it still shows when the
 * organization restricts the widget to its own domains.
 */
import { describe, expect } from 'vitest';
import { accessTokenOf, type Page, shot, type TestServer, test, until } from './e2e';

let server: TestServer;
let page: Page;
let problems: string[];
const widgetCalls: string[] = [];

// The file's signed-up admin; every widget API call but reads is recorded (the preview must start nothing).
test.beforeAll(async ({ server: s, signedIn }) => {
  server = s;
  ({ page, problems } = signedIn);
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/v1/widget/') && r.method() !== 'GET') widgetCalls.push(`${r.method()} ${path}`);
  });
});

const frame = () => page.frameLocator('iframe[title="Widget preview"]');
const pick = (view: string) => page.locator('.segmented').getByText(view, { exact: true }).click();

describe('widget preview', () => {
  test('shows the draft in the real widget, in each view, before saving', async () => {
    await page.getByRole('link', { name: 'Widget' }).click();
    await frame().locator('body').waitFor();
    await page.getByLabel('Team name').fill('Preview crew');
    await page.getByLabel('Greeting').fill('Hello from the preview!');
    await page.getByLabel('Colour').fill('#0a7d44');
    await frame().getByText('Preview crew').first().waitFor();
    await frame().getByText('Hello from the preview!').first().waitFor();
    await shot(page, 'widget-preview-home');

    await page.getByLabel('Pre-chat form').selectOption('required');
    await page.getByLabel('Privacy policy link').fill('https://preview.example/privacy');
    await pick('Pre-chat');
    await frame().getByLabel(/Email/).first().waitFor();
    await until(
      async () =>
        (await frame().locator('a[href="https://preview.example/privacy"]').count()) > 0 ||
        (await frame()
          .getByRole('link', { name: /privacy/i })
          .count()) > 0,
      'the privacy link in the pre-chat form',
    );
    await shot(page, 'widget-preview-prechat');
    // Typing in the dashboard while the preview redraws keeps the focus here: the frame does not take it.
    await page.getByLabel('Team name').click();
    await page.keyboard.type(' and friends');
    await frame().getByText('Preview crew and friends').first().waitFor();
    expect(
      await page.evaluate(() => document.activeElement?.getAttribute('id') ?? document.activeElement?.tagName),
    ).not.toBe('IFRAME');
    expect(await page.getByLabel('Team name').inputValue()).toBe('Preview crew and friends');

    await pick('Conversation');
    await frame().getByRole('textbox').first().waitFor();
    await shot(page, 'widget-preview-thread');

    // Nothing was saved, and the preview started no visitor session or conversation.
    const org = await server.client(await accessTokenOf(page)).call('getOrganization');
    expect(org.widgetSettings.teamName).toBe('');
    expect(widgetCalls).toEqual([]);
  });

  test('still shows once the widget is limited to other domains', async () => {
    await page.getByLabel(/Allowed domains/).fill('shop.example');
    await page.getByRole('button', { name: 'Save widget settings' }).click();
    await page.getByText('Saved.').waitFor();
    await page.reload();
    await frame().getByText('Preview crew and friends').first().waitFor();
    expect(problems).toEqual([]);
  });
});
