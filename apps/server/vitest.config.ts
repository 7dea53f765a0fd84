import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // expect.poll waits on another process (a push leaving, a socket event): 10 s, not vitest's 1, on a busy machine.
    expect: { poll: { timeout: 10_000 } },
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    maxWorkers: 2,
  },
});
