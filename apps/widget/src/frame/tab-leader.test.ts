import { describe, expect, it } from 'vitest';
import { fakeLocks } from './fake-locks.js';
import { electLeader } from './tab-leader.js';

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

  it('never leads for a request withdrawn before its turn (a tab that reset meanwhile)', async () => {
    const locks = fakeLocks();
    const leaders: string[] = [];
    const a = electLeader('socket', () => leaders.push('a'), locks);
    const stale = electLeader('socket', () => leaders.push('b, for the forgotten visitor'), locks);
    stale.release();
    electLeader('socket', () => leaders.push('b'), locks);
    await tick();
    a.release();
    await tick();
    expect(leaders).toEqual(['a', 'b']);
  });

  it('leads alone when locks are refused (third-party storage blocked) or missing', async () => {
    const leaders: string[] = [];
    electLeader('socket', () => leaders.push('refused'), { request: () => Promise.reject(new Error('denied')) });
    electLeader('socket', () => leaders.push('missing'), undefined);
    await tick();
    expect(leaders.sort()).toEqual(['missing', 'refused']);
  });
});
