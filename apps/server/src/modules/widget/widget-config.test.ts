import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, startTestServer, type TestServer } from '../../../test/helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const getConfig = (key: string, origin?: string) =>
  server.app.inject({
    method: 'GET',
    url: `/api/v1/widget/config?widgetKey=${key}`,
    headers: origin ? { origin } : {},
  });

describe('getWidgetConfig', () => {
  it('gives the public settings and agent presence, never allowedDomains', async () => {
    const org = await buildOrganization(server);
    await org.api.call('updateOrganization', {
      body: { widgetSettings: { color: '#aa0000', greeting: 'Salut', allowedDomains: ['shop.test'] } },
    });
    const res = await getConfig(org.organization.widgetKey, 'https://shop.test');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.organization.widgetSettings).toMatchObject({ color: '#aa0000', greeting: 'Salut', preChatForm: 'off' });
    expect(body.organization.widgetSettings).not.toHaveProperty('allowedDomains');
    expect(body.isAgentOnline).toBe(true);
    expect(res.headers['access-control-allow-origin']).toBe('https://shop.test');
  });

  it('takes the key as widgetKey, as every other call names it, and still as key (loaders cached on sites)', async () => {
    const org = await buildOrganization(server);
    const by = (query: string) => server.app.inject({ method: 'GET', url: `/api/v1/widget/config?${query}` });
    expect((await by(`widgetKey=${org.organization.widgetKey}`)).statusCode).toBe(200);
    expect((await by(`key=${org.organization.widgetKey}`)).statusCode).toBe(200);
    const missing = await by('');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].path).toContain('widgetKey');
  });

  it('answers 403 DOMAIN_NOT_ALLOWED to a page outside allowedDomains, and 404 to an unknown key', async () => {
    const org = await buildOrganization(server);
    await org.api.call('updateOrganization', { body: { widgetSettings: { allowedDomains: ['*.shop.test'] } } });
    const key = org.organization.widgetKey;
    const refused = await getConfig(key, 'https://evil.test');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('DOMAIN_NOT_ALLOWED');
    expect((await getConfig(key, 'https://shop.test')).statusCode).toBe(403);
    expect((await getConfig(key, 'https://www.shop.test')).statusCode).toBe(200);
    expect((await getConfig('wk_unknownunknownunknown')).statusCode).toBe(404);
  });

  it('is rate limited per IP', async () => {
    const org = await buildOrganization(server);
    const codes: number[] = [];
    for (let i = 0; i < 302; i++) {
      const res = await server.app.inject({
        method: 'GET',
        url: `/api/v1/widget/config?key=${org.organization.widgetKey}`,
        remoteAddress: '10.9.9.9',
      });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 300).every((c) => c === 200)).toBe(true);
    expect(codes.slice(300)).toEqual([429, 429]);
  });
});

describe('createWidgetSession and the frame honour allowedDomains', () => {
  it('refuses a session asked from a foreign page but accepts the frame on the Oceras origin', async () => {
    const org = await buildOrganization(server);
    await org.api.call('updateOrganization', { body: { widgetSettings: { allowedDomains: ['shop.test'] } } });
    const session = (origin: string, host?: string) =>
      server.app.inject({
        method: 'POST',
        url: '/api/v1/widget/sessions',
        headers: { origin, ...(host ? { host } : {}) },
        payload: { widgetKey: org.organization.widgetKey },
      });
    const refused = await session('https://evil.test');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('DOMAIN_NOT_ALLOWED');
    expect((await session('https://shop.test')).statusCode).toBe(200);
    expect((await session('http://oceras.local:3000', 'oceras.local:3000')).statusCode).toBe(200);
  });

  it('lets only allowed sites frame the chat (frame-ancestors), with no X-Frame-Options', async () => {
    const org = await buildOrganization(server);
    const open = await server.app.inject({ url: `/widget/frame.html?key=${org.organization.widgetKey}` });
    expect(open.headers['x-frame-options']).toBeUndefined();
    expect(open.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(open.headers['content-security-policy']).toContain("script-src 'self'");
    await org.api.call('updateOrganization', { body: { widgetSettings: { allowedDomains: ['shop.test'] } } });
    const closed = await server.app.inject({ url: `/widget/frame.html?key=${org.organization.widgetKey}` });
    expect(closed.headers['content-security-policy']).toContain(
      "frame-ancestors 'self' http://shop.test:* https://shop.test:*",
    );
    expect((await server.app.inject({ url: '/widget/frame.html?key=wk_nope' })).statusCode).toBe(404);
  });

  it('serves the loader to any site and refuses paths outside the assets folder', async () => {
    const loader = await server.app.inject({ url: '/widget.js' });
    expect(loader.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const outside = await server.app.inject({ url: '/widget/assets/..%2F..%2Fpackage.json' });
    expect(outside.statusCode).toBe(404);
  });
});
