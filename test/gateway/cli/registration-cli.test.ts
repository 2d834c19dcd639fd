// The joining commands as a person runs them: `directory init`, `directory serve --dir`, `register`,
// `directory requests | approve | reject`, each a real `kopuro` process against a real authority.
import { X509Certificate } from 'node:crypto'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { directoryRejectCommand } from '#gateway/cli/directory-registrations.js'
import { directoryServeCommand } from '#gateway/cli/directory-serve.js'
import { registerCommand } from '#gateway/cli/register.js'
import {
  federationFolderPaths,
  type FederationFolderPaths,
} from '#gateway/directory/authority/index.js'
import { verifyDirectory, type DirectoryAnchor } from '#gateway/directory/index.js'
import { createNodeFolder, type NodeFolder } from '../../support/node-folder.js'
import { freePort } from '../../support/ports.js'
import { runCli } from '../../support/run-cli.js'

const NO_TOKEN = { KOPURO_DIRECTORY_TOKEN: '' }

let root: string
let fed: FederationFolderPaths
let url: string
let stop: () => void
let served: Promise<number>

async function init(dir: string, port: number) {
  return runCli([
    'directory',
    'init',
    dir,
    '--instance',
    'KG',
    '--public-url',
    `http://127.0.0.1:${port}`,
    '--member-class',
    'COM=Commercial companies',
    '--member-class',
    'GOV=Government agencies',
  ])
}

/** Every file `directory init` makes, as bytes. */
async function folderBytes(paths: FederationFolderPaths): Promise<Record<string, string>> {
  const files = [
    paths.authorityConfig,
    paths.anchor,
    paths.caKey,
    paths.caCert,
    paths.directoryKey,
    paths.adminKey,
    paths.stateFile,
  ]
  return Object.fromEntries(
    await Promise.all(files.map(async (f) => [f, await readFile(f, 'utf8')] as const)),
  )
}

beforeAll(async () => {
  // The operator commands run in this process too: a token in the developer's shell must not count.
  vi.stubEnv('KOPURO_DIRECTORY_TOKEN', '')
  root = await mkdtemp(join(tmpdir(), 'kopuro-join-cli-'))
  const port = await freePort()
  const dir = join(root, 'federation')
  expect((await init(dir, port)).code).toBe(0)
  fed = federationFolderPaths(dir)
  const lines: string[] = []
  const stopped = new Promise<void>((resolve) => (stop = resolve))
  served = directoryServeCommand({ dir }, { log: (s) => lines.push(s), error: () => {} }, stopped)
  let exited = false
  void served.finally(() => (exited = true))
  while (lines.length === 0 && !exited) await new Promise((resolve) => setImmediate(resolve))
  url = (JSON.parse(lines[0]!) as { url: string }).url
}, 240_000)

afterAll(async () => {
  vi.unstubAllEnvs()
  stop?.()
  expect(await served).toBe(0)
})

async function nodeFolder(member: string, host: string): Promise<NodeFolder> {
  const anchor = JSON.parse(await readFile(fed.anchor, 'utf8')) as DirectoryAnchor
  return createNodeFolder({
    member,
    node: 'gw1',
    host,
    memberName: 'Bank',
    anchor,
    clients: ['kyc-app'],
  })
}

function capture() {
  const lines: string[] = []
  const errors: string[] = []
  return {
    lines,
    errors,
    out: { log: (s: string) => lines.push(s), error: (s: string) => errors.push(s) },
  }
}

async function registrationOf(folder: NodeFolder): Promise<{ id: string; status: string }> {
  return JSON.parse(await readFile(folder.paths.registration, 'utf8')) as {
    id: string
    status: string
  }
}

describe('kopuro directory init', () => {
  it('makes the federation folder owner-only, the CA in the first directory', async () => {
    expect((await stat(fed.dir)).mode & 0o777).toBe(0o700)
    for (const key of [fed.caKey, fed.directoryKey, fed.adminKey]) {
      expect((await stat(key)).mode & 0o777).toBe(0o600)
    }
    const anchor = JSON.parse(await readFile(fed.anchor, 'utf8')) as DirectoryAnchor
    expect(anchor.sources).toEqual([`${url}/directory`])
    const doc = await verifyDirectory(await (await fetch(`${url}/directory`)).text(), anchor)
    expect(doc.federationCas).toEqual([await readFile(fed.caCert, 'utf8')])
    expect(doc.memberClasses.map((c) => c.code)).toEqual(['COM', 'GOV'])
  })

  it('keeps every key and file byte for byte when run again', async () => {
    const dir = join(root, 'twice')
    const port = await freePort()
    expect((await init(dir, port)).code).toBe(0)
    const paths = federationFolderPaths(dir)
    const first = await folderBytes(paths)
    const again = await init(dir, port)
    expect(again.code).toBe(0)
    expect(again.stdout).toContain(`kept ${paths.caCert}`)
    expect(await folderBytes(paths)).toEqual(first)
  })
})

describe('kopuro register, directory requests, approve, reject', () => {
  it('sends the request once, lists it for the operator, and installs the approved certificate', async () => {
    const bank = await nodeFolder('KG/COM/10000003', '127.0.0.30')
    const sent = await runCli(['register', '--dir', bank.dir, '--authority', url])
    expect([sent.code, sent.stderr]).toEqual([0, ''])
    const { id, status } = await registrationOf(bank)
    expect(status).toBe('pending')

    const again = await runCli(['register', '--dir', bank.dir])
    expect(again.code).toBe(0)
    expect(again.stdout).toContain(`registration ${id} was sent before`)

    const listed = await runCli(['directory', 'requests', '--dir', fed.dir], NO_TOKEN)
    expect([listed.code, listed.stderr]).toEqual([0, ''])
    const [header, ...rows] = listed.stdout.trim().split('\n')
    expect(header).toMatch(/^ID +MEMBER +NODE +HOST +TLS KEY SHA-256 +SIGNING KID +RECEIVED$/)
    const row = rows.filter((r) => r.includes('KG/COM/10000003'))
    expect(row).toHaveLength(1)
    const signing = JSON.parse(await readFile(bank.paths.signingKey, 'utf8')) as { kid: string }
    expect(row[0]!.split(/ +/).slice(0, 6)).toEqual([
      id,
      'KG/COM/10000003',
      'gw1',
      '127.0.0.30',
      expect.stringMatching(/^[0-9a-f]{64}$/),
      signing.kid,
    ])

    const approved = await runCli(['directory', 'approve', id, '--dir', fed.dir], NO_TOKEN)
    expect([approved.code, approved.stderr]).toEqual([0, ''])
    expect(approved.stdout).toMatch(new RegExp(`^approved ${id}: KG/COM/10000003/gw1`))

    const installed = await runCli(['register', '--dir', bank.dir, '--wait'])
    expect([installed.code, installed.stderr]).toEqual([0, ''])
    const chain = await readFile(bank.paths.tlsCert, 'utf8')
    const leaf = new X509Certificate(chain)
    const ca = new X509Certificate(await readFile(fed.caCert, 'utf8'))
    expect(leaf.verify(ca.publicKey)).toBe(true)
    expect(leaf.subject).toBe('CN=KG/COM/10000003/gw1')
    const anchor = JSON.parse(await readFile(bank.paths.anchor, 'utf8')) as DirectoryAnchor
    const cached = await verifyDirectory(await readFile(bank.paths.directoryCache, 'utf8'), anchor)
    const node = cached.members.find((m) => m.id === 'KG/COM/10000003')?.nodes[0]
    expect(node?.tlsFingerprint).toBe(leaf.fingerprint256.replaceAll(':', '').toLowerCase())
    expect(await registrationOf(bank)).toMatchObject({ id, status: 'approved' })
  })

  it('ends register --wait with exit 1 and the reason once the operator rejects', async () => {
    const folder = await nodeFolder('KG/COM/10000004', '127.0.0.40')
    expect(await registerCommand({ dir: folder.dir }, capture().out)).toBe(0)
    const { id } = await registrationOf(folder)
    const reason = 'no contract with the federation'
    const operator = capture()
    expect(await directoryRejectCommand(id, { dir: fed.dir, reason }, operator.out)).toBe(0)
    expect(operator.lines).toEqual([`rejected ${id}`])
    const member = capture()
    expect(await registerCommand({ dir: folder.dir, wait: true }, member.out)).toBe(1)
    expect(member.errors).toEqual([`register: rejected: ${reason}`])
    expect(await registrationOf(folder)).toMatchObject({ id, status: 'rejected', reason })
  })

  it('exits 2 naming the CA key file when the federation folder has none, and makes none', async () => {
    const dir = join(root, 'no-ca-key')
    expect((await init(dir, await freePort())).code).toBe(0)
    const paths = federationFolderPaths(dir)
    await rm(paths.caKey)
    const id = `reg_${'a'.repeat(26)}`
    const res = await runCli(['directory', 'approve', id, '--dir', dir], NO_TOKEN)
    expect(res.code).toBe(2)
    expect(res.stderr).toContain(paths.caKey)
    await expect(stat(paths.caKey)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('exits 2 naming a missing node folder file, and 3 when the authority is unreachable', async () => {
    const folder = await nodeFolder('KG/COM/10000005', '127.0.0.50')
    await rm(folder.paths.tlsCsr)
    const missing = capture()
    expect(await registerCommand({ dir: folder.dir }, missing.out)).toBe(2)
    expect(missing.errors.join('\n')).toContain(folder.paths.tlsCsr)
    const other = await nodeFolder('KG/COM/10000006', '127.0.0.60')
    const closed = `http://127.0.0.1:${await freePort()}`
    expect(await registerCommand({ dir: other.dir, authority: closed }, capture().out)).toBe(3)
    await expect(stat(other.paths.registration)).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
