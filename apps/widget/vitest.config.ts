import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // expect.poll waits on another process (a push leaving, a socket event): 10 s, not vitest's 1, on a busy machine.
    expect: { poll: { timeout: 10_000 } },
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    fileParallelism: false,
  },
});
