import { describe, expect, it } from 'vitest';
import { fakeLocks } from './fake-locks.js';
import { hostLocks } from './host-locks.js';
import { electLeader } from './tab-leader.js';

const tick = () => new Promise((r) => setTimeout(r, 0));
const settle = async () => {
  for (let i = 0; i < 10; i++) await tick();
};

/**
 * Tabs whose frames ask the loader for the socket lock: each loader holds it in the host page's (shared) Web Locks,
 * as src/loader/widget.ts does, and the messages travel like postMessage (later, in order).
 */
function hostPage(pageLocks = fakeLocks()) {
  return (label: string, leaders: string[]) => {
    let unlock: (() => void) | undefined;
    const sent: string[] = [];
    const frame = hostLocks((t) => {
      sent.push(t);
      setTimeout(() => {
        if (t === 'unlock') return unlock?.();
        const signal = new AbortController().signal;
        void pageLocks.request(
          'oceras.k.socket',
          { signal },
          () =>
            new Promise<void>((r) => {
              unlock = r;
              setTimeout(() => frame.lead());
            }),
        );
      });
    });
    return { sent, lead: (scope = label) => electLeader('socket', () => leaders.push(scope), frame.locks) };
  };
}

describe('hostLocks', () => {
  it('makes one tab of the host page leader; when it releases, the next tab leads', async () => {
    const tab = hostPage();
    const leaders: string[] = [];
    const a = tab('a', leaders).lead();
    await tick();
    const b = tab('b', leaders).lead();
    await settle();
    expect(leaders).toEqual(['a']);
    a.release();
    await settle();
    expect(leaders).toEqual(['a', 'b']);
    b.release();
  });

  it('gives back a grant that comes after its request was withdrawn', async () => {
    const tab = hostPage();
    const leaders: string[] = [];
    const a = tab('a', leaders).lead();
    await tick();
    const b = tab('b', leaders);
    b.lead('b, for the forgotten visitor').release();
    const b2 = b.lead('b');
    await settle();
    expect(leaders).toEqual(['a']);
    a.release();
    await settle();
    expect(leaders).toEqual(['a', 'b']);
    b2.release();
    // b's first request still held a place in the page's line: its grant went back, so c leads.
    const c = tab('c', leaders).lead();
    await settle();
    expect(leaders).toEqual(['a', 'b', 'c']);
    expect(b.sent).toEqual(['lock', 'lock', 'unlock', 'unlock']);
    c.release();
  });
});
