import { describe, expect, it } from 'vitest';
import { frameAncestors, isOriginAllowed } from './allowed-origin.js';

describe('isOriginAllowed', () => {
  it('allows any site when the list is empty', () => {
    expect(isOriginAllowed('https://anything.test', [])).toBe(true);
  });
  it('matches a host exactly, whatever the scheme and port', () => {
    const list = ['example.com'];
    expect(isOriginAllowed('https://example.com', list)).toBe(true);
    expect(isOriginAllowed('http://example.com:8080', list)).toBe(true);
    expect(isOriginAllowed('https://www.example.com', list)).toBe(false);
    expect(isOriginAllowed('https://example.com.evil.test', list)).toBe(false);
    expect(isOriginAllowed('https://notexample.com', list)).toBe(false);
  });
  it('matches subdomains at any depth with *., but not the bare domain', () => {
    const list = ['*.example.com'];
    expect(isOriginAllowed('https://a.example.com', list)).toBe(true);
    expect(isOriginAllowed('https://a.b.example.com', list)).toBe(true);
    expect(isOriginAllowed('https://example.com', list)).toBe(false);
    expect(isOriginAllowed('https://badexample.com', list)).toBe(false);
  });
  it('checks the port when an entry names one', () => {
    expect(isOriginAllowed('https://example.com:8443', ['example.com:8443'])).toBe(true);
    expect(isOriginAllowed('https://example.com', ['example.com:8443'])).toBe(false);
    expect(isOriginAllowed('https://example.com', ['example.com:443'])).toBe(true);
  });
  it('refuses opaque and non-web origins', () => {
    expect(isOriginAllowed('null', ['example.com'])).toBe(false);
    expect(isOriginAllowed('file:///tmp/x.html', ['example.com'])).toBe(false);
  });
});

describe('frameAncestors', () => {
  it("is * for an empty list, else 'self' (the dashboard's preview) and scheme-qualified sources", () => {
    expect(frameAncestors([])).toBe('*');
    expect(frameAncestors(['*.example.com', 'shop.test:8443'])).toBe(
      "'self' http://*.example.com:* https://*.example.com:* http://shop.test:8443 https://shop.test:8443",
    );
  });
});
