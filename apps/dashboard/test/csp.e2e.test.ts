/**
 * The dashboard's own code keeps to its CSP: no `eval` (zod's JIT probe), no inline script or style, on the sign-in
 * page and on signed-in pages. Chromium reports a blocked `eval` that the page caught only as a
 * `securitypolicyviolation` event and a DevTools issue, not as a console error, so all three are watched.
 */
import { describe, expect } from 'vitest';
import { type Page, signUp, test, visitor, widgetKeyOf } from './e2e';

/** Every CSP report of the page: DOM events (kept across navigations in sessionStorage), console, DevTools issues. */
async function watchCsp(page: Page) {
  const reports: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const seen = JSON.parse(sessionStorage.getItem('csp-test') ?? '[]') as string[];
      seen.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
      sessionStorage.setItem('csp-test', JSON.stringify(seen));
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to|unsafe-eval/i.test(m.text())) reports.push(`console: ${m.text()}`);
  });
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Audits.issueAdded', ({ issue }) => {
    if (issue.code === 'ContentSecurityPolicyIssue')
      reports.push(`issue: ${JSON.stringify(issue.details.contentSecurityPolicyIssueDetails)}`);
  });
  await cdp.send('Audits.enable');
  return async () => [
    ...reports,
    ...(await page.evaluate(() => JSON.parse(sessionStorage.getItem('csp-test') ?? '[]') as string[])),
  ];
}

describe('content security policy', () => {
  test('the sign-in page and the signed-in pages raise no CSP report', async ({ server, browser }) => {
    // Not `fresh`: that context turns a violation into a failure itself; here every report is collected and shown.
    const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1360, height: 860 } });
    const page = await context.newPage();
    const reports = await watchCsp(page);
    await page.goto('/signin');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    // A wrong password: the error path parses and renders too.
    await page.getByLabel('Email').fill('nobody@example.com');
    await page.getByLabel('Password').fill('not a password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await reports()).toEqual([]);

    await signUp(page);
    const key = await widgetKeyOf(page);
    const v = await visitor(server, key, { name: 'Csp Visitor' });
    await v.start('Hello there');
    await page.getByRole('link', { name: /^Unassigned/ }).click();
    await page.getByRole('link', { name: /Csp Visitor/ }).click();
    await page.getByRole('listitem', { name: 'Message from Csp Visitor' }).waitFor();
    for (const [link, heading] of [
      ['Organization', 'Organization'],
      ['Widget', 'Widget'],
      ['Agents', 'Agents'],
    ] as const) {
      await page.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
    }
    await page.goto('/account');
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    v.close();
    expect(await reports()).toEqual([]);
    await context.close();
  });
});
