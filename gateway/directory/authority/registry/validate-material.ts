// Checks of published key material: member signing JWKs and federation CA certificates.
import { createHash, createPublicKey, X509Certificate } from 'node:crypto'
import { certificateFingerprint } from '../../../../certs/index.js'
import { importVerifyingKey, type KeyJwk } from '../../../signing/index.js'
import { AuthorityError } from '../authority-error.js'
import type { PublicLogJwk, PublicSigningJwk } from './registry-state.js'

/** An Ed25519 public key is 32 bytes: 43 base64url characters (RFC 8037 §2). */
const ED25519_X = /^[A-Za-z0-9_-]{43}$/

/**
 * A member's public signing key as the directory publishes it: EC P-256 (ES256) or Ed25519
 * (EdDSA), no private part, `kid` = its RFC 7638 thumbprint, reduced to the required members.
 */
export function publicJwkOf(value: Record<string, unknown>): PublicSigningJwk {
  const refused = (cause?: unknown) =>
    new AuthorityError('invalid_request', {
      detail: 'the key must be a public ES256 or EdDSA JWK whose kid is its RFC 7638 thumbprint',
      cause,
    })
  const jwk = value as KeyJwk
  let reduced: ReducedKey
  try {
    reduced = reducedKey(jwk)
  } catch (cause) {
    throw refused(cause)
  }
  if (jwk.kid !== reduced.thumbprint) throw refused()
  return { ...reduced.members, kid: reduced.thumbprint, alg: reduced.alg, use: 'sig' }
}

interface ReducedKey {
  alg: PublicSigningJwk['alg']
  /** RFC 7638 §3.2: the required members, in lexicographic order. */
  members: Record<string, unknown>
  thumbprint: string
}

/** A signing key's required members and RFC 7638 thumbprint; throws when it is not usable. */
function reducedKey(jwk: KeyJwk): ReducedKey {
  const key = importVerifyingKey(jwk)
  const alg = key.alg === 'ed25519' ? 'EdDSA' : 'ES256'
  const exported = createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'jwk' })
  const required = key.alg === 'ed25519' ? ['crv', 'kty', 'x'] : ['crv', 'kty', 'x', 'y']
  // RFC 7638 §3.2: the required members, in lexicographic order, without whitespace.
  const members = Object.fromEntries(required.map((m) => [m, exported[m as keyof typeof exported]]))
  const thumbprint = createHash('sha256').update(JSON.stringify(members)).digest('base64url')
  return { alg, members, thumbprint }
}

/**
 * A node's log public key as the directory publishes it: Ed25519 only (checkpoints are EdDSA),
 * no private part, reduced to `{ kty, crv, x }` with `kid` set to its RFC 7638 thumbprint, which
 * is the log ID every checkpoint under it carries. A `kid` in the input is ignored: the log's own
 * key id is not what the witness compares.
 */
export function logKeyOf(value: Record<string, unknown>): PublicLogJwk {
  const { kty, crv, x } = value
  const shaped = kty === 'OKP' && crv === 'Ed25519' && typeof x === 'string' && ED25519_X.test(x)
  if (!shaped || 'd' in value) {
    throw new AuthorityError('invalid_request', {
      detail: 'a log key is a public Ed25519 JWK { kty: OKP, crv: Ed25519, x }',
    })
  }
  try {
    createPublicKey({ key: { kty, crv, x }, format: 'jwk' })
  } catch (cause) {
    throw new AuthorityError('invalid_request', { detail: 'the log key is not usable', cause })
  }
  // RFC 7638 §3.2: the required members, in lexicographic order, without whitespace.
  const kid = createHash('sha256').update(JSON.stringify({ crv, kty, x })).digest('base64url')
  return { kty: 'OKP', crv: 'Ed25519', x, kid }
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
