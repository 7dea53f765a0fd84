/**
 * SocketStream's gap filling when the events table cannot be read: the failure stays inside the stream (it used to
 * be an unhandled rejection that ended the process), the socket waits, and the gap is filled once reading works.
 */
import { expect, it, vi } from 'vitest';
import { SocketStream, type StreamItem } from './stream.js';

const item = (seq: number): StreamItem => ({ seq, type: 'message.created', at: '', payload: { seq } });

it('reads a gap again after a failed read, and delivers every event once, in order', async () => {
  const stored = [1, 2, 3, 4].map(item);
  let failures = 2;
  const source = {
    head: async () => 4,
    since: vi.fn(async (after: number, limit: number) => {
      if (failures-- > 0) throw new Error('Query read timeout');
      return stored.filter((i) => i.seq > after).slice(0, limit);
    }),
  };
  const delivered: number[] = [];
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  process.on('unhandledRejection', onRejection);
  try {
    const stream = new SocketStream(
      source,
      (i) => delivered.push(i.seq),
      () => undefined,
    );
    await stream.start(undefined);
    // Live from 4 on: 6 arrives without 5, which is only in the table (as after a missed broadcast).
    stored.push(item(5), item(6));
    source.head = async () => 6;
    stream.offer(item(6));
    expect(delivered).toEqual([]);
    // Two failed reads (150 ms, then 300 ms later), then the third fills the gap.
    await vi.waitFor(() => expect(delivered).toEqual([5, 6]), { timeout: 5_000, interval: 20 });
    expect(source.since).toHaveBeenCalledTimes(3);
    stream.offer(item(7));
    expect(delivered).toEqual([5, 6, 7]);
    stream.close();
  } finally {
    process.off('unhandledRejection', onRejection);
  }
  expect(rejections).toEqual([]);
});
