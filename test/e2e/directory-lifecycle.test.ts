// The live directory: fail closed on expiry and recover, refuse bad documents, revoke and rotate
// keys and certificates within one poll (docs/design.md §3).
import { readFile, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createSigningKey } from '#certs/index.js'
import { signDirectory, type DirectoryDocument } from '#gateway/directory/index.js'
import type { RunningGateway } from '#gateway/server.js'
import { rawRequest, xroadError } from '../support/http-raw.js'
import {
  BANK,
  KYC_APP,
  PERSONS,
  PROVIDER,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'
import { allowErrorLog, expectErrorLog } from '../support/error-logs.js'

const VALIDITY_S = 3
const POLL_S = 0.2

let fed: TestFederation
let token: string
const PIN = '22905199138381'

beforeAll(async () => {
  fed = await startTestFederation({
    directory: { validitySeconds: VALIDITY_S, pollSeconds: POLL_S, mirrorPollMs: 200 },
  })
  token = await fed.token(KYC_APP)
})
afterAll(() => fed?.close())

function call(gateway: RunningGateway = fed.bank) {
  return rawRequest(gateway.consumerUrl, `/r1/${PERSONS}/${PIN}`, {
    headers: { authorization: `Bearer ${token}`, 'x-road-client': KYC_APP },
  })
}

/** Polls until `check` holds, within a bound, and fails the test otherwise. */
async function eventually(check: () => boolean | Promise<boolean>, withinMs = 5000): Promise<void> {
  const deadline = Date.now() + withinMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time')
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Both gateways hold at least this serial. */
function holding(serial: number): Promise<void> {
  return eventually(
    () =>
      fed.bank.gateway.directory.held().serial >= serial &&
      fed.provider.gateway.directory.held().serial >= serial,
  )
}

async function apply(
  op: Parameters<
    NonNullable<
      ReturnType<NonNullable<TestFederation['directory']>['authority']>
    >['authority']['apply']
  >[0],
) {
  const result = await fed.directory!.authority()!.authority.apply(op, 'test')
  await holding(result.serial)
  return result
}

describe('directory outage', () => {
  // A failure mid-outage must not leave the later groups without their sources.
  afterEach(async () => {
    if (!fed.directory!.mirror()) await fed.directory!.startMirror()
    if (!fed.directory!.authority()) await fed.directory!.startAuthority()
  })

  it('keeps traffic flowing while the copy is valid, fails closed when it expires, recovers when a source returns', async () => {
    expectErrorLog('exchange failed', { code: 'server.clientproxy.global_conf_outdated' })
    // The provider's copy expires too: until it has a fresh one, it may refuse a retry of its own.
    allowErrorLog('exchange failed', { code: 'server.serverproxy.global_conf_outdated' })
    expect((await call()).status).toBe(200)
    await fed.directory!.stopAuthority()
    await fed.directory!.stopMirror()
    expect((await call()).status).toBe(200)
    // A poll in flight when the sources stopped may still land a newer copy: wait out whichever
    // copy the node holds, not the one it held a moment ago.
    let held = fed.bank.gateway.directory.held()
    await eventually(
      () => {
        held = fed.bank.gateway.directory.held()
        return Date.now() > held.expiresAtMs + 50
      },
      (VALIDITY_S + 2) * 1000,
    )
    const refused = await call()
    expect([refused.status, xroadError(refused).code]).toEqual([
      503,
      'server.clientproxy.global_conf_outdated',
    ])
    expect((await fetch(`${fed.bank.adminUrl}/ready`)).status).toBe(503)
    await fed.directory!.startMirror()
    await fed.directory!.startAuthority()
    await eventually(async () => (await call()).status === 200)
    expect(fed.bank.gateway.directory.held().serial).toBeGreaterThan(held.serial)
  })
})

describe('refused documents', () => {
  let rogue: Server | undefined
  let body = ''

  /** Replaces the authority with a server answering `jws`; the mirror is stopped meanwhile. */
  async function serveRogue(jws: string) {
    body = jws
    if (rogue) return
    await fed.directory!.stopMirror()
    await fed.directory!.stopAuthority()
    rogue = createServer((_req, res) => res.end(body))
    const port = Number(new URL(fed.directory!.urls.url).port)
    await new Promise<void>((r) => rogue!.listen(port, '127.0.0.1', r))
  }

  afterAll(async () => {
    await new Promise((r) => rogue?.close(r))
    await fed.directory!.startAuthority()
    await fed.directory!.startMirror()
  })

  async function expectRefused(jws: string, reason: RegExp) {
    const before = fed.bank.gateway.directory.held().serial
    await serveRogue(jws)
    // The first round may meet a kept-alive socket of the stopped authority; the second is clean.
    await fed.bank.gateway.directory.refresh()
    await fed.bank.gateway.directory.refresh()
    expect(fed.bank.gateway.directory.status().lastError).toMatch(reason)
    expect(fed.bank.gateway.directory.held().serial).toBe(before)
    expect((await call()).status).toBe(200)
  }

  let original: DirectoryDocument
  beforeAll(() => {
    original = current()
  })

  const current = () =>
    JSON.parse(
      Buffer.from(
        fed.directory!.authority()!.authority.current().jws.split('.')[1]!,
        'base64url',
      ).toString(),
    ) as DirectoryDocument

  it('refuses a tampered document and keeps its last good copy', async () => {
    const [h, p, s] = fed.directory!.authority()!.authority.current().jws.split('.')
    original = current()
    const doc = JSON.parse(Buffer.from(p!, 'base64url').toString()) as DirectoryDocument
    doc.serial += 100
    doc.members.find((m) => m.id === BANK)!.nodes[0]!.tlsFingerprint = 'ab'.repeat(32)
    await expectRefused(
      `${h}.${Buffer.from(JSON.stringify(doc)).toString('base64url')}.${s}`,
      /bad signature/,
    )
  })

  it('refuses a genuinely signed document with a lower serial', async () => {
    const doc = {
      ...original,
      serial: 1,
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    }
    const keyFile = join(fed.dir, 'pki', 'federation', 'directory-key.private.jwk.json')
    const key = JSON.parse(await readFile(keyFile, 'utf8'))
    await expectRefused(await signDirectory(doc, key), /lower than the copy held/)
  })

  it('refuses a document signed by a key the anchor does not list', async () => {
    const { privateJwk } = await createSigningKey({ alg: 'EdDSA' })
    const doc = { ...original, serial: original.serial + 100 }
    await expectRefused(await signDirectory(doc, privateJwk), /key the anchor does not list/)
  })
})

describe('revocation and rotation', () => {
  it('a revoked signing key is refused within one poll', async () => {
    const variant = await fed.startVariant(`${BANK}/gw1`, (c) => c)
    const kid = fed.prepared.manifest.members.find((m) => m.id === BANK)!.signingKey.kid
    expect((await call(variant)).status).toBe(200)
    const { privateJwk, publicJwk } = await createSigningKey({ alg: 'ES256' })
    await apply({ op: 'rotate-key', memberId: BANK, jwk: publicJwk as Record<string, unknown> })
    await apply({ op: 'revoke-key', kid })
    const refused = await call(variant)
    expect([refused.status, xroadError(refused).code]).toEqual([
      401,
      'server.serverproxy.invalid_signature_value',
    ])
    const keyFile = join(fed.dir, 'bank-new-key.jwk.json')
    await writeFile(keyFile, JSON.stringify(privateJwk))
    const renewed = await fed.startVariant(`${BANK}/gw1`, (c) => ({
      ...c,
      signingKeyFile: keyFile,
    }))
    expect((await call(renewed)).status).toBe(200)
    fed.prepared.nodes.find((n) => n.nodeId === `${BANK}/gw1`)!.config.signingKeyFile = keyFile
  })

  it('a rotated key and its predecessor both verify during the overlap, only the new one after', async () => {
    const oldVariant = await fed.startVariant(`${BANK}/gw1`, (c) => c)
    const { privateJwk, publicJwk } = await createSigningKey({ alg: 'ES256' })
    const keyFile = join(fed.dir, 'bank-rotated-key.jwk.json')
    await writeFile(keyFile, JSON.stringify(privateJwk))
    await apply({
      op: 'rotate-key',
      memberId: BANK,
      jwk: publicJwk as Record<string, unknown>,
      overlapSeconds: 2,
    })
    const newVariant = await fed.startVariant(`${BANK}/gw1`, (c) => ({
      ...c,
      signingKeyFile: keyFile,
    }))
    expect((await call(oldVariant)).status).toBe(200)
    expect((await call(newVariant)).status).toBe(200)
    await new Promise((r) => setTimeout(r, 3100))
    const late = await call(oldVariant)
    expect([late.status, xroadError(late).code]).toEqual([
      401,
      'server.serverproxy.invalid_signature_value',
    ])
    expect((await call(newVariant)).status).toBe(200)
    fed.prepared.nodes.find((n) => n.nodeId === `${BANK}/gw1`)!.config.signingKeyFile = keyFile
  })

  it('a revoked consumer node certificate is refused within one poll, also on a kept-alive connection', async () => {
    const bank = await fed.startVariant(`${BANK}/gw1`, (c) => c)
    expect((await call(bank)).status).toBe(200)
    const fingerprint = fed.prepared.manifest.members.find((m) => m.id === BANK)!.nodes[0]!
      .fingerprint256
    await apply({ op: 'revoke-cert', fingerprint })
    // The pool's connection to the provider is still open: the check runs on every request.
    const refused = await call(bank)
    expect([refused.status, xroadError(refused).code]).toEqual([
      401,
      'server.serverproxy.ssl_authentication_failed',
    ])
  })

  it('a provider node whose certificate is revoked is no longer used, kept-alive or not', async () => {
    expectErrorLog('exchange failed', { code: 'server.clientproxy.network_error' })
    const nodes = fed.prepared.manifest.members.find((m) => m.id === PROVIDER)!.nodes
    await apply({
      op: 'revoke-cert',
      fingerprint: nodes.find((n) => n.code === 'gw1')!.fingerprint256,
    })
    const seq = fed.provider.gateway.audit.stats().seq
    const res = await call()
    // gw2 is registered but not running here: with gw1 revoked nothing can serve the request.
    expect([res.status, xroadError(res).code]).toEqual([502, 'server.clientproxy.network_error'])
    expect(fed.provider.gateway.audit.stats().seq).toBe(seq)
  })
})
