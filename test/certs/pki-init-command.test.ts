// `kopuro pki init` prints one line per item and a summary, and reports failure by exit code.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { pkiInitCommand } from '../../gateway/cli/pki-init.js'

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

  it('returns 1 with a message for a bad layout', async () => {
    const lines: string[] = []
    const bad = { instance: 'K G', members: [] }
    expect(await pkiInitCommand(dir, bad, { log: (s) => lines.push(s) })).toBe(1)
    expect(lines).toEqual([expect.stringMatching(/^pki init failed: PKI layout/)])
  })
})
