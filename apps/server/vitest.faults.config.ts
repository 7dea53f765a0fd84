import { defineConfig } from 'vitest/config';

// The fault suite (faults/): one file, its own PostgreSQL and Redis, a few minutes; not part of `npm test`.
export default defineConfig({
  test: {
    include: ['faults/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
