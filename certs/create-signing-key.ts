// Signing key pairs as JWKs: member and client keys (ES256), the federation directory key (EdDSA).
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose'
import type { JWK } from 'jose'

export type SigningAlgorithm = 'ES256' | 'EdDSA'

export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ['ES256', 'EdDSA']

/** A JWK as kopuro stores and publishes it: always with `kid`, `alg` and `use`. */
export type SigningJwk = JWK & { kid: string; alg: SigningAlgorithm; use: 'sig' }

export interface SigningKeyPair {
  privateJwk: SigningJwk
  publicJwk: SigningJwk
}

export interface CreateSigningKeyOptions {
  alg?: SigningAlgorithm
}

/**
 * Generates a signing key pair; `kid` is the RFC 7638 JWK thumbprint (SHA-256) of the public key,
 * so the same key always has the same id wherever it is published.
 *
 * @example
 * const { privateJwk, publicJwk } = await createSigningKey({ alg: 'EdDSA' })
 * // publicJwk goes into the directory; privateJwk stays with its owner.
 */
export async function createSigningKey(
  options: CreateSigningKeyOptions = {},
): Promise<SigningKeyPair> {
  const { alg = 'ES256' } = options
  if (!SIGNING_ALGORITHMS.includes(alg)) {
    throw new TypeError('createSigningKey: alg must be ES256 or EdDSA')
  }
  const pair = await generateKeyPair(alg, { extractable: true, crv: crvFor(alg) })
  const publicJwk = await exportJWK(pair.publicKey)
  const privateJwk = await exportJWK(pair.privateKey)
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256')
  const extra = { kid, alg, use: 'sig' as const, ...(alg === 'EdDSA' && { crv: 'Ed25519' }) }
  return { privateJwk: { ...privateJwk, ...extra }, publicJwk: { ...publicJwk, ...extra } }
}

/** The public half of a private JWK: all but the private members (RFC 7518 §6.2.2, §6.3.2). */
export function publicJwkOf(privateJwk: SigningJwk): SigningJwk {
  const publicJwk: SigningJwk = { ...privateJwk }
  for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'key_ops'] as const) {
    delete publicJwk[member]
  }
  return publicJwk
}

function crvFor(alg: SigningAlgorithm): string {
  return alg === 'EdDSA' ? 'Ed25519' : 'P-256'
}
