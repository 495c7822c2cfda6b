import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      // Unit tests are not timed: the default 5 s failed a test that parses every server source
      // with the TypeScript compiler when the machine was busy (load 20 on 2 cores).
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', testTimeout: 30_000 } },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'lab',
          include: ['tests/lab/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 3_600_000,
          fileParallelism: false,
        },
      },
      {
        // The plain machine (Debian 12 as installed) and the guide's own dom0 steps run on it.
        // In `npm test` through tests/lab-plain/run-lab-plain.sh (see tests/lab-plain/README.md).
        test: {
          name: 'lab-plain',
          include: ['tests/lab-plain/**/*.test.ts'],
          environment: 'node',
          testTimeout: 3_600_000,
          hookTimeout: 3_600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
