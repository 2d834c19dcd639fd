// The directory authority and a mirror on real loopback listeners, driven through the CLI functions.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSigningKey, initPki, resolvePkiPath, type PkiManifest } from '#certs/index.js'
import {
  startAuthority,
  startMirror,
  type RunningAuthority,
  type RunningMirror,
} from '#gateway/directory/authority/index.js'
import { verifyDirectory, type DirectoryAnchor } from '#gateway/directory/index.js'
import { Command } from 'commander'
import { directoryAdminCommand } from '#gateway/cli/directory-admin.js'
import { addDirectoryCommands } from '#gateway/cli/directory-commands.js'
import { directoryServeCommand } from '#gateway/cli/directory-serve.js'
import { directoryTokenCommand } from '#gateway/cli/directory-token.js'

const AGENCY = 'KG/GOV/70000001'
const INIT = { instance: 'KG', memberClasses: [{ code: 'GOV', description: 'Government' }] }

let dir: string
let pki: PkiManifest
let anchor: DirectoryAnchor
let authority: RunningAuthority
let mirror: RunningMirror
let token: string
const extra: { close(): Promise<unknown> }[] = []

function capture() {
  const lines: string[] = []
  const errors: string[] = []
  return {
    lines,
    errors,
    out: { log: (s: string) => lines.push(s), error: (s: string) => errors.push(s) },
  }
}

const pkiFile = (relative: string) => resolvePkiPath(join(dir, 'pki'), relative)

function authorityOptions(port = 0) {
  return {
    stateFile: join(dir, 'authority', 'registry.json'),
    directoryKeyFile: pkiFile(pki.directoryKey.privateJwkFile),
    init: INIT,
    port,
  }
}

async function admin(action: string, params: Record<string, string>, bearer = token) {
  const { out, lines, errors } = capture()
  const code = await directoryAdminCommand(
    action,
    params,
    { authority: authority.url, token: bearer },
    out,
  )
  return { code, lines, errors }
}

async function fetchJws(url: string): Promise<string> {
  const res = await fetch(`${url}/directory`)
  expect(res.status).toBe(200)
  return res.text()
}

/** A source under the test's control: serves whatever JWS it is given. */
async function staticSource(): Promise<{ url: string; serve(jws: string): void; server: Server }> {
  let body = ''
  const server = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/jose' }).end(body),
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  extra.push({ close: () => new Promise((resolve) => server.close(resolve)) })
  return { url: `http://127.0.0.1:${port}/directory`, serve: (jws) => (body = jws), server }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kopuro-e2e-directory-'))
  pki = await initPki(join(dir, 'pki'), {
    instance: 'KG',
    members: [{ id: AGENCY, name: 'Agency', nodes: [{ code: 'gw1' }], clients: [] }],
  })
  const publicKey = JSON.parse(await readFile(pkiFile(pki.directoryKey.publicJwkFile), 'utf8'))
  authority = await startAuthority(authorityOptions())
  anchor = { instance: 'KG', keys: [publicKey], sources: [`${authority.url}/directory`] }
  mirror = await startMirror({ from: anchor.sources, anchor, pollMs: 50, port: 0 })
  const { out, lines } = capture()
  expect(
    await directoryTokenCommand({ state: authorityOptions().stateFile, subject: 'alice' }, out),
  ).toBe(0)
  token = lines[0]!
})

afterAll(async () => {
  await Promise.all(extra.map((e) => e.close()))
  await mirror?.close()
  await authority?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('authority and mirror', () => {
  it('the mirror serves the authority document byte for byte, and it verifies', async () => {
    expect(mirror.first).toMatchObject({ outcome: 'updated' })
    const fromMirror = await fetchJws(mirror.url)
    expect(fromMirror).toBe(await fetchJws(authority.url))
    expect((await verifyDirectory(fromMirror, anchor)).serial).toBe(
      authority.authority.current().serial,
    )
  })

  it('after a change at the authority, the mirror serves the new serial within one poll', async () => {
    const member = pki.members[0]!
    const steps: [string, Record<string, string>][] = [
      ['add-ca', { certFile: pkiFile(pki.ca.certFile) }],
      ['register-member', { id: AGENCY, name: 'Agency' }],
      ['register-key', { member: AGENCY, jwkFile: pkiFile(member.signingKey.privateJwkFile) }],
      [
        'register-node',
        {
          id: `${AGENCY}/gw1`,
          federationUrl: 'https://127.0.0.1:8443',
          certFile: pkiFile(member.nodes[0]!.certFile),
        },
      ],
      ['approve', { kind: 'member', id: AGENCY }],
      ['approve', { kind: 'key', id: member.signingKey.kid }],
      ['approve', { kind: 'node', id: `${AGENCY}/gw1` }],
    ]
    for (const [action, params] of steps) {
      const result = await admin(action, params)
      expect(result, action).toMatchObject({ code: 0, errors: [] })
    }
    const serial = authority.authority.current().serial
    const polled = await mirror.nextPoll()
    expect(polled).toMatchObject({ serial })
    const doc = await verifyDirectory(await fetchJws(mirror.url), anchor)
    expect(doc.serial).toBe(serial)
    expect(doc.members[0]).toMatchObject({
      id: AGENCY,
      signingKeys: [{ jwk: { kid: member.signingKey.kid } }],
      nodes: [{ code: 'gw1', tlsFingerprint: member.nodes[0]!.fingerprint256 }],
    })
    // The private key file was given, but only its public half was sent and published.
    expect(doc.members[0]!.signingKeys[0]!.jwk).not.toHaveProperty('d')
  })

  it('the admin CLI reports refusals: wrong role, bad input, and lists the registry', async () => {
    const { out, lines } = capture()
    await directoryTokenCommand(
      { state: authorityOptions().stateFile, subject: 'eve', role: 'observer' },
      out,
    )
    const refused = await admin('register-member', { id: 'KG/GOV/70000002', name: 'X' }, lines[0]!)
    expect(refused.code).toBe(1)
    expect(refused.errors[0]).toContain('403 forbidden')
    expect((await admin('register-member', { id: 'KG/GOV/70000002' })).code).toBe(2)
    expect((await admin('approve', { kind: 'member', id: 'KG/GOV/70000099' })).errors[0]).toContain(
      '404 unknown_item',
    )
    const list = await admin('list', {})
    expect(JSON.parse(list.lines[0]!).members.map((m: { id: string }) => m.id)).toEqual([AGENCY])
  })

  it("the admin CLI sets a node's log key from a key file, sending only its public half", async () => {
    const node = `${AGENCY}/gw1`
    const missing = await admin('rotate-log-key', { id: node })
    expect(missing).toMatchObject({ code: 2, errors: [expect.stringContaining('--log-key-file')] })
    const { privateJwk } = await createSigningKey({ alg: 'EdDSA' })
    const logKeyFile = join(dir, 'gw1-log-key.private.jwk.json')
    await writeFile(logKeyFile, JSON.stringify(privateJwk))
    expect(await admin('rotate-log-key', { id: node, logKeyFile })).toMatchObject({ code: 0 })
    const again = await admin('rotate-log-key', { id: node, logKeyFile })
    expect(again).toMatchObject({
      code: 1,
      errors: [expect.stringContaining('409 already_registered')],
    })
    const doc = await verifyDirectory(await fetchJws(authority.url), anchor)
    const published = doc.members[0]!.nodes[0]!.logKey
    expect(published).toMatchObject({ kty: 'OKP', crv: 'Ed25519', x: privateJwk.x })
    expect(published).not.toHaveProperty('d')
  })

  it('a mirror that comes up before its source serves the directory soon after, not a poll later', async () => {
    const source = await staticSource()
    const genuine = await fetchJws(authority.url)
    const early = await startMirror({ from: [source.url], anchor, pollMs: 60_000, port: 0 })
    extra.push(early)
    expect(early.first).toMatchObject({ outcome: 'failed' })
    source.serve(genuine)
    const deadline = Date.now() + 10_000
    let status = 0
    while (Date.now() < deadline && status !== 200) {
      status = (await fetch(`${early.url}/directory`)).status
      if (status !== 200) await new Promise((r) => setTimeout(r, 100))
    }
    expect(status).toBe(200)
  })

  it('a mirror never serves a lower serial than it holds', async () => {
    const source = await staticSource()
    const older = await fetchJws(authority.url)
    await authority.authority.publish()
    const newer = await fetchJws(authority.url)
    source.serve(newer)
    const second = await startMirror({ from: [source.url], anchor, pollMs: 50, port: 0 })
    extra.push(second)
    expect(second.first).toMatchObject({ outcome: 'updated' })
    source.serve(older)
    expect(await second.nextPoll()).toMatchObject({
      outcome: 'failed',
      failures: [{ reason: 'lower_serial' }],
    })
    expect(await fetchJws(second.url)).toBe(newer)
  })

  it('a tampering mirror is caught: its output fails verification and honest mirrors skip it', async () => {
    const tampering = await staticSource()
    const genuine = await fetchJws(authority.url)
    const [header, payload, signature] = genuine.split('.')
    const doc = JSON.parse(Buffer.from(payload!, 'base64url').toString())
    doc.members[0].nodes[0].tlsFingerprint = '00'.repeat(32)
    tampering.serve(
      `${header}.${Buffer.from(JSON.stringify(doc)).toString('base64url')}.${signature}`,
    )
    const served = await fetchJws(tampering.url.replace(/\/directory$/, ''))
    await expect(verifyDirectory(served, anchor)).rejects.toThrow()
    const honest = await startMirror({
      from: [tampering.url, `${authority.url}/directory`],
      anchor,
      pollMs: 50,
      port: 0,
    })
    extra.push(honest)
    expect(honest.first).toMatchObject({ outcome: 'updated', source: `${authority.url}/directory` })
    expect(await fetchJws(honest.url)).toBe(genuine)
  })

  it('republishes periodically, so the document never expires while the authority runs', async () => {
    const quick = await startAuthority({
      ...authorityOptions(),
      stateFile: join(dir, 'quick', 'registry.json'),
      init: { ...INIT, validitySeconds: 1 },
    })
    extra.push(quick)
    const first = quick.authority.current()
    const next = await quick.nextRepublish()
    expect(next.serial).toBe(first.serial + 1)
    expect(Date.parse(next.expiresAt)).toBeGreaterThan(Date.parse(first.expiresAt))
  })

  it('restarted from its state file, the authority continues the serial and the mirror follows', async () => {
    const before = authority.authority.current().serial
    const port = Number(new URL(authority.url).port)
    await authority.close()
    authority = await startAuthority(authorityOptions(port))
    expect(authority.authority.current().serial).toBe(before + 1)
    expect(authority.authority.state().members.map((m) => m.id)).toEqual([AGENCY])
    expect(await mirror.nextPoll()).toMatchObject({ outcome: 'updated', serial: before + 1 })
  })
})

describe('directory serve command', () => {
  it('runs an authority until told to stop', async () => {
    let stop!: () => void
    const stopped = new Promise<void>((resolve) => (stop = resolve))
    const { out, lines } = capture()
    const exit = directoryServeCommand(
      {
        state: join(dir, 'cli', 'registry.json'),
        directoryKey: authorityOptions().directoryKeyFile,
        instance: 'KG',
        memberClasses: ['GOV=Government agencies'],
        port: 0,
      },
      out,
      stopped,
    )
    let exited = false
    void exit.finally(() => (exited = true))
    while (lines.length === 0 && !exited) await new Promise((resolve) => setImmediate(resolve))
    const ready = JSON.parse(lines[0]!) as { url: string; serial: number }
    expect((await verifyDirectory(await fetchJws(ready.url), anchor)).serial).toBe(ready.serial)
    stop()
    expect(await exit).toBe(0)
  })
})

describe('kopuro directory commands', () => {
  it('wires token and admin into commander', async () => {
    const { out, lines, errors } = capture()
    const program = new Command('kopuro').exitOverride()
    addDirectoryCommands(program, out)
    const state = authorityOptions().stateFile
    try {
      await program.parseAsync(['directory', 'token', '--state', state, '--subject', 'carol'], {
        from: 'user',
      })
      expect(process.exitCode).toBe(0)
      const args = [
        'directory',
        'admin',
        'list',
        '--authority',
        authority.url,
        '--token',
        lines[0]!,
      ]
      await program.parseAsync(args, { from: 'user' })
      expect([process.exitCode, errors]).toEqual([0, []])
      expect(JSON.parse(lines[1]!).instance).toBe('KG')
    } finally {
      process.exitCode = undefined
    }
  })
})
