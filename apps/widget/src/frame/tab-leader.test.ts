import { describe, expect, it } from 'vitest';
import { electLeader, type LockManagerLike } from './tab-leader.js';

/** A Web Locks stand-in: one holder per name, waiters served in order when the holder's callback settles. */
function fakeLocks(): LockManagerLike {
  const queues = new Map<string, (() => void)[]>();
  const busy = new Set<string>();
  const next = (name: string) => {
    const q = queues.get(name) ?? [];
    const run = q.shift();
    if (run) run();
    else busy.delete(name);
  };
  return {
    request(name, callback) {
      return new Promise((resolve, reject) => {
        const run = () => {
          busy.add(name);
          callback()
            .then(resolve, reject)
            .finally(() => next(name));
        };
        if (busy.has(name)) queues.set(name, [...(queues.get(name) ?? []), run]);
        else run();
      });
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('electLeader', () => {
  it('makes one tab leader; when it goes, the next one in line takes over', async () => {
    const locks = fakeLocks();
    const leaders: string[] = [];
    const a = electLeader('socket', () => leaders.push('a'), locks);
    const b = electLeader('socket', () => leaders.push('b'), locks);
    electLeader('socket', () => leaders.push('c'), locks);
    await tick();
    expect(leaders).toEqual(['a']);
    a.release();
    await tick();
    expect(leaders).toEqual(['a', 'b']);
    b.release();
    await tick();
    expect(leaders).toEqual(['a', 'b', 'c']);
  });

  it('leads alone when locks are refused (third-party storage blocked) or missing', async () => {
    const leaders: string[] = [];
    electLeader('socket', () => leaders.push('refused'), { request: () => Promise.reject(new Error('denied')) });
    electLeader('socket', () => leaders.push('missing'), undefined);
    await tick();
    expect(leaders.sort()).toEqual(['missing', 'refused']);
  });
});
