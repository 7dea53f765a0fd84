// Raw bcrypt compares per second at cost 10, `concurrency` at once on libuv's thread pool (as the server does).
import bcrypt from 'bcrypt';

const [concurrency = 8, seconds = 3] = process.argv.slice(2).map(Number);
const hash = await bcrypt.hash('correct horse battery staple', 10);
const start = performance.now();
const end = start + seconds * 1000;
let done = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      await bcrypt.compare('correct horse battery staple', hash);
      done++;
    }
  }),
);
// Compares still running at the deadline finish and count: divide by the time until the last one ended.
process.send?.({ perSecond: Math.round((done / ((performance.now() - start) / 1000)) * 10) / 10 });
process.exit(0);
