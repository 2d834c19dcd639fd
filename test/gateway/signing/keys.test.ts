// Importing JWKs: kid required, algorithm derived from the key, allow-list enforced.
import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { importSigningKey, importVerifyingKey } from '#gateway/signing/index.js'

function jwks(type: 'ed25519' | 'ec', namedCurve?: string) {
  const pair =
    type === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : generateKeyPairSync('ec', { namedCurve: namedCurve ?? 'P-256' })
  return {
    privateJwk: pair.privateKey.export({ format: 'jwk' }),
    publicJwk: pair.publicKey.export({ format: 'jwk' }),
  }
}

describe('importSigningKey / importVerifyingKey', () => {
  it('derives the algorithm from the key', () => {
    const ed = jwks('ed25519')
    const ec = jwks('ec')
    expect(importSigningKey({ ...ed.privateJwk, kid: 'a' })).toMatchObject({
      keyid: 'a',
      alg: 'ed25519',
    })
    expect(importVerifyingKey({ ...ed.publicJwk, kid: 'a' }).key.type).toBe('public')
    expect(importSigningKey({ ...ec.privateJwk, kid: 'b' }).alg).toBe('ecdsa-p256-sha256')
    expect(importVerifyingKey({ ...ec.publicJwk, kid: 'b', alg: 'ES256', use: 'sig' }).alg).toBe(
      'ecdsa-p256-sha256',
    )
  })

  it('requires a printable kid', () => {
    const { privateJwk, publicJwk } = jwks('ed25519')
    expect(() => importSigningKey(privateJwk)).toThrow(TypeError)
    expect(() => importVerifyingKey(publicJwk)).toThrow(TypeError)
    expect(() => importVerifyingKey({ ...publicJwk, kid: '' })).toThrow(TypeError)
    expect(() => importVerifyingKey({ ...publicJwk, kid: 'caf\u00e9' })).toThrow(TypeError)
  })

  it('refuses keys outside the allow-list', () => {
    const p384 = jwks('ec', 'P-384')
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({
      format: 'jwk',
    })
    expect(() => importSigningKey({ ...p384.privateJwk, kid: 'k' })).toThrow(TypeError)
    expect(() => importVerifyingKey({ ...rsa, kid: 'k' })).toThrow(TypeError)
    expect(() => importVerifyingKey({ kty: 'oct', k: 'c2VjcmV0', kid: 'k' })).toThrow(TypeError)
  })

  it('refuses a JWK alg or use that contradicts the key', () => {
    const { publicJwk } = jwks('ed25519')
    expect(() => importVerifyingKey({ ...publicJwk, kid: 'k', alg: 'ES256' })).toThrow(TypeError)
    expect(() => importVerifyingKey({ ...publicJwk, kid: 'k', use: 'enc' })).toThrow(TypeError)
  })

  it('keeps private and public keys apart', () => {
    const { privateJwk, publicJwk } = jwks('ed25519')
    expect(() => importSigningKey({ ...publicJwk, kid: 'k' })).toThrow(TypeError)
    expect(() => importVerifyingKey({ ...privateJwk, kid: 'k' })).toThrow(TypeError)
  })

  it('refuses a malformed key', () => {
    expect(() => importVerifyingKey({ kty: 'OKP', crv: 'Ed25519', x: 'AAAA', kid: 'k' })).toThrow(
      TypeError,
    )
  })
})
