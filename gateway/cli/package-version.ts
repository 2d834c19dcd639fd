// The version of the kopuro package this code belongs to, read from its package.json at run time.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The `version` of the nearest package.json named `kopuro` above `moduleUrl`: two folders up from
 * the sources (gateway/cli/), three from the build (dist/gateway/cli/), so one rule serves both.
 * Throws when there is none: a copy of the code without its package.json is not an install.
 *
 * @example program.version(readPackageVersion())
 */
export function readPackageVersion(moduleUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(moduleUrl))
  for (;;) {
    const manifest = readManifest(join(dir, 'package.json'))
    if (manifest?.name === 'kopuro' && typeof manifest.version === 'string') return manifest.version
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`no kopuro package.json above ${fileURLToPath(moduleUrl)}`)
    dir = parent
  }
}

function readManifest(file: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
