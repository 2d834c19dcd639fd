// Every durable write goes through gateway/lib/durable-file.ts (docs/design.md §5): a source scan
// that names, file:line, any rename or fsync made anywhere else.
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SCANNED = ['gateway', 'services', 'sandbox', 'certs']
const HELPER = 'gateway/lib/durable-file.ts'

/** A rename, fdatasync or fsync: the steps whose order and completeness make a write durable. */
const DURABLE_STEP = /rename\(|datasync\(|fsync\(|\.sync\(/

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true })
  return entries
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .filter((path) => !path.split('/').includes('node_modules'))
}

/** `file:line` for each durable step in one file's text, comments included. */
export function findDurableSteps(path: string, text: string): string[] {
  if (path === HELPER) return []
  const found: string[] = []
  text.split('\n').forEach((line, i) => {
    if (DURABLE_STEP.test(line)) found.push(`${path}:${i + 1}`)
  })
  return found
}

describe('durable writes', () => {
  it('finds renames and syncs, and not the helper functions that wrap them', () => {
    const lines = [
      'await rename(temporary, path)',
      'await handle.datasync()',
      'await handle.sync()',
      'fs.fsync(fd, done)',
      'await syncDir(dirname(path))',
      'await replaceFile(path, data, { mode })',
      'await writeDurably(segment.handle, bytes)',
    ]
    expect(findDurableSteps('x.ts', lines.join('\n'))).toEqual([
      'x.ts:1',
      'x.ts:2',
      'x.ts:3',
      'x.ts:4',
    ])
    expect(findDurableSteps(HELPER, lines.join('\n'))).toEqual([])
  })

  it('finds none in gateway/, services/, sandbox/ or certs/ outside durable-file.ts', async () => {
    const found: string[] = []
    for (const dir of SCANNED) {
      for (const path of await sourceFiles(dir)) {
        found.push(...findDurableSteps(path, await readFile(join(ROOT, path), 'utf8')))
      }
    }
    expect(found).toEqual([])
  })
})
