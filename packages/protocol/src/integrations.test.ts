import { describe, expect, it } from 'vitest';
import { API_SCOPES, scopeAllows, ZCreateApiTokenRequest, ZCreateWebhookRequest } from './integrations.js';
import { ROUTES, type RouteSpec } from './routes.js';

describe('scopes', () => {
  it('every agent route names the scope a token needs, or null for the account itself', () => {
    for (const [name, route] of Object.entries(ROUTES) as [string, RouteSpec][]) {
      if (route.auth.kind !== 'agent') continue;
      expect('scope' in route.auth, name).toBe(true);
      if (route.auth.scope !== null) expect(API_SCOPES, name).toContain(route.auth.scope);
    }
  });

  it('account routes (me, sessions, devices, tokens, webhooks) are never for tokens', () => {
    for (const [name, route] of Object.entries(ROUTES) as [string, RouteSpec][]) {
      if (route.auth.kind === 'agent' && /^\/api\/v1\/(me|api-tokens|webhooks)(\/|$)/.test(route.path))
        expect(route.auth.scope, name).toBeNull();
    }
  });

  it('write implies read, never the other way, and never across resources', () => {
    expect(scopeAllows(['conversations:write'], 'conversations:read')).toBe(true);
    expect(scopeAllows(['conversations:read'], 'conversations:write')).toBe(false);
    expect(scopeAllows(['messages:write'], 'conversations:read')).toBe(false);
    expect(scopeAllows([], 'settings:read')).toBe(false);
  });

  it('refuses unknown, repeated and missing scopes, and a past expiry', () => {
    const ok = ZCreateApiTokenRequest.safeParse({ name: 'x', scopes: ['contacts:read'] });
    expect(ok.success && ok.data.kind).toBe('personal');
    for (const scopes of [[], ['contacts:delete'], ['contacts:read', 'contacts:read']])
      expect(ZCreateApiTokenRequest.safeParse({ name: 'x', scopes }).success, JSON.stringify(scopes)).toBe(false);
    expect(
      ZCreateApiTokenRequest.safeParse({ name: 'x', scopes: ['contacts:read'], expiresAt: '2001-01-01T00:00:00Z' })
        .success,
    ).toBe(false);
  });

  it('takes only http and https webhook URLs', () => {
    for (const url of ['ftp://e.com/', 'javascript:alert(1)', 'file:///etc/passwd', 'https://e.com/a b'])
      expect(ZCreateWebhookRequest.safeParse({ url, events: ['message.created'] }).success, url).toBe(false);
    expect(ZCreateWebhookRequest.safeParse({ url: 'https://e.com/h', events: ['message.created'] }).success).toBe(true);
  });
});
