// initPki writes a whole federation's PKI, keeps what exists and only adds what is missing.
import { X509Certificate } from 'node:crypto'
import { mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  DEFAULT_SANDBOX_LAYOUT,
  caKeyPath,
  certificateFingerprint,
  clientKeyPaths,
  initPki,
  loadPkiManifest,
  memberSigningKeyPaths,
  nodeTlsPaths,
  resolvePkiPath,
} from '#certs/index.js'
import type { PkiLayout, PkiManifest } from '#certs/index.js'

const LAYOUT: PkiLayout = {
  instance: 'KG',
  members: [
    { id: 'KG/GOV/70000001', nodes: [{ code: 'gw1' }, { code: 'gw2' }], clients: [] },
    { id: 'KG/COM/10000001', nodes: [{ code: 'gw1' }], clients: ['kyc-app'] },
  ],
}

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kopuro-pki-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function run(layout: PkiLayout): Promise<{ manifest: PkiManifest; steps: string[] }> {
  const steps: string[] = []
  const manifest = await initPki(dir, layout, { onProgress: (step) => steps.push(step) })
  return { manifest, steps }
}

async function mode(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777
}

describe('initPki', () => {
  it('writes every item of the layout and a manifest that describes it', async () => {
    const { manifest } = await run(LAYOUT)
    expect(await loadPkiManifest(dir)).toEqual(manifest)
    expect(manifest.directoryKey.alg).toBe('EdDSA')
    expect(manifest.members.map((m) => m.id)).toEqual(['KG/GOV/70000001', 'KG/COM/10000001'])

    const [population, bank] = manifest.members
    expect(population!.nodes.map((n) => n.id)).toEqual([
      'KG/GOV/70000001/gw1',
      'KG/GOV/70000001/gw2',
    ])
    expect(bank!.clients).toMatchObject([{ id: 'KG/COM/10000001/kyc-app', alg: 'ES256' }])

    const node = population!.nodes[0]!
    expect(resolvePkiPath(dir, node.certFile)).toBe(nodeTlsPaths(dir, node.id).cert)
    const certPem = await readFile(nodeTlsPaths(dir, node.id).cert, 'utf8')
    expect(node.fingerprint256).toBe(certificateFingerprint(certPem))
    expect(node.serialNumber).toBe(new X509Certificate(certPem).serialNumber.toLowerCase())
    const chain = await readFile(nodeTlsPaths(dir, node.id).chain, 'utf8')
    expect(chain.match(/BEGIN CERTIFICATE/g)).toHaveLength(2)

    const signing = JSON.parse(
      await readFile(memberSigningKeyPaths(dir, bank!.id).publicJwk, 'utf8'),
    )
    expect(signing).toMatchObject({ kid: bank!.signingKey.kid, alg: 'ES256', use: 'sig' })
    expect(signing).not.toHaveProperty('d')
  })

  it('writes private files with mode 0600', async () => {
    await run(LAYOUT)
    const privateFiles = [
      caKeyPath(dir),
      nodeTlsPaths(dir, 'KG/GOV/70000001/gw2').key,
      memberSigningKeyPaths(dir, 'KG/GOV/70000001').privateJwk,
      clientKeyPaths(dir, 'KG/COM/10000001/kyc-app').privateJwk,
      join(dir, 'federation', 'directory-key.private.jwk.json'),
    ]
    for (const file of privateFiles) expect(await mode(file)).toBe(0o600)
    expect(await mode(nodeTlsPaths(dir, 'KG/GOV/70000001/gw2').cert)).toBe(0o644)
  })

  it('is idempotent: a second run keeps every key, certificate and fingerprint', async () => {
    const first = await run(LAYOUT)
    const keyBefore = await readFile(caKeyPath(dir), 'utf8')
    const second = await run(LAYOUT)
    expect(second.manifest).toEqual(first.manifest)
    expect(second.steps.every((step) => step.startsWith('kept'))).toBe(true)
    expect(await readFile(caKeyPath(dir), 'utf8')).toBe(keyBefore)
  })

  it('adding a member creates only that member', async () => {
    const first = await run(LAYOUT)
    const watchdog = { id: 'KG/NGO/20000001', nodes: [{ code: 'gw1' }], clients: ['watch-app'] }
    const grown = await run({ ...LAYOUT, members: [...LAYOUT.members, watchdog] })
    expect(grown.manifest.members.slice(0, 2)).toEqual(first.manifest.members)
    expect(grown.manifest.ca).toEqual(first.manifest.ca)
    expect(grown.manifest.directoryKey).toEqual(first.manifest.directoryKey)
    const changed = grown.steps.filter((step) => !step.startsWith('kept'))
    expect(changed).toHaveLength(3)
    for (const step of changed) expect(step).toContain('KG/NGO/20000001')
  })

  it('reissues only a node whose hostnames changed or whose files went missing', async () => {
    const first = await run(LAYOUT)
    const moved = structuredClone(LAYOUT)
    moved.members[1]!.nodes[0]!.hostnames = ['gw1.bank.kg']
    await unlink(nodeTlsPaths(dir, 'KG/GOV/70000001/gw2').key)
    const second = await run(moved)
    const changed = second.steps.filter((step) => !step.startsWith('kept'))
    expect(changed).toEqual([
      expect.stringMatching(/^issued TLS certificate of KG\/GOV\/70000001\/gw2/),
      expect.stringMatching(
        /^reissued \(hostnames changed\) TLS certificate of KG\/COM\/10000001\/gw1/,
      ),
    ])
    const [before, after] = [first.manifest.members, second.manifest.members]
    expect(after[0]!.nodes[0]).toEqual(before[0]!.nodes[0])
    expect(after[1]!.nodes[0]!.fingerprint256).not.toBe(before[1]!.nodes[0]!.fingerprint256)
    expect(after[1]!.signingKey).toEqual(before[1]!.signingKey)
  })

  it('never overwrites a damaged private key or half a CA', async () => {
    await run(LAYOUT)
    const signingKey = memberSigningKeyPaths(dir, 'KG/GOV/70000001').privateJwk
    await writeFile(signingKey, '{"oops":')
    await expect(run(LAYOUT)).rejects.toThrow(/not valid JSON/)
    expect(await readFile(signingKey, 'utf8')).toBe('{"oops":')
    await unlink(caKeyPath(dir))
    await expect(run(LAYOUT)).rejects.toThrow(/Only one of ca\/root.cert.pem and ca\/root.key.pem/)
  })

  it('refuses a malformed layout before touching the disk', async () => {
    const bad = { instance: 'KG', members: [{ id: 'EE/GOV/1', nodes: [], clients: [] }] }
    await expect(initPki(join(dir, 'never'), bad)).rejects.toThrow(TypeError)
    const dup = { instance: 'KG', members: [{ id: 'KG/GOV/1', nodes: [], clients: ['a', 'a'] }] }
    await expect(initPki(join(dir, 'never'), dup)).rejects.toThrow(TypeError)
    await expect(stat(join(dir, 'never'))).rejects.toThrow()
    await expect(loadPkiManifest(dir)).rejects.toThrow(/kopuro pki init/)
  })

  it('generates the default sandbox layout quickly', async () => {
    const started = performance.now()
    const { manifest } = await run(DEFAULT_SANDBOX_LAYOUT)
    const elapsed = performance.now() - started
    expect(manifest.members).toHaveLength(DEFAULT_SANDBOX_LAYOUT.members.length)
    expect(manifest.members.flatMap((m) => m.nodes)).toHaveLength(10)
    expect(elapsed).toBeLessThan(5_000)
  })
})
