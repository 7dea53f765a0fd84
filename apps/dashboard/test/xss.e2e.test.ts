/**
 * Everything a visitor sends is shown as text: an XSS payload list in messages and in the visitor's name stays
 * inert (no dialog, no injected element, no request elsewhere) and verbatim; only http(s) links become links.
 */
import { describe, expect } from 'vitest';
import { shot, signUp, test, visitor, widgetKeyOf } from './e2e';

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '<svg/onload=alert(3)>',
  '"><iframe src="javascript:alert(4)"></iframe>',
  "javascript:alert('5')",
  '<a href="javascript:alert(6)">click me</a>',
  '<b onmouseover=alert(7)>bold</b>',
  '{{constructor.constructor("alert(8)")()}}',
  '<style>body{display:none}</style>',
  '<math><mi xlink:href="javascript:alert(9)">x</mi></math>',
  '&lt;script&gt;alert(10)&lt;/script&gt;',
  'data:text/html,<script>alert(11)</script>',
  '<details open ontoggle=alert(12)>',
  'see https://example.com/path?q=<b>1</b> and javascript:alert(13)',
];

describe('visitor content is text', () => {
  test('renders every payload verbatim and runs none of it', async ({ server, fresh: { context, problems } }) => {
    const page = await context.newPage();
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.baseUrl) && !r.url().startsWith('data:')) outside.push(r.url());
    });
    await signUp(page);
    const key = await widgetKeyOf(page);
    const v = await visitor(server, key, { name: '<img src=x onerror=alert("name")>' });
    const conv = await v.start(PAYLOADS[0]!);
    for (const p of PAYLOADS.slice(1)) await v.say(conv.id, p);
    await page.getByRole('link', { name: /^All/ }).click();
    await page.getByRole('link', { name: /<img src=x onerror=alert\("name"\)>/ }).click();
    await page.getByText(PAYLOADS.at(-1)!.slice(0, 10)).first().waitFor();
    await new Promise((r) => setTimeout(r, 500));

    const bodies = await page.locator('.msg-visitor .msg-body').allTextContents();
    expect(bodies).toEqual(PAYLOADS);
    // Nothing was injected: no element the payloads name, and only our own scripts.
    const injected = await page.evaluate(() => ({
      img: document.querySelectorAll('img').length,
      svg: document.querySelectorAll('.thread svg, .list-scroll svg').length,
      iframe: document.querySelectorAll('iframe').length,
      style: document.querySelectorAll('body style').length,
      details: document.querySelectorAll('details').length,
      b: document.querySelectorAll('.thread b').length,
      scripts: [...document.scripts].map((s) => new URL(s.src, location.href).pathname),
      hidden: getComputedStyle(document.body).display,
    }));
    expect(injected).toMatchObject({ img: 0, svg: 0, iframe: 0, style: 0, details: 0, b: 0, hidden: 'block' });
    for (const src of injected.scripts) expect(src).toMatch(/^\/(assets\/|zod-jitless\.js$)/);
    // Only the https URL is a link, and it opens without access to this page.
    const links = await page
      .locator('.thread a')
      .evaluateAll((as) =>
        as.map((a) => ({ href: a.getAttribute('href'), rel: a.getAttribute('rel'), target: a.getAttribute('target') })),
      );
    expect(links).toEqual([{ href: 'https://example.com/path?q=', rel: 'noopener noreferrer', target: '_blank' }]);
    await page.mouse.move(400, 400);
    await page.locator('.msg-visitor').nth(6).hover();
    await new Promise((r) => setTimeout(r, 200));
    expect(problems).toEqual([]);
    expect(outside).toEqual([]);
    await shot(page, 'xss');
    v.close();
  });
});
