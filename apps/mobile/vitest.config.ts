import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // expect.poll waits on another process (a push leaving, a socket event): 10 s, not vitest's 1, on a busy machine.
    expect: { poll: { timeout: 10_000 } },
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
