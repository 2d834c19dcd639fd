// The threat table in docs/security.md names the test that holds off each threat; a renamed or
// deleted test must fail here rather than leave the table pointing at nothing.
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'

const ROOT = new URL('../../', import.meta.url)

interface TestRef {
  threat: string
  file: string
  name: string
}

function testRefs(doc: string): TestRef[] {
  const refs: TestRef[] = []
  for (const row of doc.matchAll(/^\|\s*(T\d+)\s*\|.*$/gm)) {
    for (const ref of row[0].matchAll(/`(test\/[^`]+\.test\.ts)`\s*›\s*`([^`]+)`/g)) {
      refs.push({ threat: row[1]!, file: ref[1]!, name: ref[2]! })
    }
  }
  return refs
}

/** True when `source` has `name` as a whole quoted string, as a test title is written. */
function hasTitle(source: string, name: string): boolean {
  return ["'", '"', '`'].some((quote) => source.includes(quote + name + quote))
}

describe('docs/security.md', () => {
  it('maps every threat to at least one test, and every named test exists', async () => {
    const doc = await readFile(new URL('docs/security.md', ROOT), 'utf8')
    const threats = [...doc.matchAll(/^\|\s*(T\d+)\s*\|/gm)].map((m) => m[1]!)
    const refs = testRefs(doc)
    expect(threats.length).toBeGreaterThan(30)
    expect(new Set(threats).size).toBe(threats.length)
    expect(threats.filter((t) => !refs.some((r) => r.threat === t))).toEqual([])

    const missing: string[] = []
    for (const ref of refs) {
      const source = await readFile(new URL(ref.file, ROOT), 'utf8').catch(() => undefined)
      if (source === undefined || !hasTitle(source, ref.name)) {
        missing.push(`${ref.threat}: ${ref.file} › ${ref.name}`)
      }
    }
    expect(missing).toEqual([])
  })
})
