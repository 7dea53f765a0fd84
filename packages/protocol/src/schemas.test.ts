import { describe, expect, it } from 'vitest';
import { ROUTES, ZSendMessageRequest, ZSignupRequest, ZUpdateConversationRequest } from './index.js';

describe('protocol schemas', () => {
  it('rejects unknown fields, NUL bytes and lone surrogates in a message', () => {
    expect(ZSendMessageRequest.safeParse({ clientId: 'abcdefgh', body: 'hi', extra: 1 }).success).toBe(false);
    expect(ZSendMessageRequest.safeParse({ clientId: 'abcdefgh', body: 'a\u0000b' }).success).toBe(false);
    expect(ZSendMessageRequest.safeParse({ clientId: 'abcdefgh', body: 'a\ud800b' }).success).toBe(false);
    expect(ZSendMessageRequest.parse({ clientId: 'abcdefgh', body: '  hi  ' })).toEqual({
      clientId: 'abcdefgh',
      body: 'hi',
      attachmentIds: [],
      type: 'message',
    });
    // Neither words nor files: nothing to send.
    expect(ZSendMessageRequest.safeParse({ clientId: 'abcdefgh', body: '  ' }).success).toBe(false);
  });

  it('lowercases emails and checks slugs', () => {
    const ok = ZSignupRequest.parse({
      organizationName: 'Acme',
      slug: 'acme-inc',
      name: 'Ada',
      email: 'Ada@Example.COM',
      password: 'correct horse',
    });
    expect(ok.email).toBe('ada@example.com');
    expect(ZSignupRequest.safeParse({ ...ok, slug: 'Acme Inc' }).success).toBe(false);
  });

  it('ties snoozedUntil to the snoozed status', () => {
    expect(ZUpdateConversationRequest.safeParse({ status: 'snoozed' }).success).toBe(false);
    expect(ZUpdateConversationRequest.safeParse({ snoozedUntil: '2030-01-01T00:00:00Z' }).success).toBe(false);
    expect(
      ZUpdateConversationRequest.safeParse({ status: 'snoozed', snoozedUntil: '2030-01-01T00:00:00Z' }).success,
    ).toBe(true);
    expect(ZUpdateConversationRequest.safeParse({}).success).toBe(false);
  });

  it('names every route once, under /api/v1, with a known auth kind', () => {
    const keys = Object.values(ROUTES).map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of Object.values(ROUTES)) {
      expect(r.path.startsWith('/api/v1/')).toBe(true);
      expect(['public', 'agent', 'visitor']).toContain(r.auth.kind);
    }
  });
});
