import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSigningKey } from '#certs/index.js'
import {
  startDirectoryClient,
  createDirectoryView,
  lookupMemberKey,
  signDirectory,
  verifyDirectory,
  type DirectoryAnchor,
  type DirectoryDocument,
} from '#gateway/directory/index.js'
import { GatewayError } from '#gateway/lib/errors.js'

async function authority() {
  const { privateJwk, publicJwk } = await createSigningKey({ alg: 'EdDSA' })
  const anchor: DirectoryAnchor = { instance: 'KG', keys: [publicJwk], sources: [] }
  return { privateJwk, anchor }
}

async function documentWith(
  serial: number,
  expiresAt = '2099-01-01T00:00:00Z',
): Promise<DirectoryDocument> {
  const member = await createSigningKey({ alg: 'ES256' })
  return {
    instance: 'KG',
    serial,
    issuedAt: '2026-01-01T00:00:00Z',
    expiresAt,
    memberClasses: [{ code: 'GOV', description: 'Government' }],
    members: [
      {
        id: 'KG/GOV/1',
        name: 'Agency',
        subsystems: [{ code: 'population' }],
        signingKeys: [
          {
            jwk: member.publicJwk,
            notBefore: '2026-01-01T00:00:00Z',
            notAfter: '2027-01-01T00:00:00Z',
          },
        ],
        nodes: [
          { code: 'gw1', federationUrl: 'https://127.0.0.1:1', tlsFingerprint: 'AB'.repeat(32) },
        ],
      },
    ],
    services: [{ id: 'KG/GOV/1/population/persons', title: 'Persons' }],
    federationCas: [],
    globalGroups: [],
    revocations: { keys: [], certificates: [] },
  }
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (e) => (e instanceof GatewayError ? e.code : String(e)),
  )
}

describe('verifyDirectory', () => {
  it('accepts a document signed by an anchor key', async () => {
    const { privateJwk, anchor } = await authority()
    const doc = await documentWith(5)
    expect((await verifyDirectory(await signDirectory(doc, privateJwk), anchor)).serial).toBe(5)
  })

  it('refuses a tampered document', async () => {
    const { privateJwk, anchor } = await authority()
    const jws = await signDirectory(await documentWith(5), privateJwk)
    const [h, p, s] = jws.split('.')
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString())
    payload.members[0].nodes[0].tlsFingerprint = 'CD'.repeat(32)
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`
    expect(await codeOf(verifyDirectory(forged, anchor))).toBe(
      'server.clientproxy.global_conf_outdated',
    )
  })

  it('refuses a document signed by a key the anchor does not list', async () => {
    const { anchor } = await authority()
    const stranger = await authority()
    const jws = await signDirectory(await documentWith(5), stranger.privateJwk)
    expect(await codeOf(verifyDirectory(jws, anchor))).toBe(
      'server.clientproxy.global_conf_outdated',
    )
  })

  it('refuses a lower serial than the copy held, and another instance', async () => {
    const { privateJwk, anchor } = await authority()
    const jws = await signDirectory(await documentWith(5), privateJwk)
    expect(await codeOf(verifyDirectory(jws, anchor, { minSerial: 6 }))).toBe(
      'server.clientproxy.global_conf_outdated',
    )
    expect(await codeOf(verifyDirectory(jws, { ...anchor, instance: 'EE' }))).toBe(
      'server.clientproxy.global_conf_outdated',
    )
  })
})

describe('directory client', () => {
  it('fails closed once the held copy expires, with the side-specific code', async () => {
    const { privateJwk, anchor } = await authority()
    const dir = await mkdtemp(join(tmpdir(), 'kopuro-dir-'))
    const file = join(dir, 'directory.jws')
    await writeFile(
      file,
      await signDirectory(await documentWith(5, '2030-01-01T00:00:00Z'), privateJwk),
    )
    let now = Date.parse('2029-12-31T23:59:59Z')
    const client = await startDirectoryClient({
      anchor: { ...anchor, sources: [file] },
      now: () => now,
    })
    expect(client.current('consumer').serial).toBe(5)
    now = Date.parse('2030-01-01T00:00:00Z')
    expect(await codeOf(Promise.resolve().then(() => client.current('consumer')))).toBe(
      'server.clientproxy.global_conf_outdated',
    )
    expect(await codeOf(Promise.resolve().then(() => client.current('provider')))).toBe(
      'server.serverproxy.global_conf_outdated',
    )
  })

  it('keeps its copy when the source offers a lower serial', async () => {
    const { privateJwk, anchor } = await authority()
    const dir = await mkdtemp(join(tmpdir(), 'kopuro-dir-'))
    const file = join(dir, 'directory.jws')
    await writeFile(file, await signDirectory(await documentWith(7), privateJwk))
    const client = await startDirectoryClient({ anchor: { ...anchor, sources: [file] } })
    await writeFile(file, await signDirectory(await documentWith(6), privateJwk))
    expect((await client.refresh()).serial).toBe(7)
    expect(client.status().lastError).toMatch(/lower than the copy held/)
    client.close()
  })

  it('starts from its cached copy when a source offers an older serial', async () => {
    const { privateJwk, anchor } = await authority()
    const dir = await mkdtemp(join(tmpdir(), 'kopuro-dir-'))
    const stale = join(dir, 'stale-mirror.jws')
    const cacheFile = join(dir, 'cache.jws')
    await writeFile(stale, await signDirectory(await documentWith(3), privateJwk))
    await writeFile(cacheFile, await signDirectory(await documentWith(9), privateJwk))
    const client = await startDirectoryClient({
      anchor: { ...anchor, sources: [stale] },
      cacheFile,
    })
    expect(client.current('consumer').serial).toBe(9)
    await writeFile(stale, await signDirectory(await documentWith(10), privateJwk))
    expect((await client.refresh()).serial).toBe(10)
    client.close()
  })
})

describe('lookupMemberKey', () => {
  it('returns a published key only for its member, algorithm, validity and revocation state', async () => {
    const doc = await documentWith(1)
    const kid = doc.members[0]!.signingKeys[0]!.jwk.kid
    const at = (iso: string) => Math.floor(Date.parse(iso) / 1000)
    const code = 'server.serverproxy.invalid_signature_value' as const
    const lookup =
      (
        view = createDirectoryView(doc),
        member = 'KG/GOV/1',
        created = at('2026-06-01T00:00:00Z'),
        alg = 'ecdsa-p256-sha256' as const,
      ) =>
      () =>
        lookupMemberKey(
          view,
          member,
          { kid, alg, createdSec: created, nowMs: Date.parse('2026-06-01T00:00:00Z') },
          code,
        )
    expect(lookup()().keyid).toBe(kid)
    expect(lookup(undefined, 'KG/GOV/2')).toThrow(GatewayError)
    expect(lookup(undefined, undefined, at('2027-06-01T00:00:00Z'))).toThrow(GatewayError)
    expect(lookup(undefined, undefined, undefined, 'ed25519' as never)).toThrow(GatewayError)
    const revoked = createDirectoryView({
      ...doc,
      revocations: { keys: [{ kid, revokedAt: '2026-05-01T00:00:00Z' }], certificates: [] },
    })
    expect(lookup(revoked)).toThrow(GatewayError)
  })
})
