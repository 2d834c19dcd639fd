#!/usr/bin/env node
// The `kopuro` command as package.json's `bin` names it. An installed package holds only the
// compiled JavaScript (`npm run build`, dist/) and runs it with no development dependency. A
// checkout holds the TypeScript sources and runs them through tsx (gateway/cli/bin.js), so an
// edit takes effect without a build and a stale dist/ is never what runs.
import { existsSync } from 'node:fs'
import { join } from 'node:path'

if (existsSync(join(import.meta.dirname, '..', 'gateway', 'cli', 'main.ts'))) {
  await import('../gateway/cli/bin.js')
} else {
  await import('../dist/gateway/cli/main.js')
}
