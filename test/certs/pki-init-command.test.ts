// `kopuro pki init` prints one line per item and a summary, and reports failure by exit code:
// 2 for a layout it cannot use, 1 when generation itself fails.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { pkiInitCommand } from '#gateway/cli/pki-init.js'

const LAYOUT = {
  instance: 'KG',
  members: [{ id: 'KG/COM/10000001', nodes: [{ code: 'gw1' }], clients: ['kyc-app'] }],
}

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kopuro-pki-cli-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('pkiInitCommand', () => {
  it('logs progress and a summary, returning 0', async () => {
    const lines: string[] = []
    expect(await pkiInitCommand(dir, LAYOUT, { log: (s) => lines.push(s) })).toBe(0)
    expect(lines).toContainEqual(expect.stringContaining('created root CA'))
    expect(lines.at(-1)).toMatch(
      /^PKI for KG ready in .*: 1 members, 1 gateway nodes, 1 client keys/,
    )
  })

  it('returns 2 with a message for a bad layout, before generating anything', async () => {
    const lines: string[] = []
    const bad = { instance: 'K G', members: [] }
    expect(await pkiInitCommand(dir, bad, { log: (s) => lines.push(s) })).toBe(2)
    expect(lines).toEqual([expect.stringMatching(/^pki init failed: PKI layout/)])
    expect(await readdir(dir)).toEqual([])
  })

  it('returns 2 for a layout file it cannot read, on the error output', async () => {
    const lines = { log: [] as string[], error: [] as string[] }
    const out = { log: (s: string) => lines.log.push(s), error: (s: string) => lines.error.push(s) }
    expect(await pkiInitCommand(dir, join(dir, 'missing.json'), out)).toBe(2)
    expect(lines).toEqual({ log: [], error: [expect.stringMatching(/cannot read the layout/)] })
  })

  it('returns 1 when generation fails', async () => {
    const lines: string[] = []
    const file = join(dir, 'not-a-dir')
    await writeFile(file, '')
    expect(await pkiInitCommand(file, LAYOUT, { log: (s) => lines.push(s) })).toBe(1)
    expect(lines).toEqual([expect.stringMatching(/^pki init failed: /)])
  })
})
