import { defineConfig } from 'vitest/config';

// Three projects, all run by `npm test`:
//   unit  — unit and integration tests next to their code and in test/ (real sockets, real SQLite), the
//           tier `npm run test:fast` runs while working;
//   slow  — chaos, crash recovery, scale, the build and Electronegativity checks, the end-to-end engine
//           tests over the sandboxes and the CLI binary tests;
//   e2e   — the served UI in Debian's headless Chromium (see test/e2e/README.md).
// Before any of them, test/support/system-packages.ts checks the machine and fails at once, with the
// install command, when a package the tests need is missing.
const SLOW = [
  'test/chaos/**',
  // End to end over the sandboxes and the real CLI binary: whole integrations, kill -9, the command line.
  'test/engine/**',
  'test/cli/**',
  'test/security/**',
  'test/electron/electronegativity.test.ts',
  'test/electron/build-main.test.ts',
  'test/electron/builder-config.test.ts',
  '**/scale.test.ts',
  '**/throughput.test.ts',
];

const node = { environment: 'node' as const, testTimeout: 60_000, hookTimeout: 60_000, pool: 'forks' as const };

export default defineConfig({
  test: {
    globalSetup: ['test/support/system-packages.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          ...node,
          include: ['{main,preload,connectors,test,scripts,bench}/**/*.test.ts'],
          exclude: ['test/e2e/**', 'node_modules/**', ...SLOW],
        },
      },
      {
        test: {
          name: 'slow',
          ...node,
          include: SLOW.map((p) => (p.startsWith('**') ? `{main,connectors,test}/${p}` : p)),
          exclude: ['node_modules/**'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.e2e.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
