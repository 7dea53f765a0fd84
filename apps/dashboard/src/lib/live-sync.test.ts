// @vitest-environment happy-dom
import type { TConversation, TMessage } from '@oceras/protocol';
import { type FakeSocket, fakeSocket } from '@oceras/protocol/realtime/testing';
import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveSync } from './live-sync';
import { keys } from './queries';
import { fakeSession } from './realtime.test-helpers';

const at = '2026-03-04T15:05:00.000Z';
const conversation = (id: string, over: Partial<TConversation> = {}): TConversation => ({
  id,
  number: 1,
  status: 'open',
  snoozedUntil: null,
  priority: 'none',
  assigneeId: null,
  teamId: null,
  channel: 'chat',
  tags: [],
  subject: null,
  visitor: { id: `visitor-${id}`, name: 'Vera', email: null, isErased: false },
  lastMessagePreview: 'Hello',
  lastMessageSeq: 1,
  lastActivityAt: at,
  waitingSince: at,
  firstReplyAt: null,
  rating: null,
  customFields: {},
  createdAt: at,
  version: 1,
  unreadCount: 1,
  lastReadSeq: 0,
  ...over,
});
const visitorMessage = (conversationId: string, seq: number): TMessage => ({
  id: `m-${conversationId}-${seq}`,
  conversationId,
  seq,
  clientId: null,
  type: 'message',
  author: { type: 'visitor', id: null, name: 'Vera', avatarUrl: null },
  body: `message ${seq}`,
  system: null,
  createdAt: at,
});

/** One signed-in session in this tab: its own live sync over the tab's one query client. */
function signIn(qc: QueryClient, meId: string, server: FakeSocket = fakeSocket()) {
  const fetchConversation = vi.fn(async (id: string) => conversation(id));
  const session = { ...fakeSession(meId), subscribe: () => () => true };
  const live = new LiveSync({ qc, meId, fetchConversation, openSocket: () => server.socket, session });
  live.start();
  return { live, server, session, fetchConversation };
}

let isHidden = true;
beforeEach(() => {
  vi.useFakeTimers();
  // A hidden tab: events are applied every 100 ms, and visitor messages count for the title.
  isHidden = true;
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => isHidden });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('live sync belongs to one signed-in session', () => {
  it('a second agent signing in in the same tab starts clean', async () => {
    const qc = new QueryClient();
    const ada = signIn(qc, 'ada');
    ada.server.fire('session.ready', { protocolVersion: 1, seq: 40, replayed: 0 });
    ada.server.fire('conversation.created', { seq: 41, at, data: conversation('c1') });
    ada.server.fire('message.created', { seq: 42, at, data: visitorMessage('c1', 2) });
    ada.server.fire('typing.updated', {
      conversationId: 'c1',
      actor: { type: 'visitor', id: null, name: null },
      isTyping: true,
      isNote: false,
    });
    ada.server.fire('viewers.updated', { conversationId: 'c1', agentIds: ['ada'] });
    ada.server.fire('presence.updated', { agentId: 'ada', isConnected: true });
    await vi.advanceTimersByTimeAsync(100);
    expect(qc.getQueryData(keys.conversation('c1'))?.lastMessageSeq).toBe(2);
    expect(ada.live.unseen.get()).toBe(1);
    expect(ada.live.realtime.connection.get().state).toBe('online');
    expect(await ada.server.handshake()).toMatchObject({ token: 'token-of-ada', lastSeq: 42 });

    // Ada signs out (the app clears the cache and unmounts her tree), Bob signs in in the same tab.
    ada.live.stop();
    qc.clear();
    expect(ada.server.listens()).toBe(false);
    const bob = signIn(qc, 'bob');
    const handshake = await bob.server.handshake();
    expect(handshake).toMatchObject({ token: 'token-of-bob' });
    expect(handshake).not.toHaveProperty('lastSeq');
    expect(bob.live.realtime.connection.get()).toEqual({ state: 'connecting', wasLost: false });
    expect(bob.live.realtime.typing.get()).toEqual({});
    expect(bob.live.realtime.viewers.get()).toEqual({});
    expect(bob.live.realtime.presence.get()).toEqual({});
    expect(bob.live.unseen.get()).toBe(0);

    // Bob's organization numbers its events from 1: none is taken for a replay of Ada's.
    bob.server.fire('session.ready', { protocolVersion: 1, seq: 0, replayed: 0 });
    bob.server.fire('conversation.created', { seq: 1, at, data: conversation('c9', { assigneeId: 'bob' }) });
    bob.server.fire('message.created', { seq: 2, at, data: visitorMessage('c9', 2) });
    await vi.advanceTimersByTimeAsync(100);
    expect(qc.getQueryData(keys.conversation('c9'))?.lastMessageSeq).toBe(2);
    expect(bob.live.unseen.get()).toBe(1);
    // Nothing of Ada's conversation came back with it.
    expect(qc.getQueryData(keys.conversation('c1'))).toBeUndefined();
  });

  it('what waits at sign-out never reaches the next session', async () => {
    const qc = new QueryClient();
    const ada = signIn(qc, 'ada');
    ada.server.fire('session.ready', { protocolVersion: 1, seq: 0, replayed: 0 });
    // Queued for the next flush: a new conversation, and a message for a conversation no list holds (fetched).
    ada.server.fire('conversation.created', { seq: 1, at, data: conversation('c1') });
    ada.live.stop();
    qc.clear();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(qc.getQueryData(keys.conversation('c1'))).toBeUndefined();
    expect(qc.getQueryCache().getAll()).toEqual([]);

    const bob = signIn(qc, 'bob');
    let answer = (_c: TConversation) => {};
    bob.fetchConversation.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    bob.server.fire('session.ready', { protocolVersion: 1, seq: 0, replayed: 0 });
    bob.server.fire('message.created', { seq: 1, at, data: visitorMessage('c2', 2) });
    await vi.advanceTimersByTimeAsync(100);
    expect(bob.fetchConversation).toHaveBeenCalledWith('c2');
    // Bob signs out before the answer comes: it is dropped.
    bob.live.stop();
    qc.clear();
    answer(conversation('c2'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(qc.getQueryData(keys.conversation('c2'))).toBeUndefined();
  });

  it('the title count resets when the tab is shown again, and stops listening at sign-out', async () => {
    const qc = new QueryClient();
    const ada = signIn(qc, 'ada');
    ada.server.fire('session.ready', { protocolVersion: 1, seq: 0, replayed: 0 });
    ada.server.fire('conversation.created', { seq: 1, at, data: conversation('c1') });
    ada.server.fire('message.created', { seq: 2, at, data: visitorMessage('c1', 2) });
    await vi.advanceTimersByTimeAsync(100);
    expect(ada.live.unseen.get()).toBe(1);
    isHidden = false;
    document.dispatchEvent(new Event('visibilitychange'));
    expect(ada.live.unseen.get()).toBe(0);
    isHidden = true;
    ada.server.fire('message.created', { seq: 3, at, data: visitorMessage('c1', 3) });
    await vi.advanceTimersByTimeAsync(100);
    ada.live.stop();
    isHidden = false;
    document.dispatchEvent(new Event('visibilitychange'));
    expect(ada.live.unseen.get()).toBe(1);
  });
});

describe('attachments', () => {
  it("attachment.ready puts an image's dimensions and thumbnail into the open thread", async () => {
    const qc = new QueryClient();
    const ada = signIn(qc, 'ada');
    ada.server.fire('session.ready', { protocolVersion: 1, seq: 0, replayed: 0 });
    const image = { id: 'a1', fileName: 'shot.png', contentType: 'image/png', size: 10, url: '/f/a1' };
    qc.setQueryData(keys.messages('c1'), { messages: [], hasMore: false });
    ada.server.fire('message.created', {
      seq: 1,
      at,
      data: { ...visitorMessage('c1', 2), body: '', attachments: [image] },
    });
    await vi.advanceTimersByTimeAsync(100);
    expect(qc.getQueryData(keys.messages('c1'))?.messages[0]?.attachments).toEqual([image]);
    const ready = { ...image, width: 640, height: 480, thumbnailUrl: '/f/a1/thumbnail' };
    ada.server.fire('attachment.ready', {
      seq: 2,
      at,
      data: { conversationId: 'c1', messageId: 'm-c1-2', attachment: ready },
    });
    await vi.advanceTimersByTimeAsync(100);
    expect(qc.getQueryData(keys.messages('c1'))?.messages[0]?.attachments).toEqual([ready]);
    // It counts in the stream: the next handshake resumes after it.
    expect(await ada.server.handshake()).toMatchObject({ lastSeq: 2 });
    ada.live.stop();
  });
});
