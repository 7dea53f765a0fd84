import type { TAttachment, TMessage } from '@oceras/protocol';
import { describe, expect, it } from 'vitest';
import { imagesOf, withAttachment, withFreshAttachments } from './attachments-cache';

const png = (id: string, over: Partial<TAttachment> = {}): TAttachment => ({
  id,
  fileName: `${id}.png`,
  contentType: 'image/png',
  size: 10,
  url: `/files/${id}?v=1`,
  ...over,
});
const message = (id: string, seq: number, attachments?: TAttachment[]): TMessage => ({
  id,
  conversationId: 'c1',
  seq,
  clientId: null,
  type: 'message',
  author: { type: 'visitor', id: null, name: null, avatarUrl: null },
  body: '',
  system: null,
  ...(attachments ? { attachments } : {}),
  createdAt: '2026-03-04T15:05:00.000Z',
});

describe('attachments in the thread held', () => {
  it('attachment.ready completes the one attachment, leaving the rest as they were', () => {
    const data = { messages: [message('m1', 1, [png('a'), png('b')]), message('m2', 2)], hasMore: false };
    const ready = png('b', { width: 640, height: 480, thumbnailUrl: '/files/b/thumbnail' });
    const next = withAttachment(data, 'm1', ready);
    expect(next.messages[0]!.attachments).toEqual([png('a'), ready]);
    expect(next.messages[1]).toBe(data.messages[1]);
    // A message or attachment not held: the same object, nothing re-renders.
    expect(withAttachment(data, 'm9', ready)).toBe(data);
    expect(withAttachment(data, 'm1', png('z'))).toBe(data);
  });

  it('fresh URLs replace the attachments of the messages held, and add no message', () => {
    const data = { messages: [message('m1', 1, [png('a')]), message('m2', 2)], hasMore: true };
    const fresh = [message('m1', 1, [png('a', { url: '/files/a?v=2' })]), message('m3', 3, [png('c')])];
    const next = withFreshAttachments(data, fresh);
    expect(next.messages.map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(next.messages[0]!.attachments![0]!.url).toBe('/files/a?v=2');
    expect(next.hasMore).toBe(true);
    expect(withFreshAttachments(data, [])).toBe(data);
  });

  it('lists the images of the conversation in order', () => {
    const pdf = { ...png('p'), contentType: 'application/pdf' };
    const messages = [message('m1', 1, [png('a'), pdf]), message('m2', 2), message('m3', 3, [png('b')])];
    expect(imagesOf(messages, (a) => a.contentType.startsWith('image/')).map((a) => a.id)).toEqual(['a', 'b']);
  });
});
