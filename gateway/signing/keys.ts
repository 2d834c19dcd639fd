// Imports JWKs once into KeyObjects and derives each key's signature algorithm from its type.
import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto'
import type { SignatureAlgorithm } from './algorithms.js'

/** A private key ready for `signRequest` / `signResponse`. */
export interface SigningKey {
  keyid: string
  alg: SignatureAlgorithm
  key: KeyObject
}

/** A public key as published in the directory, ready for verification. */
export interface VerifyingKey {
  keyid: string
  alg: SignatureAlgorithm
  key: KeyObject
}

export type KeyJwk = JsonWebKey & { kid?: string }

// The keyid travels as an RFC 9651 String parameter, so it must be printable ASCII.
const KEY_ID = /^[\x20-\x7e]{1,256}$/
// JWK `alg` values (RFC 7518, RFC 8037, RFC 9864) consistent with each signature algorithm.
const JWK_ALGS: Record<SignatureAlgorithm, readonly string[]> = {
  'ecdsa-p256-sha256': ['ES256'],
  ed25519: ['EdDSA', 'Ed25519'],
}

/**
 * Imports a private EC P-256 or Ed25519 JWK. Throws a TypeError if `kid` is missing, the key is
 * not private, or its type is outside the allow-list.
 *
 * @example const key = importSigningKey(JSON.parse(readFileSync(path, 'utf8')))
 */
export function importSigningKey(jwk: KeyJwk): SigningKey {
  const keyid = requireKeyId(jwk)
  if (typeof jwk.d !== 'string') throw new TypeError('a signing key must be a private JWK')
  const key = importKey(() => createPrivateKey({ key: jwk, format: 'jwk' }))
  return { keyid, alg: algorithmOf(key, jwk), key }
}

/**
 * Imports a public EC P-256 or Ed25519 JWK; a JWK carrying a private part is refused.
 *
 * @example const key = importVerifyingKey({ kty: 'OKP', crv: 'Ed25519', x, kid: 'k1' })
 */
export function importVerifyingKey(jwk: KeyJwk): VerifyingKey {
  const keyid = requireKeyId(jwk)
  if (jwk.d !== undefined) throw new TypeError('a verifying key must not contain a private part')
  const key = importKey(() => createPublicKey({ key: jwk, format: 'jwk' }))
  return { keyid, alg: algorithmOf(key, jwk), key }
}

function requireKeyId(jwk: KeyJwk): string {
  if (typeof jwk !== 'object' || jwk === null) throw new TypeError('a JWK object is required')
  if (typeof jwk.kid !== 'string') throw new TypeError('the JWK has no kid')
  if (!KEY_ID.test(jwk.kid)) throw new TypeError('the JWK kid is not 1-256 printable ASCII')
  return jwk.kid
}

function importKey(load: () => KeyObject): KeyObject {
  try {
    return load()
  } catch (cause) {
    throw new TypeError('the JWK is not a valid key', { cause })
  }
}

/** Only EC P-256 and Ed25519 keys map to an allowed algorithm (RFC 9421 §3.3.4, §3.3.6). */
function algorithmOf(key: KeyObject, jwk: KeyJwk): SignatureAlgorithm {
  const alg = algorithmOfKey(key)
  if (jwk.use !== undefined && jwk.use !== 'sig') throw new TypeError('the JWK is not for "sig"')
  if (jwk.alg !== undefined && !JWK_ALGS[alg].includes(jwk.alg as string)) {
    throw new TypeError('the JWK alg does not match its key type')
  }
  return alg
}

function algorithmOfKey(key: KeyObject): SignatureAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519'
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
    return 'ecdsa-p256-sha256'
  }
  throw new TypeError('only EC P-256 and Ed25519 keys are allowed')
}
