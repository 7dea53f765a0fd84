import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // expect.poll waits on another process (a push leaving, a socket event): 10 s, not vitest's 1, on a busy machine.
    expect: { poll: { timeout: 10_000 } },
    // Unit tests sit beside their code (src/**); browser tests and the serving test in test/.
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['test/global-setup.ts'],
    maxWorkers: 1,
    fileParallelism: false,
  },
});
