import { describe, expect, it } from 'vitest';
import { applyConversation, applyMessage, applyRead, type ListFilter, type ListState, matches } from './inbox.js';
import type { TConversation, TConversationBase, TMessage } from './index.js';

const ME = '00000000-0000-4000-8000-00000000000a';
const OTHER = '00000000-0000-4000-8000-00000000000b';
let n = 0;
function conv(over: Partial<TConversation> = {}): TConversation {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    number: n,
    status: 'open',
    snoozedUntil: null,
    priority: 'none',
    assigneeId: null,
    teamId: null,
    channel: 'chat',
    tags: [],
    subject: null,
    visitor: { id: '00000000-0000-4000-9000-000000000001', name: `Visitor ${n}`, email: null, isErased: false },
    lastMessagePreview: 'hi',
    lastMessageSeq: 1,
    lastActivityAt: `2026-01-01T00:00:${String(n % 60).padStart(2, '0')}.000Z`,
    waitingSince: null,
    firstReplyAt: null,
    rating: null,
    customFields: {},
    createdAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    unreadCount: 0,
    lastReadSeq: 0,
    ...over,
  };
}
const state = (items: TConversation[], nextCursor: string | null = null): ListState => ({ items, nextCursor });
const ids = (s: ListState) => s.items.map((c) => c.id);
const all: ListFilter = { view: 'all', status: 'unresolved' };
const mine: ListFilter = { view: 'mine', status: 'unresolved' };
const unassigned: ListFilter = { view: 'unassigned', status: 'unresolved' };

function message(c: TConversationBase, over: Partial<TMessage> = {}): TMessage {
  return {
    id: `10000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    conversationId: c.id,
    seq: c.lastMessageSeq + 1,
    clientId: null,
    type: 'message',
    author: { type: 'visitor', id: c.visitor.id, name: c.visitor.name, avatarUrl: null },
    body: 'new words',
    system: null,
    createdAt: '2026-01-01T01:00:00.000Z',
    ...over,
  };
}

describe('applyConversation (conversation.created / .updated)', () => {
  it('puts a new conversation in newest-activity order', () => {
    const a = conv({ lastActivityAt: '2026-01-01T00:00:03.000Z' });
    const b = conv({ lastActivityAt: '2026-01-01T00:00:01.000Z' });
    const c = conv({ lastActivityAt: '2026-01-01T00:00:02.000Z' });
    expect(ids(applyConversation(state([a, b]), c, all, ME))).toEqual([a.id, c.id, b.id]);
  });

  it('moves a conversation out of Unassigned and into Mine when it is assigned to me', () => {
    const c = conv();
    const assigned = { ...c, assigneeId: ME, version: 2 };
    expect(ids(applyConversation(state([c]), assigned, unassigned, ME))).toEqual([]);
    expect(ids(applyConversation(state([]), assigned, mine, ME))).toEqual([c.id]);
    expect(ids(applyConversation(state([]), { ...c, assigneeId: OTHER, version: 2 }, mine, ME))).toEqual([]);
  });

  it('drops a resolved conversation from unresolved lists, adds it to Resolved', () => {
    const c = conv();
    const resolved = { ...c, status: 'resolved' as const, version: 5 };
    expect(ids(applyConversation(state([c]), resolved, all, ME))).toEqual([]);
    expect(ids(applyConversation(state([]), resolved, { view: 'all', status: 'resolved' }, ME))).toEqual([c.id]);
  });

  it('ignores an older or equal version (R10), keeps per-agent fields the event does not carry', () => {
    const c = conv({ version: 7, unreadCount: 3, priority: 'high' });
    const stale = { ...c, priority: 'low' as const, version: 6 };
    expect(applyConversation(state([c]), stale, all, ME).items[0]!.priority).toBe('high');
    const { unreadCount: _u, lastReadSeq: _l, ...base } = c;
    const newer: TConversationBase = { ...base, priority: 'urgent', version: 8 };
    const out = applyConversation(state([c]), newer, all, ME).items[0]!;
    expect(out.priority).toBe('urgent');
    expect(out.unreadCount).toBe(3);
  });

  it('does not insert past the last loaded row of a list with more pages (it comes with its page)', () => {
    const a = conv({ lastActivityAt: '2026-01-01T00:00:05.000Z' });
    const b = conv({ lastActivityAt: '2026-01-01T00:00:04.000Z' });
    const old = conv({ lastActivityAt: '2026-01-01T00:00:01.000Z' });
    expect(ids(applyConversation(state([a, b], 'cursor'), old, all, ME))).toEqual([a.id, b.id]);
    expect(ids(applyConversation(state([a, b], null), old, all, ME))).toEqual([a.id, b.id, old.id]);
  });

  it('applies tag, priority, assignee and search filters like the server', () => {
    const c = conv({ tags: ['billing'], priority: 'high', assigneeId: OTHER, subject: 'Refund please' });
    expect(matches(c, { view: 'all', tag: 'billing' }, ME)).toBe(true);
    expect(matches(c, { view: 'all', tag: 'sales' }, ME)).toBe(false);
    expect(matches(c, { view: 'all', priority: 'low' }, ME)).toBe(false);
    expect(matches(c, { view: 'all', assigneeId: OTHER }, ME)).toBe(true);
    expect(matches(c, { view: 'all', q: 'REF' }, ME)).toBe(true);
    expect(matches(c, { view: 'all', q: 'please' }, ME)).toBe(false);
    expect(matches(c, { view: 'all', q: `#${c.number}` }, ME)).toBe(true);
  });

  it('applies the team filter like the server; an event from before teams (no teamId) has no team', () => {
    const team = '00000000-0000-4000-a000-000000000001';
    const c = conv({ teamId: team });
    expect(matches(c, { view: 'all', teamId: team }, ME)).toBe(true);
    expect(matches({ ...c, teamId: null }, { view: 'all', teamId: team }, ME)).toBe(false);
    const { teamId: _, ...old } = c;
    expect(matches(old as unknown as TConversationBase, { view: 'all', teamId: team }, ME)).toBe(false);
    expect(matches(old as unknown as TConversationBase, { view: 'all' }, ME)).toBe(true);
  });
});

describe('applyMessage (message.created)', () => {
  it('moves the conversation to the top with the preview, counts unread visitor messages', () => {
    const top = conv({ lastActivityAt: '2026-01-01T00:30:00.000Z' });
    const c = conv({ lastActivityAt: '2026-01-01T00:00:00.000Z' });
    const r = applyMessage(state([top, c]), message(c), 40, ME, false);
    expect(r.isMissing).toBe(false);
    expect(ids(r.state)).toEqual([c.id, top.id]);
    const moved = r.state.items[0]!;
    expect(moved).toMatchObject({ lastMessagePreview: 'new words', unreadCount: 1, lastMessageSeq: 2, version: 40 });
  });

  it('does not count as unread while the agent has the conversation open, and my reply marks it read', () => {
    const c = conv({ unreadCount: 2 });
    expect(applyMessage(state([c]), message(c), 9, ME, true).state.items[0]!.unreadCount).toBe(2);
    const reply = message(c, { author: { type: 'agent', id: ME, name: 'Me', avatarUrl: null } });
    expect(applyMessage(state([c]), reply, 9, ME, false).state.items[0]).toMatchObject({
      unreadCount: 0,
      lastReadSeq: reply.seq,
    });
  });

  it('an agent’s reply ends the wait, an automatic reply does not (as the server counts it)', () => {
    const c = conv({ waitingSince: '2026-01-01T00:59:00.000Z' });
    const auto = message(c, {
      author: { type: 'system', id: null, name: 'Acme', avatarUrl: null },
      system: { autoReply: 'greeting' },
    });
    const greeted = applyMessage(state([c]), auto, 9, ME, false).state.items[0]!;
    expect(greeted).toMatchObject({ waitingSince: c.waitingSince, lastMessagePreview: 'new words', unreadCount: 0 });
    const reply = message(c, { author: { type: 'agent', id: OTHER, name: 'Bo', avatarUrl: null } });
    expect(applyMessage(state([c]), reply, 9, ME, false).state.items[0]!.waitingSince).toBeNull();
  });

  it('applies a message once (a replayed duplicate changes nothing)', () => {
    const c = conv();
    const m = message(c);
    const once = applyMessage(state([c]), m, 9, ME, false).state;
    const twice = applyMessage(once, m, 9, ME, false).state;
    expect(twice).toBe(once);
  });

  it('keeps the preview on a system line and reports a conversation the list does not hold', () => {
    const c = conv({ lastMessagePreview: 'before' });
    const sys = message(c, { type: 'system', author: { type: 'system', id: null, name: null, avatarUrl: null } });
    expect(applyMessage(state([c]), sys, 9, ME, false).state.items[0]!.lastMessagePreview).toBe('before');
    expect(applyMessage(state([]), message(c), 9, ME, false).isMissing).toBe(true);
  });
});

describe('applyRead (conversation.read)', () => {
  it('clears unread when the cursor reaches the last message', () => {
    const c = conv({ lastMessageSeq: 5, unreadCount: 2, lastReadSeq: 3 });
    expect(applyRead(state([c]), c.id, 5).items[0]).toMatchObject({ unreadCount: 0, lastReadSeq: 5 });
    expect(applyRead(state([c]), c.id, 2).items[0]).toMatchObject({ unreadCount: 2, lastReadSeq: 3 });
  });
});

describe('custom field filters', () => {
  it("keeps a conversation whose fields hold every filter value, as the server's containment does", () => {
    const c = conv({ customFields: { plan: 'pro', areas: ['web', 'app'], vip: false } });
    const f = (fields: ListFilter['fields']): ListFilter => ({ view: 'all', fields });
    expect(matches(c, f({ plan: 'pro', areas: ['app'] }), ME)).toBe(true);
    expect(matches(c, f({ vip: false }), ME)).toBe(true);
    expect(matches(c, f({ plan: 'free' }), ME)).toBe(false);
    expect(matches(c, f({ areas: ['api'] }), ME)).toBe(false);
    expect(matches({ ...c, customFields: undefined as never }, f({ plan: 'pro' }), ME)).toBe(false);
  });
});
