import { defineConfig } from 'vitest/config';

// The fault suite (faults/): one file, its own PostgreSQL and Redis, a few minutes; not part of `npm test`.
export default defineConfig({
  test: {
    // expect.poll waits on another process (a push leaving, a socket event): 10 s, not vitest's 1, on a busy machine.
    expect: { poll: { timeout: 10_000 } },
    include: ['faults/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
