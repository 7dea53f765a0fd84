// Preloaded into the benchmarked server (`node --expose-gc --require …`), never into the product: on a message
// from the benchmark over the IPC channel, it collects garbage and answers what the process still holds (V8's heap
// and the memory outside it that JavaScript objects own: Buffers, ArrayBuffers). Resident memory (RSS) also counts
// freed buffers the collector has not reached and pages the allocator keeps, so it cannot say what an upload holds.
'use strict';
process.on('message', (m) => {
  if (m !== 'retained-memory') return;
  globalThis.gc();
  globalThis.gc();
  const { heapUsed, external, arrayBuffers, rss } = process.memoryUsage();
  process.send({ heapUsed, external, arrayBuffers, rss });
});
// The channel must not keep the server alive on its own (a SIGTERM ends it as in production).
process.channel?.unref();
