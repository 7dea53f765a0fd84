import { describe, expect, it } from 'vitest';
import { canDeleteNote, canExportContacts, canMergeContacts, mergeRefusal } from './contact.policy.js';

const v = (id: string, more: { erasedAt?: Date; externalUserId?: string } = {}) => ({
  id,
  erasedAt: more.erasedAt ?? null,
  externalUserId: more.externalUserId ?? null,
});

describe('contact policy', () => {
  it('merges anonymous contacts and one verified with an anonymous one or the same user; refuses the rest', () => {
    expect(mergeRefusal(v('a'), v('b'))).toBeNull();
    expect(mergeRefusal(v('a', { externalUserId: 'u1' }), v('b'))).toBeNull();
    expect(mergeRefusal(v('a'), v('b', { externalUserId: 'u1' }))).toBeNull();
    expect(mergeRefusal(v('a', { externalUserId: 'u1' }), v('b', { externalUserId: 'u1' }))).toBeNull();
    expect(mergeRefusal(v('a', { externalUserId: 'u1' }), v('b', { externalUserId: 'u2' }))).toMatch(/two different/);
    expect(mergeRefusal(v('a'), v('a'))).toMatch(/itself/);
    expect(mergeRefusal(v('a', { erasedAt: new Date() }), v('b'))).toMatch(/erased/);
    expect(mergeRefusal(v('a'), v('b', { erasedAt: new Date() }))).toMatch(/erased/);
  });

  it('leaves merging to managers and admins, the export to admins, a note to its author or a manager', () => {
    expect([canMergeContacts({ role: 'agent' }), canMergeContacts({ role: 'manager' })]).toEqual([false, true]);
    expect([canExportContacts({ role: 'manager' }), canExportContacts({ role: 'admin' })]).toEqual([false, true]);
    const note = { authorId: 'me' };
    expect(canDeleteNote({ role: 'agent', agentId: 'me' }, note)).toBe(true);
    expect(canDeleteNote({ role: 'agent', agentId: 'other' }, note)).toBe(false);
    expect(canDeleteNote({ role: 'manager', agentId: 'other' }, { authorId: null })).toBe(true);
  });
});
