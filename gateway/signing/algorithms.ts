// The signature algorithm allow-list and the raw sign/verify primitives over a signature base.
import { sign, verify, type KeyObject } from 'node:crypto'

/** RFC 9421 §3.3 algorithm names kopuro accepts; everything else is refused before any lookup. */
export type SignatureAlgorithm = 'ecdsa-p256-sha256' | 'ed25519'

export const SIGNATURE_ALGORITHMS: readonly SignatureAlgorithm[] = ['ecdsa-p256-sha256', 'ed25519']

/** Both algorithms produce 64 bytes: raw r‖s for ECDSA (RFC 9421 §3.3.4), R‖S for Ed25519. */
export const SIGNATURE_LENGTH = 64

export function isSignatureAlgorithm(value: string): value is SignatureAlgorithm {
  return value === 'ecdsa-p256-sha256' || value === 'ed25519'
}

/** The base is ASCII (checked when built), so latin1 is the cheapest exact byte encoding. */
function baseBytes(signatureBase: string): Buffer {
  return Buffer.from(signatureBase, 'latin1')
}

/** RFC 9421 §3.3.4 (ECDSA P-256 SHA-256, IEEE P1363 r‖s) and §3.3.6 (Ed25519, no prehash). */
export function signBase(alg: SignatureAlgorithm, key: KeyObject, signatureBase: string): Buffer {
  const data = baseBytes(signatureBase)
  if (alg === 'ed25519') return sign(null, data, key)
  return sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' })
}

/** False (never throws) if the signature does not verify or does not fit the key. */
export function verifyBase(
  alg: SignatureAlgorithm,
  key: KeyObject,
  signatureBase: string,
  signature: Uint8Array,
): boolean {
  if (signature.length !== SIGNATURE_LENGTH) return false
  const data = baseBytes(signatureBase)
  try {
    if (alg === 'ed25519') return verify(null, data, key, signature)
    return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature)
  } catch {
    return false
  }
}
