import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.js';

type Item = { conv: string; n: number };
const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

function harness(maxInFlight: number, maxBatch = 4) {
  const batches: Item[][] = [];
  const gates: ReturnType<typeof deferred>[] = [];
  const commit = createGroupCommit<Item, string>({
    maxBatch,
    maxInFlight,
    fits: (batch, item) => !batch.some((b) => b.conv === item.conv),
    run: async (key, items) => {
      batches.push(items);
      const gate = deferred();
      gates.push(gate);
      await gate.promise;
      if (items.some((i) => i.n < 0)) throw new Error('boom');
      return items.map((i) => `${key}:${i.conv}${i.n}`);
    },
  });
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return { commit, batches, gates, flush };
}

describe('group commit', () => {
  it('runs a lone item at once, then what arrived meanwhile as one batch, answering each its own output', async () => {
    const h = harness(1);
    const first = h.commit.submit('org', { conv: 'a', n: 1 });
    await h.flush();
    expect(h.batches).toEqual([[{ conv: 'a', n: 1 }]]);
    const rest = ['b', 'c', 'd'].map((conv) => h.commit.submit('org', { conv, n: 1 }));
    await h.flush();
    expect(h.batches).toHaveLength(1);
    h.gates[0]!.resolve();
    await h.flush();
    expect(h.batches[1]!.map((i) => i.conv)).toEqual(['b', 'c', 'd']);
    h.gates[1]!.resolve();
    expect(await Promise.all([first, ...rest])).toEqual(['org:a1', 'org:b1', 'org:c1', 'org:d1']);
  });

  it('keeps conflicting items apart and in order, never in two running batches, and caps batch size', async () => {
    const h = harness(2, 3);
    const out = [
      h.commit.submit('org', { conv: 'a', n: 1 }),
      h.commit.submit('org', { conv: 'a', n: 2 }),
      h.commit.submit('org', { conv: 'b', n: 1 }),
      h.commit.submit('org', { conv: 'a', n: 3 }),
      h.commit.submit('org', { conv: 'c', n: 1 }),
      h.commit.submit('org', { conv: 'd', n: 1 }),
      h.commit.submit('org', { conv: 'e', n: 1 }),
    ];
    await h.flush();
    const seen = () => h.batches.map((batch) => batch.map((i) => `${i.conv}${i.n}`));
    // Both slots were free: a1 and b1 ran at once, each alone; the rest waits.
    expect(seen()).toEqual([['a1'], ['b1']]);
    h.gates[0]!.resolve();
    await h.flush();
    // a2 may go now, but a3 must wait behind it; c and d join a2 up to the cap of three; e waits.
    expect(seen()[2]).toEqual(['a2', 'c1', 'd1']);
    h.gates[1]!.resolve();
    await h.flush();
    // b1's slot is free: a3 still conflicts with the running a2, so only e goes.
    expect(seen()[3]).toEqual(['e1']);
    h.gates[2]!.resolve();
    await h.flush();
    expect(seen()[4]).toEqual(['a3']);
    h.gates[3]!.resolve();
    h.gates[4]!.resolve();
    expect(await Promise.all(out)).toEqual(['org:a1', 'org:a2', 'org:b1', 'org:a3', 'org:c1', 'org:d1', 'org:e1']);
  });

  it('fails only the items of a batch that throws, and keys never wait for each other', async () => {
    const h = harness(1);
    const bad = h.commit.submit('one', { conv: 'a', n: -1 });
    const other = h.commit.submit('two', { conv: 'a', n: 1 });
    await h.flush();
    expect(h.batches).toHaveLength(2);
    const later = h.commit.submit('one', { conv: 'b', n: 1 });
    for (const g of h.gates) g.resolve();
    await expect(bad).rejects.toThrow('boom');
    expect(await other).toBe('two:a1');
    await h.flush();
    h.gates[2]!.resolve();
    expect(await later).toBe('one:b1');
  });
});
