// The sandbox registers each node's log key with the authority, also into a registry from before
// log keys were registered, so the witness can check every node's heads against the directory.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RegistryState } from '#gateway/directory/authority/index.js'
import { logKeyFile, prepareFederation } from '#sandbox/prepare-federation.js'
import { sandboxPlan, sandboxUrls } from '#sandbox/sandbox-plan.js'
import { authorityFiles } from '#sandbox/seed-authority.js'

const BASE = 15_700
const urls = sandboxUrls(BASE)
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kopuro-seed-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const prepare = () =>
  prepareFederation(dir, sandboxPlan(BASE), {
    authority: { url: urls.authority, mirrorUrl: urls.mirror },
  })

async function registry(): Promise<RegistryState> {
  return JSON.parse(await readFile(authorityFiles(dir).stateFile, 'utf8')) as RegistryState
}

async function logKeyX(nodeId: string): Promise<string> {
  return (JSON.parse(await readFile(logKeyFile(dir, nodeId), 'utf8')) as { x: string }).x
}

describe('seeding the sandbox authority', () => {
  it('registers every node with its own log key, and publishes it in the directory file', async () => {
    const prepared = await prepare()
    const state = await registry()
    expect(state.nodes.length).toBe(prepared.nodes.length)
    for (const node of state.nodes) {
      expect(node.logKey, node.id).toMatchObject({ kty: 'OKP', crv: 'Ed25519' })
      expect(node.logKey!.x).toBe(await logKeyX(node.id))
    }
    const jws = await readFile(prepared.directoryFile, 'utf8')
    const document = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString())
    expect(document.members[0].nodes[0].logKey.x).toBe(state.nodes[0]!.logKey!.x)
  })

  it('adds the log keys to a registry that has its nodes without one, once', async () => {
    const state = await registry()
    for (const node of state.nodes) delete node.logKey
    await writeFile(authorityFiles(dir).stateFile, JSON.stringify(state))
    await prepare()
    const seeded = await registry()
    for (const node of seeded.nodes) expect(node.logKey!.x).toBe(await logKeyX(node.id))
    const serial = seeded.lastSerial
    await prepare()
    // Nothing left to change: only the opening publication moved the serial on.
    expect((await registry()).lastSerial).toBe(serial + 1)
  })
})
