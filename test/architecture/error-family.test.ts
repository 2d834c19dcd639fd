// Every error class kopuro declares belongs to one family (docs/design.md §9: a typed error with a
// stable code): a source scan that names any error class not derived from KopuroError.
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SCANNED = ['gateway', 'services', 'sandbox', 'certs']
const CLASS = /^\s*(?:export\s+)?class\s+(\w+Error)\s+extends\s+(\w+)/gm

/** Every .ts/.tsx file below `dir`, relative to the repository root. */
async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true })
  return entries
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .filter((path) => !path.split('/').includes('node_modules'))
}

/** `Name (file)` for each declared error class whose chain of bases does not reach KopuroError. */
export function outsideTheFamily(
  declared: { name: string; base: string; file: string }[],
): string[] {
  const baseOf = new Map(declared.map((d) => [d.name, d.base]))
  const reaches = (name: string, seen = new Set<string>()): boolean => {
    const base = baseOf.get(name)
    if (base === 'KopuroError') return true
    if (base === undefined || seen.has(name)) return false
    return reaches(base, seen.add(name))
  }
  return declared.filter((d) => !reaches(d.name)).map((d) => `${d.name} (${d.file})`)
}

describe('error family', () => {
  it('names a class on Error, and one whose base is outside the family; follows subclasses', () => {
    expect(
      outsideTheFamily([
        { name: 'AError', base: 'KopuroError', file: 'a.ts' },
        { name: 'BError', base: 'AError', file: 'b.ts' },
        { name: 'CError', base: 'Error', file: 'c.ts' },
        { name: 'DError', base: 'CError', file: 'd.ts' },
      ]),
    ).toEqual(['CError (c.ts)', 'DError (d.ts)'])
  })

  it('every error class in gateway/, services/, sandbox/ and certs/ derives from KopuroError', async () => {
    const declared: { name: string; base: string; file: string }[] = []
    for (const dir of SCANNED) {
      for (const file of await sourceFiles(dir)) {
        const text = await readFile(join(ROOT, file), 'utf8')
        for (const [, name, base] of text.matchAll(CLASS))
          declared.push({ name: name!, base: base!, file })
      }
    }
    // The scan sees the classes it is meant to see.
    expect(declared.map((d) => d.name)).toEqual(
      expect.arrayContaining(['GatewayError', 'CheckpointError', 'ProblemError', 'UsageError']),
    )
    expect(outsideTheFamily(declared)).toEqual([])
  })
})
