/**
 * Group commit per key: at most `maxInFlight` batches of a key run at a time, and what arrives for that key
 * meanwhile waits and runs together as the next batch. An item that finds a free slot runs at once, so an idle
 * key adds no latency; under load the items of a key share one statement and one commit instead of queueing
 * one by one on a row lock. Two batches in flight let the next one do its work up to that lock while the
 * current one commits.
 *
 * `fits(batch, item)` says whether an item may join a batch (say, one message per conversation). An item
 * that conflicts with one in a running batch, or with an earlier item still waiting, waits for a later batch:
 * items that conflict run one after the other, in the order they were submitted. `run` answers one output per
 * input, in order; if it throws, every item of that batch fails with the error.
 */
export interface GroupCommit<I, O> {
  submit(key: string, item: I): Promise<O>;
}

interface Waiting<I, O> {
  item: I;
  resolve(out: O): void;
  reject(err: unknown): void;
}

interface KeyState<I, O> {
  queue: Waiting<I, O>[];
  running: I[][];
}

export function createGroupCommit<I, O>(options: {
  maxBatch: number;
  maxInFlight: number;
  fits(batch: readonly I[], item: I): boolean;
  run(key: string, items: I[]): Promise<O[]>;
}): GroupCommit<I, O> {
  const keys = new Map<string, KeyState<I, O>>();

  // The next batch, in submission order: what fits with the batch so far, with no running item and with no
  // earlier item left waiting.
  const take = (state: KeyState<I, O>): Waiting<I, O>[] => {
    const batch: Waiting<I, O>[] = [];
    const items: I[] = [];
    const held: I[] = state.running.flat();
    const rest: Waiting<I, O>[] = [];
    for (const w of state.queue) {
      if (batch.length < options.maxBatch && options.fits(items, w.item) && options.fits(held, w.item)) {
        batch.push(w);
        items.push(w.item);
      } else {
        rest.push(w);
        held.push(w.item);
      }
    }
    state.queue = rest;
    return batch;
  };

  const pump = (key: string, state: KeyState<I, O>): void => {
    while (state.running.length < options.maxInFlight && state.queue.length > 0) {
      const batch = take(state);
      if (batch.length === 0) return;
      const items = batch.map((w) => w.item);
      state.running.push(items);
      options
        .run(key, items)
        .then(
          (outs) => {
            for (const [i, w] of batch.entries()) w.resolve(outs[i] as O);
          },
          (err: unknown) => {
            for (const w of batch) w.reject(err);
          },
        )
        .finally(() => {
          state.running.splice(state.running.indexOf(items), 1);
          if (state.running.length === 0 && state.queue.length === 0) keys.delete(key);
          else pump(key, state);
        });
    }
  };

  return {
    submit(key, item) {
      return new Promise<O>((resolve, reject) => {
        let state = keys.get(key);
        if (!state) {
          state = { queue: [], running: [] };
          keys.set(key, state);
        }
        state.queue.push({ item, resolve, reject });
        pump(key, state);
      });
    },
  };
}
