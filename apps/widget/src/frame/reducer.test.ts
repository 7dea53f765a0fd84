import type { TMessage, TVisitorConversation } from '@oceras/protocol';
import { describe, expect, it } from 'vitest';
import {
  type Action,
  type ChatState,
  initialState,
  reduce,
  resolveView,
  type Stored,
  unreadCount,
  unreadIn,
} from './reducer.js';

const stored: Stored = { outbox: [], started: {}, readSeq: {}, isSoundOn: false, isRemembered: true };
const at = (minute: number) => `2026-03-04T15:${String(minute).padStart(2, '0')}:00.000Z`;

const message = (conversationId: string, seq: number, from: 'visitor' | 'agent' = 'visitor'): TMessage => ({
  id: `${conversationId}-m${seq}`,
  conversationId,
  seq,
  clientId: null,
  type: 'message',
  author: { type: from, id: null, name: from === 'agent' ? 'Sam' : 'Vera', avatarUrl: null },
  body: `message ${seq}`,
  system: null,
  createdAt: at(seq),
});
const conversation = (id: string, minute: number): TVisitorConversation => ({
  id,
  status: 'open',
  rating: null,
  emailTranscript: false,
  assignee: null,
  lastMessagePreview: 'hi',
  lastActivityAt: at(minute),
  createdAt: at(0),
  agentLastReadSeq: 0,
});

/** The reducer over several actions, each on a frozen state: it must never change what it is given. */
function run(state: ChatState, ...actions: Action[]) {
  return actions.reduce((s, a) => reduce(deepFreeze(s), a), state);
}
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('the chat reducer', () => {
  it('starts loading, on the home view, with what the browser kept', () => {
    const s = initialState({ ...stored, readSeq: { c1: 3 }, isSoundOn: true });
    expect(s).toMatchObject({ phase: 'loading', view: 'home', readSeq: { c1: 3 }, isSoundOn: true, isOpen: false });
  });

  it('keeps one copy of a message sent and then received as an event, in seq order', () => {
    const s = run(
      initialState(stored),
      { type: 'messages', conversationId: 'c1', messages: [message('c1', 2), message('c1', 1)] },
      { type: 'message-arrived', message: message('c1', 2) },
      { type: 'message-arrived', message: message('c1', 3, 'agent') },
    );
    expect(s.messages.c1?.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it("keeps an image's thumbnail when the send's own answer, older than attachment.ready, arrives after it", () => {
    const file = { id: 'a1', fileName: 'shot.png', contentType: 'image/png', size: 10, url: 'https://f/original' };
    const sent = { ...message('c1', 1), attachments: [file] };
    const ready = { ...file, width: 40, height: 30, thumbnailUrl: 'https://f/thumbnail' };
    const s = run(
      initialState(stored),
      { type: 'message-arrived', message: sent },
      { type: 'attachment', conversationId: 'c1', messageId: sent.id, attachment: ready },
      // The REST answer of the send, written before the image was measured.
      { type: 'messages', conversationId: 'c1', messages: [sent] },
    );
    expect(s.messages.c1?.[0]?.attachments).toEqual([ready]);
  });

  it("reads an agent's answer out only while the chat is open", () => {
    const closed = run(initialState(stored), { type: 'message-arrived', message: message('c1', 1, 'agent') });
    expect(closed.lastIncoming).toBeNull();
    const open = run(
      initialState(stored),
      { type: 'open', isOpen: true },
      { type: 'message-arrived', message: message('c1', 1, 'agent') },
      { type: 'message-arrived', message: message('c1', 2, 'visitor') },
    );
    expect(open.lastIncoming?.seq).toBe(1);
  });

  it('lists conversations by last activity, an update replacing the old copy', () => {
    const s = run(
      initialState(stored),
      { type: 'conversations', conversations: [conversation('c1', 5), conversation('c2', 3)] },
      { type: 'conversation', conversation: conversation('c2', 9) },
      { type: 'conversation', conversation: conversation('c3', 1) },
    );
    expect(s.conversations.map((c) => [c.id, c.lastActivityAt])).toEqual([
      ['c2', at(9)],
      ['c1', at(5)],
      ['c3', at(1)],
    ]);
  });

  it('keeps a conversation begun while a list read was on its way, and the newer copy of one listed', () => {
    const s = run(
      initialState(stored),
      { type: 'conversations', conversations: [conversation('c1', 5)] },
      { type: 'conversation', conversation: conversation('c2', 7) },
      { type: 'conversation', conversation: conversation('c1', 8) },
      // The list asked for before c2 began and before c1's last message.
      { type: 'conversations', conversations: [conversation('c1', 5)] },
    );
    expect(s.conversations.map((c) => [c.id, c.lastActivityAt])).toEqual([
      ['c1', at(8)],
      ['c2', at(7)],
    ]);
  });

  it('remembers having been connected, so a lost connection shows as lost; a relayed status counts too', () => {
    const s = run(
      initialState(stored),
      { type: 'connection', isConnected: true },
      { type: 'connection', isConnected: false },
    );
    expect(s).toMatchObject({ isConnected: false, hasConnected: true });
    const follower = run(initialState(stored), { type: 'connection', isConnected: false, hasConnected: true });
    expect(follower).toMatchObject({ isConnected: false, hasConnected: true });
  });

  it('moves a read mark forward only, and counts unread agent messages after it', () => {
    const base = run(initialState(stored), {
      type: 'messages',
      conversationId: 'c1',
      messages: [message('c1', 1, 'agent'), message('c1', 2, 'visitor'), message('c1', 3, 'agent')],
    });
    expect(unreadIn(base, 'c1')).toBe(2);
    const read = run(base, { type: 'read', conversationId: 'c1', seq: 2 });
    expect(unreadIn(read, 'c1')).toBe(1);
    expect(reduce(read, { type: 'read', conversationId: 'c1', seq: 1 })).toBe(read);
    const other = run(read, { type: 'messages', conversationId: 'c2', messages: [message('c2', 1, 'agent')] });
    expect(unreadCount(other)).toBe(2);
  });

  it('takes over what another tab stored: outbox, started conversations, read marks, sound', () => {
    const s = run(
      initialState({ ...stored, readSeq: { c1: 4 } }),
      { type: 'read', conversationId: 'c2', seq: 7 },
      { type: 'stored', stored: { ...stored, started: { 'new:abc': 'c9' }, readSeq: { c1: 5 }, isSoundOn: true } },
    );
    expect(s).toMatchObject({ started: { 'new:abc': 'c9' }, readSeq: { c1: 5, c2: 7 }, isSoundOn: true });
  });

  it('resolves a view: a conversation, a `new:` one once started, none for home and the pre-chat form', () => {
    const s = run(initialState({ ...stored, started: { 'new:abc': 'c9' } }));
    expect(['home', 'prechat', 'c1', 'new:abc', 'new:def'].map((v) => resolveView(s, v))).toEqual([
      null,
      null,
      'c1',
      'c9',
      null,
    ]);
  });

  it('forgets the visitor on reset and keeps what belongs to the page: settings, open, sound', () => {
    const settings = {
      color: '#0b7a5a',
      position: 'right' as const,
      greeting: 'Hello',
      teamName: 'Acme',
      preChatForm: 'off' as const,
      privacyPolicyUrl: null,
      satisfactionSurvey: 'stars' as const,
    };
    const visitor = { id: 'v1', name: 'Vera', email: null, userId: null };
    const s = run(
      initialState({ ...stored, isSoundOn: true }),
      {
        type: 'session-started',
        settings,
        orgName: 'Acme',
        hasEmailFollowUp: true,
        isAgentOnline: true,
        hours: null,
        visitor,
      },
      { type: 'phase', phase: 'ready' },
      { type: 'open', isOpen: true },
      { type: 'conversations', conversations: [conversation('c1', 1)] },
      { type: 'message-arrived', message: message('c1', 1, 'agent') },
      { type: 'typing', typing: { c1: 'Sam' } },
      { type: 'connection', isConnected: true },
      { type: 'view', view: 'c1' },
      { type: 'read', conversationId: 'c1', seq: 1 },
      { type: 'reset', stored: { outbox: [], started: {} } },
    );
    expect(s).toMatchObject({
      phase: 'loading',
      visitor: null,
      conversations: [],
      messages: {},
      typing: {},
      readSeq: {},
      view: 'home',
      isConnected: false,
      hasConnected: false,
      settings,
      // What the organization said at the session's start stays through a reset (the same organization).
      hasEmailFollowUp: true,
      isOpen: true,
      isSoundOn: true,
    });
  });

  it('completes an image when attachment.ready comes: dimensions and thumbnail, the message kept in place', () => {
    const file = {
      id: 'a1',
      fileName: 'shot.png',
      contentType: 'image/png',
      size: 2048,
      url: 'https://chat.example/api/v1/files/a1/original?sig',
    };
    const withFile = { ...message('c1', 2), body: '', attachments: [file] };
    const ready = { ...file, width: 600, height: 400, thumbnailUrl: 'https://chat.example/api/v1/files/a1/thumbnail' };
    const s = run(
      initialState(stored),
      { type: 'messages', conversationId: 'c1', messages: [message('c1', 1), withFile] },
      { type: 'attachment', conversationId: 'c1', messageId: withFile.id, attachment: ready },
    );
    expect(s.messages.c1!.map((m) => m.seq)).toEqual([1, 2]);
    expect(s.messages.c1![1]!.attachments).toEqual([ready]);
    // A message this tab does not hold (another conversation, not loaded): nothing to do.
    const other = { type: 'attachment', conversationId: 'c9', messageId: 'x', attachment: ready } as const;
    expect(run(s, other)).toBe(s);
  });

  it("follows a file's upload, and forgets it once its item leaves the outbox or the visitor is reset", () => {
    const item = { clientId: 'f1', conversation: 'c1', body: '', createdAt: at(1), files: [] };
    const sending = run(
      initialState({ ...stored, outbox: [item] }),
      { type: 'upload', clientId: 'f1', upload: { sent: [100] } },
      { type: 'upload', clientId: 'f2', upload: { sent: [], isStalled: true } },
    );
    expect(sending.uploads).toEqual({ f1: { sent: [100] }, f2: { sent: [], isStalled: true } });
    expect(run(sending, { type: 'upload', clientId: 'f2', upload: null }).uploads).toEqual({ f1: { sent: [100] } });
    // f2 is not in the stored outbox; f1 is, until it is sent.
    expect(run(sending, { type: 'stored', stored: { ...stored, outbox: [item] } }).uploads).toEqual({
      f1: { sent: [100] },
    });
    expect(run(sending, { type: 'stored', stored }).uploads).toEqual({});
    expect(run(sending, { type: 'reset', stored: { outbox: [], started: {} } }).uploads).toEqual({});
  });
});

describe('Oceras.showNewConversation: the prefill', () => {
  it('is kept for the next new conversation until taken, even across a new session (identify restarts it)', () => {
    const s = run(initialState(stored), { type: 'compose', prefill: 'About my invoice' });
    expect(s.prefill).toBe('About my invoice');
    expect(reduce(s, { type: 'compose', prefill: null }).prefill).toBeNull();
    expect(reduce(s, { type: 'reset', stored }).prefill).toBe('About my invoice');
  });
});
