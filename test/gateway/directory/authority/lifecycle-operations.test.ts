// Signing keys and node log keys: registration checks, rotation, revocation, publication.
import { calculateJwkThumbprint } from 'jose'
import { describe, expect, it } from 'vitest'
import { createSigningKey } from '#certs/index.js'
import {
  applyOperation,
  buildDirectoryDocument,
  type Operation,
} from '#gateway/directory/authority/index.js'
import { AGENCY, T0, codeOf, ctx, memberKey, run, withMembers } from './fixtures.js'

describe('signing keys', () => {
  it('stores a public key reduced to its published members, valid from now by default', async () => {
    const jwk = await memberKey()
    const state = run(withMembers(), {
      op: 'register-key',
      memberId: AGENCY,
      jwk: { ...jwk, ext: true },
    })
    expect(state.signingKeys[0]).toMatchObject({
      memberId: AGENCY,
      jwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, kid: jwk.kid, alg: 'ES256', use: 'sig' },
      notBefore: new Date(T0).toISOString(),
      status: 'pending',
    })
    expect(state.signingKeys[0]!.jwk).not.toHaveProperty('ext')
  })

  it('refuses private keys, a kid that is not the thumbprint, and reused kids', async () => {
    const state = run(withMembers(), {
      op: 'register-key',
      memberId: AGENCY,
      jwk: await memberKey(),
    })
    const key = (jwk: Record<string, unknown>, notAfter?: string) => () =>
      applyOperation(state, { op: 'register-key', memberId: AGENCY, jwk, notAfter }, ctx)
    const fresh = await memberKey()
    expect(await codeOf(key({ ...fresh, d: 'x'.repeat(43) }))).toBe('invalid_request')
    expect(await codeOf(key({ ...fresh, kid: 'k1' }))).toBe('invalid_request')
    expect(await codeOf(key({ ...fresh, kty: 'RSA' }))).toBe('invalid_request')
    expect(await codeOf(key(state.signingKeys[0]!.jwk))).toBe('already_registered')
    expect(await codeOf(key(fresh, '2020-01-01T00:00:00Z'))).toBe('invalid_request')
    expect(await codeOf(key(fresh, 'tomorrow'))).toBe('invalid_request')
  })

  it('rotates: the new key is valid from now, the old ones end after the overlap', async () => {
    const [old, revoked, next] = [await memberKey(), await memberKey(), await memberKey()]
    const state = run(
      withMembers(),
      { op: 'register-key', memberId: AGENCY, jwk: old },
      { op: 'register-key', memberId: AGENCY, jwk: revoked },
      { op: 'revoke-key', kid: revoked.kid },
    )
    const rotation = { op: 'rotate-key', memberId: AGENCY, jwk: next, overlapSeconds: 600 } as const
    const { state: rotated, change } = applyOperation(state, rotation, ctx)
    const byKid = (kid: string) => rotated.signingKeys.find((k) => k.jwk.kid === kid)!
    expect(byKid(next.kid)).toMatchObject({
      notBefore: new Date(T0).toISOString(),
      status: 'approved',
    })
    expect(byKid(old.kid).notAfter).toBe(new Date(T0 + 600_000).toISOString())
    expect(byKid(revoked.kid).notAfter).toBeUndefined()
    expect(change.target).toBe(AGENCY)
    expect((change.after as { keys: { kid: string }[] }).keys.map((k) => k.kid)).toContain(next.kid)
    const tooLong = { ...rotation, jwk: await memberKey(), overlapSeconds: -1 }
    expect(await codeOf(() => applyOperation(state, tooLong, ctx))).toBe('invalid_request')
  })

  it('revokes a key once, with the time of revocation', async () => {
    const jwk = await memberKey()
    const state = run(
      withMembers(),
      { op: 'register-key', memberId: AGENCY, jwk },
      { op: 'revoke-key', kid: jwk.kid },
    )
    expect(state.revocations.keys).toEqual([
      { kid: jwk.kid, revokedAt: new Date(T0).toISOString() },
    ])
    expect(await codeOf(() => applyOperation(state, { op: 'revoke-key', kid: jwk.kid }, ctx))).toBe(
      'already_revoked',
    )
    expect(await codeOf(() => applyOperation(state, { op: 'revoke-key', kid: 'nope' }, ctx))).toBe(
      'unknown_item',
    )
  })
})

describe('node log keys', () => {
  const NODE = `${AGENCY}/gw1`
  const node = (id: string, fingerprint: string, logKey?: Record<string, unknown>): Operation => ({
    op: 'register-node',
    id,
    federationUrl: 'https://gw1.agency.example:8443',
    tlsFingerprint: fingerprint.repeat(64),
    ...(logKey && { logKey }),
  })
  const logKey = async () => (await createSigningKey({ alg: 'EdDSA' })).publicJwk

  it('registers a node with its log key reduced to { kty, crv, x } and the thumbprint as kid', async () => {
    const key = await logKey()
    const state = run(withMembers(), node(NODE, 'a', { ...key, use: 'sig', alg: 'EdDSA' }))
    const thumbprint = await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: key.x })
    expect(state.nodes[0]!.logKey).toEqual({
      kty: 'OKP',
      crv: 'Ed25519',
      x: key.x,
      kid: thumbprint,
    })
  })

  it('refuses private, non-Ed25519 and malformed log keys, and one another node holds', async () => {
    const state = run(withMembers(), node(NODE, 'a', await logKey()))
    const apply = (op: Operation) => () => applyOperation(state, op, ctx)
    const { privateJwk } = await createSigningKey({ alg: 'EdDSA' })
    const second = `${AGENCY}/gw2`
    expect(await codeOf(apply(node(second, 'b', privateJwk)))).toBe('invalid_request')
    expect(await codeOf(apply(node(second, 'b', await memberKey())))).toBe('invalid_request')
    const bad = { kty: 'OKP', crv: 'Ed25519', x: 'not a key' }
    expect(await codeOf(apply(node(second, 'b', bad)))).toBe('invalid_request')
    const taken = state.nodes[0]!.logKey!
    expect(await codeOf(apply(node(second, 'b', taken)))).toBe('already_registered')
    expect(await codeOf(apply({ op: 'rotate-log-key', id: second, logKey: taken }))).toBe(
      'unknown_item',
    )
  })

  it('rotates a log key (or adds the first), recording the kids before and after', async () => {
    const [first, next] = [await logKey(), await logKey()]
    const state = run(withMembers(), node(NODE, 'a'))
    const added = applyOperation(state, { op: 'rotate-log-key', id: NODE, logKey: first }, ctx)
    expect(added.change).toEqual({
      target: NODE,
      after: { logKey: added.state.nodes[0]!.logKey!.kid },
    })
    const op = { op: 'rotate-log-key', id: NODE, logKey: next } as const
    const rotated = applyOperation(added.state, op, ctx)
    expect(rotated.state.nodes[0]!.logKey!.x).toBe(next.x)
    expect(rotated.change.before).toEqual({ logKey: added.state.nodes[0]!.logKey!.kid })
    expect(await codeOf(() => applyOperation(rotated.state, op, ctx))).toBe('already_registered')
  })

  it("publishes an approved node's log key in the directory document", async () => {
    const key = await logKey()
    const state = run(
      withMembers(),
      node(NODE, 'a', key),
      { op: 'approve', kind: 'member', id: AGENCY },
      { op: 'approve', kind: 'node', id: NODE },
    )
    const document = buildDirectoryDocument(state, { serial: 1, now: T0 })
    const entry = document.members.find((m) => m.id === AGENCY)!.nodes[0]!
    expect(entry.logKey).toEqual(state.nodes[0]!.logKey)
  })
})
