// The architecture of docs/design.md §7 and §9, executable: the imports between the product's
// folders, and the side jobs that have exactly one home. Each rule names every offending
// `file:line`, so a failure says what to change.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  findCycles,
  findLines,
  importEdges,
  readSources,
  skipsIndex,
  staticClosure,
  type ImportEdge,
  type SourceFile,
} from './support/source-graph.js'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const files = readSources(ROOT)
const edges = importEdges(ROOT, files)
const hasIndex = (folder: string) => existsSync(join(ROOT, folder, 'index.ts'))
const where = (e: ImportEdge) => `${e.from}:${e.line} -> ${e.to}`
const inFolder = (path: string, folder: string) => path.startsWith(`${folder}/`)

/** The directory authority and mirror: operator software, never loaded by a gateway node. */
const AUTHORITY = 'gateway/directory/authority'
/** Shared internals and X-Road identifiers: usable by certs/ and services/, importing only each other. */
const LEAF_LAYERS = ['gateway/lib', 'gateway/identifiers']
/** What a gateway process loads: its entry points. */
const NODE_ENTRIES = [
  'gateway/create-gateway.ts',
  'gateway/server.ts',
  'gateway/cli/gateway-run.ts',
]

/** Reads of a whole request or response body with no bound, or a request iterated by hand. */
const UNBOUNDED_READS = [
  /\.(?:json|text|arrayBuffer|blob|formData)\(\)/,
  /\b(?:req|request)\.parseBody\(/,
  /for await \(.+\bof (?:req|request|incoming|c\.req(?:\.raw)?)\b/,
]
/** The bounded reader itself, and the directory fetch, which bounds its reads on its own. */
const BOUNDED_READERS = new Set([
  'gateway/lib/read-body.ts',
  'gateway/directory/fetch-directory.ts',
])
/** A line reading trusted data or bytes already bounded says why. */
const SAYS_BOUNDED = /\/\/ bounded: \S.*$/

/** Making a file durable: renaming into place, or syncing a file or a directory. */
const DURABLE_WRITES = [
  /\brename(?:Sync)?\(/,
  /\.(?:datasync|fsync|sync)\(\)/,
  /\bf(?:data)?sync(?:Sync)?\(/,
]
const DURABLE_FILE = 'gateway/lib/durable-file.ts'

function unboundedReads(file: SourceFile): string[] {
  return BOUNDED_READERS.has(file.path) ? [] : findLines(file, UNBOUNDED_READS, SAYS_BOUNDED)
}

describe('architecture: imports', () => {
  it('enters every folder that has an index.ts through it', () => {
    expect(edges.filter((e) => skipsIndex(e, hasIndex)).map(where)).toEqual([])
  })

  it('has no import cycle, type imports included', () => {
    expect(findCycles(edges)).toEqual([])
  })

  it('keeps the two sides of an exchange apart: provider/ and consumer/ never import each other', () => {
    const crossing = edges.filter(
      (e) =>
        (inFolder(e.from, 'gateway/provider') && inFolder(e.to, 'gateway/consumer')) ||
        (inFolder(e.from, 'gateway/consumer') && inFolder(e.to, 'gateway/provider')),
    )
    expect(crossing.map(where)).toEqual([])
  })

  it('keeps the directory authority out of gateway nodes', () => {
    const direct = edges.filter(
      (e) =>
        inFolder(e.from, 'gateway') &&
        !inFolder(e.from, AUTHORITY) &&
        !inFolder(e.from, 'gateway/cli') &&
        inFolder(e.to, AUTHORITY),
    )
    expect(direct.map(where)).toEqual([])
    const loaded = [...staticClosure(NODE_ENTRIES, edges)].filter((f) => inFolder(f, AUTHORITY))
    expect(loaded).toEqual([])
  })

  it('has no certs/ <-> gateway/ loop: certs/ uses only the gateway’s leaf layers, which import nothing else', () => {
    const isLeaf = (path: string) => LEAF_LAYERS.some((folder) => inFolder(path, folder))
    const fromCerts = edges.filter(
      (e) => inFolder(e.from, 'certs') && inFolder(e.to, 'gateway') && !isLeaf(e.to),
    )
    expect(fromCerts.map(where)).toEqual([])
    const fromLeaves = edges.filter((e) => isLeaf(e.from) && !isLeaf(e.to))
    expect(fromLeaves.map(where)).toEqual([])
  })

  it('keeps the registries independent of the gateway: services/ imports only services/ and gateway/lib/', () => {
    const reaching = edges.filter(
      (e) =>
        inFolder(e.from, 'services') &&
        !inFolder(e.to, 'services') &&
        !inFolder(e.to, 'gateway/lib') &&
        !inFolder(e.to, 'contracts'),
    )
    expect(reaching.map(where)).toEqual([])
  })
})

describe('architecture: side jobs with one home', () => {
  it('reads every body through the bounded reader', () => {
    expect(files.flatMap(unboundedReads)).toEqual([])
  })

  it(`renames and syncs files only in ${DURABLE_FILE}`, () => {
    const found = files
      .filter((f) => f.path !== DURABLE_FILE)
      .flatMap((f) => findLines(f, DURABLE_WRITES))
    expect(found).toEqual([])
  })

  it('throws only typed errors on the gateway’s request paths (no `throw new Error`)', () => {
    const requestPaths = files.filter(
      (f) => inFolder(f.path, 'gateway') && !inFolder(f.path, 'gateway/cli'),
    )
    expect(requestPaths.flatMap((f) => findLines(f, [/\bthrow new Error\(/]))).toEqual([])
  })
})

describe('architecture: the rules find what they are meant to find', () => {
  const file = (path: string, text: string): SourceFile => ({ path, text })
  const graph = (...sources: SourceFile[]) => importEdges(ROOT, sources)

  it('flags a deliberately bad import that skips an index.ts, and not one through it', () => {
    const bad = graph(
      file(
        'gateway/provider/x.ts',
        "import { GroupCommitLog } from '../audit/log/group-commit.js'",
      ),
    )
    expect(bad.filter((e) => skipsIndex(e, hasIndex)).map(where)).toEqual([
      'gateway/provider/x.ts:1 -> gateway/audit/log/group-commit.ts',
    ])
    const good = graph(
      file('gateway/provider/x.ts', "import type { AuditLog } from '../audit/index.js'"),
      file('gateway/audit/log/x.ts', "import { leafHash } from '../merkle/merkle.js'"),
      file('gateway/cli/x.ts', "import { startAuthority } from '../directory/authority/index.js'"),
    )
    expect(good.filter((e) => skipsIndex(e, hasIndex))).toEqual([])
  })

  it('finds a cycle made of type imports only', () => {
    const cyclic = graph(
      file('gateway/a/one.ts', "import type { Two } from './two.js'"),
      file('gateway/a/two.ts', "export type { One } from './one.js'"),
    )
    expect(findCycles(cyclic)).toEqual([['gateway/a/one.ts', 'gateway/a/two.ts']])
  })

  it('tells dynamic imports from static ones, so lazily loaded commands do not count as loaded', () => {
    const lazy = graph(
      file(
        'gateway/cli/x.ts',
        [
          "import { a } from '../lib/clock.js'",
          "const m = await import('../directory/authority/index.js')",
        ].join('\n'),
      ),
    )
    expect(lazy.map((e) => [e.line, e.dynamic])).toEqual([
      [1, false],
      [2, true],
    ])
    expect(staticClosure(['gateway/cli/x.ts'], lazy).has(`${AUTHORITY}/index.ts`)).toBe(false)
  })

  it('resolves the #gateway/* imports map like a relative import', () => {
    const mapped = graph(
      file('gateway/provider/x.ts', "import { x } from '#gateway/consumer/index.js'"),
    )
    expect(mapped.map((e) => e.to)).toEqual(['gateway/consumer/index.ts'])
  })

  it('finds unbounded reads, and not local functions named parseBody or commented examples', () => {
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
    expect(unboundedReads(file('x.ts', lines.join('\n')))).toEqual([
      'x.ts:1',
      'x.ts:2',
      'x.ts:3',
      'x.ts:4',
      'x.ts:5',
    ])
  })

  it('finds renames and syncs outside the durable-file helper', () => {
    const text = [
      'await rename(tmp, path)',
      'await handle.datasync()',
      'fsyncSync(fd)',
      'const renamed = true',
    ]
    expect(findLines(file('y.ts', text.join('\n')), DURABLE_WRITES)).toEqual([
      'y.ts:1',
      'y.ts:2',
      'y.ts:3',
    ])
  })
})
