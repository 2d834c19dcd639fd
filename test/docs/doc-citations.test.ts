// Comments cite the design and the other documents by section; a citation of a section that does
// not exist, or of a document outside the repo, fails here (docs/design.md §9).
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = new URL('../../', import.meta.url).pathname
const SOURCE_DIRS = ['gateway', 'services', 'sandbox', 'certs', 'contracts', 'test']
const SOURCE = /\.(ts|tsx|js|mjs)$/
/** `docs/protocol.md §3.5` or `docs/operations.md, Metrics` (a heading's words). */
const CITATION = /docs\/([a-z-]+\.md)(?: §(\d+(?:\.\d+)*)|, ([A-Z][A-Za-z-]*(?: [A-Za-z-]+)*))?/g
/** The design notes the project started from are not part of it: nothing may cite them. */
const OUTSIDE = /\b(?:DESIGN|STYLE|PERFORMANCE|REFERENCES)(?:\.md)?\b(?! ?=)/

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true })
  return entries
    .filter((e) => e.isFile() && SOURCE.test(e.name) && !e.parentPath.includes('node_modules'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
}

/** Heading numbers (`3.5`) and heading texts, lower-cased, of one document. */
async function headings(
  doc: string,
): Promise<{ numbers: Set<string>; texts: string[] } | undefined> {
  const text = await readFile(join(ROOT, 'docs', doc), 'utf8').catch(() => undefined)
  if (text === undefined) return undefined
  const lines = [...text.matchAll(/^#{1,4} (.+)$/gm)].map((m) => m[1]!)
  const numbers = new Set(lines.flatMap((l) => /^(\d+(?:\.\d+)*)\.? /.exec(l)?.[1] ?? []))
  return { numbers, texts: lines.map((l) => l.toLowerCase()) }
}

describe('citations in comments', () => {
  it('name documents and sections that exist in docs/, and nothing outside the repo', async () => {
    const files = (await Promise.all(SOURCE_DIRS.map(sourceFiles))).flat()
    const docs = new Map<string, Awaited<ReturnType<typeof headings>>>()
    const wrong: string[] = []
    let cited = 0
    for (const file of files) {
      if (file === 'test/docs/doc-citations.test.ts') continue
      const lines = (await readFile(join(ROOT, file), 'utf8')).split('\n')
      for (const [i, line] of lines.entries()) {
        const at = `${file}:${i + 1}`
        if (/\/\/|\/\*|^\s*\*/.test(line) && OUTSIDE.test(line)) wrong.push(`${at}: ${line.trim()}`)
        for (const m of line.matchAll(CITATION)) {
          cited++
          const [, doc, section, words] = m
          if (!docs.has(doc!)) docs.set(doc!, await headings(doc!))
          const found = docs.get(doc!)
          const ok =
            found !== undefined &&
            (section === undefined || found.numbers.has(section)) &&
            (words === undefined || found.texts.some((t) => t.includes(words.toLowerCase())))
          if (!ok) wrong.push(`${at}: ${m[0]}`)
        }
      }
    }
    expect(cited).toBeGreaterThan(50)
    expect(wrong).toEqual([])
  })
})
