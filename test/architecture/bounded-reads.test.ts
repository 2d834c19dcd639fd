// Every body kopuro reads goes through the one bounded reader (docs/design.md §2): a source scan
// that names, file:line, any unbounded read of a request or response body.
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SCANNED = ['gateway', 'services', 'sandbox', 'certs']
/** The bounded reader itself, and the directory fetch (it bounds its reads on its own). */
const EXEMPT = new Set(['gateway/lib/read-body.ts', 'gateway/directory/fetch-directory.ts'])

/** Calls that read a whole body with no bound, and iterating a request's stream by hand. */
const UNBOUNDED = [
  /\.(?:json|text|arrayBuffer|blob|formData)\(\)/,
  /\b(?:req|request)\.parseBody\(/,
  /for await \(.+\bof (?:req|request|incoming|c\.req(?:\.raw)?)\b/,
]
/** A read of our own trusted data or of bytes already bounded, with its reason. */
const ALLOWED = /\/\/ bounded: \S.*$/

/** Every .ts/.tsx file below `dir`, relative to the repository root. */
async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true })
  return entries
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .filter((path) => !path.split('/').includes('node_modules'))
}

/** Lines of comments (doc comments' examples included) are not code. */
function isComment(line: string): boolean {
  return /^\s*(\/\/|\/\*|\*)/.test(line)
}

/** `file:line` for each unbounded read in one file's text. */
export function findUnboundedReads(path: string, text: string): string[] {
  if (EXEMPT.has(path)) return []
  const found: string[] = []
  text.split('\n').forEach((line, i) => {
    if (isComment(line) || ALLOWED.test(line)) return
    if (UNBOUNDED.some((pattern) => pattern.test(line))) found.push(`${path}:${i + 1}`)
  })
  return found
}

describe('bounded reads', () => {
  it('finds the reads it is meant to find, and not local functions named parseBody', () => {
    const lines = [
      'const a = await c.req.json()',
      'const b = await res.text()',
      'const c2 = await c.req.parseBody()',
      'for await (const chunk of req) chunks.push(chunk)',
      'const d = await res.body.arrayBuffer()',
      'return { ...parseBody(payload), kid }',
      'const e = await c.res.clone().arrayBuffer() // bounded: this app’s own response',
      ' * @example const page = await (await fetch(url)).json()',
      'return c.json({ ok: true })',
    ]
    expect(findUnboundedReads('x.ts', lines.join('\n'))).toEqual([
      'x.ts:1',
      'x.ts:2',
      'x.ts:3',
      'x.ts:4',
      'x.ts:5',
    ])
  })

  it('finds no unbounded body read in gateway/, services/, sandbox/ or certs/', async () => {
    const found: string[] = []
    for (const dir of SCANNED) {
      for (const path of await sourceFiles(dir)) {
        found.push(...findUnboundedReads(path, await readFile(join(ROOT, path), 'utf8')))
      }
    }
    expect(found).toEqual([])
  })
})
