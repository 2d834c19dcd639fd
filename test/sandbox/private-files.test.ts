// `npm start`'s preparation and its sandbox.json writer: owner-only files under umask 000, and an
// older sandbox folder left readable is narrowed by the next preparation.
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prepareFederation } from '#sandbox/prepare-federation.js'
import { writeSandboxFile, type SandboxDescription } from '#sandbox/sandbox-file.js'
import { sandboxPlan, sandboxUrls } from '#sandbox/sandbox-plan.js'
import { isPublicPkiFile, listModes, notPrivate, underOpenUmask } from '../support/file-modes.js'

underOpenUmask()

let root: string
const BASE = 14_700
const urls = sandboxUrls(BASE)
const isPublic = (path: string) => path.startsWith('pki/') && isPublicPkiFile(path)

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kopuro-sandbox-modes-'))
})
afterAll(() => rm(root, { recursive: true, force: true }))

/** What start.ts does before it spawns anything: prepare, then describe the run. */
async function prepare(dir: string): Promise<void> {
  await prepareFederation(dir, sandboxPlan(BASE), {
    authority: { url: urls.authority, mirrorUrl: urls.mirror },
  })
  const description = {
    startedAt: new Date().toISOString(),
    portBase: BASE,
    control: { url: urls.control, token: 'control-token' },
    roleTokens: { 'KG/GOV/70000001': { admin: 'a', auditor: 'b' } },
  } as unknown as SandboxDescription
  await writeSandboxFile(join(dir, 'sandbox.json'), description)
}

describe('sandbox preparation file modes', () => {
  it('writes keys, configs, the registry and sandbox.json owner-only', async () => {
    const dir = join(root, 'fresh', '.kopuro')
    await prepare(dir)
    const entries = await listModes(dir)
    const paths = entries.map((e) => e.path)
    for (const written of [
      'sandbox.json',
      'directory/registry.json',
      'directory/changes/segment-000001.jsonl',
      'directory/anchor.json',
      'gateways/KG_COM_10000001_gw1.json',
      'log-keys/KG_COM_10000001_gw1.private.jwk.json',
      'tokens/KG_COM_10000001.private.jwk.json',
      'tracker/KG_COM_10000001.key.jwk.json',
      'pki/nodes/KG_COM_10000001_gw1/tls.key.pem',
    ]) {
      expect(paths).toContain(written)
    }
    expect(notPrivate(entries, isPublic)).toEqual([])
    expect((await stat(dir)).mode & 0o777).toBe(0o700)
  })

  it('narrows what an older sandbox left readable when it is prepared again', async () => {
    const dir = join(root, 'older')
    await prepare(dir)
    for (const entry of await listModes(dir)) {
      await chmod(join(dir, entry.path), entry.kind === 'dir' ? 0o755 : 0o644)
    }
    await chmod(dir, 0o755)
    await prepare(dir)
    expect(notPrivate(await listModes(dir), isPublic)).toEqual([])
    expect((await stat(dir)).mode & 0o777).toBe(0o700)
  })
})
