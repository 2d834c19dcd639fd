// Signing keys: registration checks, rotation with overlap, revocation.
import { describe, expect, it } from 'vitest'
import { applyOperation } from '../../../../gateway/directory/authority/index.js'
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
