// Signing keys: JWKs with thumbprint kids that sign and verify with node:crypto.
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto'
import { calculateJwkThumbprint } from 'jose'
import { describe, expect, it } from 'vitest'
import { createSigningKey } from '#certs/index.js'

const MESSAGE = Buffer.from('@method: POST\n@target-uri: https://gw1/r1/KG/GOV/70000001/x')

describe('createSigningKey', () => {
  it('makes an ES256 pair (default) that signs and verifies in IEEE P1363 form', async () => {
    const { privateJwk, publicJwk } = await createSigningKey()
    expect(publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' })
    expect(publicJwk).not.toHaveProperty('d')
    expect(privateJwk.kid).toBe(publicJwk.kid)
    expect(publicJwk.kid).toBe(await calculateJwkThumbprint(publicJwk, 'sha256'))
    const key = createPrivateKey({ key: privateJwk, format: 'jwk' })
    const signature = sign('sha256', MESSAGE, { key, dsaEncoding: 'ieee-p1363' })
    expect(signature).toHaveLength(64)
    const publicKey = createPublicKey({ key: publicJwk, format: 'jwk' })
    expect(
      verify('sha256', MESSAGE, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature),
    ).toBe(true)
  })

  it('makes an Ed25519 pair for EdDSA', async () => {
    const { privateJwk, publicJwk } = await createSigningKey({ alg: 'EdDSA' })
    expect(publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' })
    expect(publicJwk.kid).toBe(await calculateJwkThumbprint(publicJwk, 'sha256'))
    const signature = sign(null, MESSAGE, createPrivateKey({ key: privateJwk, format: 'jwk' }))
    const publicKey = createPublicKey({ key: publicJwk, format: 'jwk' })
    expect(verify(null, MESSAGE, publicKey, signature)).toBe(true)
    expect(verify(null, Buffer.from('other'), publicKey, signature)).toBe(false)
  })

  it('gives every key its own kid and refuses other algorithms', async () => {
    const [a, b] = await Promise.all([createSigningKey(), createSigningKey()])
    expect(a.publicJwk.kid).not.toBe(b.publicJwk.kid)
    // @ts-expect-error RS256 is not a kopuro signing algorithm
    await expect(createSigningKey({ alg: 'RS256' })).rejects.toThrow(TypeError)
  })
})
