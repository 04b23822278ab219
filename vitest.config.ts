import { defineConfig } from 'vitest/config';

// Three projects, all run by `npm test` (scripts/test_all.sh):
//   unit — pure domain, cli and script tests (no database);
//   db   — server API and store tests; SUIJI_TEST_DB=pglite|pg picks the database;
//   e2e  — Playwright (playwright-core + Debian chromium) against a real server.
export default defineConfig({
  test: {
    projects: [
      // unit tests that start processes (the Python verifiers, the CLI) must not depend on an idle machine.
      { test: { name: 'unit', include: ['domain/**/*.test.ts', 'cli/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'], environment: 'node', testTimeout: 120_000 } },
      // Two files at a time (each has its own database, so they do not meet): on 2 cores the API suite takes ~0.6× as long.
      { test: { name: 'db', include: ['server/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 120_000, maxWorkers: Number(process.env['SUIJI_DB_WORKERS'] ?? 2) } },
      // Benchmarks that need the test harness (npm run bench:draw-app); not run by npm test.
      { test: { name: 'bench', include: ['bench/**/*.bench.test.ts'], environment: 'node', testTimeout: 3_600_000, hookTimeout: 3_600_000, fileParallelism: false } },
      { test: { name: 'e2e', include: ['e2e/**/*.e2e.ts'], environment: 'node', testTimeout: 180_000, hookTimeout: 300_000, fileParallelism: false } },
    ],
  },
});
