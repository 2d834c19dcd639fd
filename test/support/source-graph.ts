// The product's source files and their imports, read the way the compiler reads them: static,
// dynamic and type-only imports and re-exports alike (used by test/architecture.test.ts).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, posix, relative } from 'node:path'
import ts from 'typescript'

export const PRODUCT_FOLDERS = ['gateway', 'services', 'sandbox', 'certs', 'contracts'] as const

export interface SourceFile {
  /** Relative to the repository root, with `/`. */
  path: string
  text: string
}

export interface ImportEdge {
  from: string
  /** The imported file, relative to the root; only imports of the repository's own files. */
  to: string
  /** 1-based line of the import in `from`. */
  line: number
  /** `import('…')`: loaded only when run. */
  dynamic: boolean
}

/** Every .ts/.tsx file below the product folders of `root`. */
export function readSources(
  root: string,
  folders: readonly string[] = PRODUCT_FOLDERS,
): SourceFile[] {
  const files: SourceFile[] = []
  for (const folder of folders) {
    const entries = readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
    for (const e of entries) {
      if (!e.isFile() || !/\.tsx?$/.test(e.name) || e.name.endsWith('.d.ts')) continue
      const path = relative(root, join(e.parentPath, e.name)).split('\\').join('/')
      if (path.split('/').includes('node_modules')) continue
      files.push({ path, text: readFileSync(join(root, path), 'utf8') })
    }
  }
  return files.sort((a, b) => a.path.localeCompare(b.path))
}

/**
 * Resolves one specifier of `from` to a repository file: relative specifiers and the package's
 * `#folder/*` imports map; packages and `node:` modules give undefined.
 */
export function resolveSpecifier(
  from: string,
  specifier: string,
  exists: (path: string) => boolean,
): string | undefined {
  let target: string
  if (specifier.startsWith('.'))
    target = posix.normalize(posix.join(posix.dirname(from), specifier))
  else if (specifier.startsWith('#')) target = specifier.slice(1)
  else return undefined
  const candidates = [target, target.replace(/\.js$/, '.ts'), target.replace(/\.js$/, '.tsx')]
  return candidates.find(exists) ?? target.replace(/\.js$/, '.ts')
}

/** The import edges of `files`, as the compiler's pre-processor finds them (type imports too). */
export function importEdges(root: string, files: SourceFile[]): ImportEdge[] {
  const known = new Set(files.map((f) => f.path))
  const exists = (path: string) => known.has(path) || existsSync(join(root, path))
  const edges: ImportEdge[] = []
  for (const file of files) {
    const info = ts.preProcessFile(file.text, true, true)
    const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, false)
    for (const imported of info.importedFiles) {
      const to = resolveSpecifier(file.path, imported.fileName, exists)
      if (to === undefined) continue
      const { line } = source.getLineAndCharacterOfPosition(imported.pos)
      const before = file.text.slice(Math.max(0, imported.pos - 8), imported.pos)
      edges.push({ from: file.path, to, line: line + 1, dynamic: /import\(\s*['"]?$/.test(before) })
    }
  }
  return edges
}

/** The folders between the root and `path`'s own folder: `a/b/c.ts` → `a`, `a/b`. */
function foldersOf(path: string): string[] {
  const parts = dirname(path).split('/')
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'))
}

/**
 * An import that reaches into a folder without going through its `index.ts`: the deepest folder
 * holding an `index.ts` that contains the target must also contain the importer, unless the
 * target is that index itself. Sub-folders without an index of their own are rooms of the same
 * stage, so files of one stage may import each other directly.
 */
export function skipsIndex(edge: ImportEdge, hasIndex: (folder: string) => boolean): boolean {
  if (edge.to.endsWith('/index.ts')) return false
  const stage = foldersOf(edge.to).filter(hasIndex).at(-1)
  if (stage === undefined) return false
  return !edge.from.startsWith(`${stage}/`)
}

/** Strongly connected groups of more than one file (Tarjan), each sorted, sorted by first file. */
export function findCycles(edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>()
  for (const { from, to } of edges) {
    if (!next.has(to)) next.set(to, [])
    next.set(from, [...(next.get(from) ?? []), to])
  }
  let counter = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  const visit = (v: string): void => {
    index.set(v, counter)
    low.set(v, counter)
    counter++
    stack.push(v)
    onStack.add(v)
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        group.push(w)
      } while (w !== v)
      if (group.length > 1) cycles.push(group.sort())
    }
  }
  for (const v of next.keys()) if (!index.has(v)) visit(v)
  return cycles.sort((a, b) => a[0]!.localeCompare(b[0]!))
}

/** Every file reachable from `entries` through static imports (dynamic ones load on use). */
export function staticClosure(entries: string[], edges: ImportEdge[]): Set<string> {
  const next = new Map<string, string[]>()
  for (const e of edges) if (!e.dynamic) next.set(e.from, [...(next.get(e.from) ?? []), e.to])
  const seen = new Set<string>()
  const todo = [...entries]
  while (todo.length > 0) {
    const file = todo.pop()!
    if (seen.has(file)) continue
    seen.add(file)
    todo.push(...(next.get(file) ?? []))
  }
  return seen
}

/** Lines of comments (doc comments' examples included) are not code. */
export function isCommentLine(line: string): boolean {
  return /^\s*(\/\/|\/\*|\*)/.test(line)
}

/** `path:line` for each line of `text` matching one of `patterns`, comments and `allowed` aside. */
export function findLines(file: SourceFile, patterns: RegExp[], allowed?: RegExp): string[] {
  const found: string[] = []
  file.text.split('\n').forEach((line, i) => {
    if (isCommentLine(line) || (allowed && allowed.test(line))) return
    if (patterns.some((p) => p.test(line))) found.push(`${file.path}:${i + 1}`)
  })
  return found
}
