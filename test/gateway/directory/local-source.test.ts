// A directory source that is a local file is bounded like a remote one (docs/design.md §3).
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DirectorySourceError, fetchDirectory } from '#gateway/directory/index.js'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kopuro-local-source-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const unusedFetch = () => Promise.reject(new Error('a local source is never fetched'))

describe('local directory source', () => {
  it('reads a file at the limit whole, by path and by file:// URL', async () => {
    const path = join(dir, 'at-limit.jws')
    await writeFile(path, 'a'.repeat(1024))
    for (const source of [path, `file://${path}`]) {
      const { jws } = await fetchDirectory(source, {
        fetch: unusedFetch,
        timeoutMs: 1000,
        maxBytes: 1024,
      })
      expect(jws).toHaveLength(1024)
    }
  })

  it('refuses a file one byte over the limit as too_large', async () => {
    const path = join(dir, 'over-limit.jws')
    await writeFile(path, 'a'.repeat(1025))
    const refusal = await fetchDirectory(path, {
      fetch: unusedFetch,
      timeoutMs: 1000,
      maxBytes: 1024,
    }).catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(DirectorySourceError)
    expect((refusal as DirectorySourceError).code).toBe('too_large')
  })
})
