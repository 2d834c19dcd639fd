// Checks of published key material: member signing JWKs and federation CA certificates.
import { createHash, createPublicKey, X509Certificate } from 'node:crypto'
import { certificateFingerprint } from '../../../certs/index.js'
import { importVerifyingKey, type KeyJwk } from '../../signing/index.js'
import { AuthorityError } from './authority-error.js'
import type { PublicSigningJwk } from './registry-state.js'

/**
 * A member's public signing key as the directory publishes it: EC P-256 (ES256) or Ed25519
 * (EdDSA), no private part, `kid` = its RFC 7638 thumbprint, reduced to the required members.
 */
export function publicJwkOf(value: Record<string, unknown>): PublicSigningJwk {
  try {
    const jwk = value as KeyJwk
    const key = importVerifyingKey(jwk)
    const alg = key.alg === 'ed25519' ? 'EdDSA' : 'ES256'
    const exported = createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'jwk' })
    const required = key.alg === 'ed25519' ? ['crv', 'kty', 'x'] : ['crv', 'kty', 'x', 'y']
    // RFC 7638 §3.2: the required members, in lexicographic order, without whitespace.
    const members = Object.fromEntries(
      required.map((m) => [m, exported[m as keyof typeof exported]]),
    )
    const thumbprint = createHash('sha256').update(JSON.stringify(members)).digest('base64url')
    if (jwk.kid !== thumbprint) throw new Error('kid is not the RFC 7638 thumbprint')
    return { ...members, kid: thumbprint, alg, use: 'sig' }
  } catch (cause) {
    throw new AuthorityError('invalid_request', {
      detail: 'the key must be a public ES256 or EdDSA JWK whose kid is its RFC 7638 thumbprint',
      cause,
    })
  }
}

/** A federation CA: a parseable X.509 CA certificate, stored as one PEM block. */
export function caCertificateOf(value: string): { pem: string; fingerprint: string } {
  let certificate: X509Certificate
  try {
    certificate = new X509Certificate(value)
  } catch (cause) {
    throw new AuthorityError('invalid_request', { detail: 'not a PEM certificate', cause })
  }
  if (!certificate.ca) {
    throw new AuthorityError('invalid_request', { detail: 'the certificate is not a CA' })
  }
  const pem = certificate.toString()
  return { pem: pem.endsWith('\n') ? pem : `${pem}\n`, fingerprint: certificateFingerprint(pem) }
}
