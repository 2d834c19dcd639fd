import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI and sandbox cases start TypeScript processes; a busy 2-core machine needs the headroom.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: { KOPURO_LOG_LEVEL: process.env['KOPURO_LOG_LEVEL'] ?? 'silent' },
  },
})
