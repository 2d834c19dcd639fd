import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI and sandbox cases start TypeScript processes; a busy 2-core machine needs the headroom.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time: most e2e time is spent waiting on child processes and sockets, and
    // vitest's default on two cores is a single worker.
    maxWorkers: 2,
    env: { KOPURO_LOG_LEVEL: process.env['KOPURO_LOG_LEVEL'] ?? 'silent' },
    // An error or fatal log line a test did not declare fails it (test/support/error-logs.ts).
    setupFiles: ['test/support/fail-on-error-logs.ts'],
  },
})
