// Preloaded into the soak's cluster processes (`NODE_OPTIONS=--expose-gc --require …`), never into the product: on
// SIGUSR2 it collects garbage and writes the live heap (V8's heap used after a full collection) to
// `$SOAK_HEAP_DIR/heap.<pid>.json`. A heap snapshot measured the same thing but froze a process for seconds while
// it wrote half a gigabyte: the other processes' statements waited on the rows it held, and every socket on it fell
// more than `replayMax` events behind (one sync.required for each of them, in every soak). A collection takes tens
// of milliseconds.
'use strict';
const { writeFileSync, renameSync } = require('node:fs');
const path = require('node:path');

const dir = process.env.SOAK_HEAP_DIR;
if (dir) {
  process.on('SIGUSR2', () => {
    const t = performance.now();
    globalThis.gc();
    globalThis.gc();
    const { heapUsed } = process.memoryUsage();
    const file = path.join(dir, `heap.${process.pid}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify({ heapUsed, pauseMs: performance.now() - t, at: Date.now() }));
    renameSync(`${file}.tmp`, file);
  });
}
