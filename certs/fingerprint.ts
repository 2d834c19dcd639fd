// SHA-256 certificate fingerprints in kopuro's one format: lowercase hex of the DER, no colons.
import { X509Certificate, createHash } from 'node:crypto'

/**
 * The fingerprint of a certificate given as PEM (the first block) or DER.
 *
 * @example
 * certificateFingerprint(node.certPem) // '3f9a…' (64 hex digits)
 */
export function certificateFingerprint(pemOrDer: string | Uint8Array): string {
  const der = new X509Certificate(pemOrDer).raw
  return createHash('sha256').update(der).digest('hex')
}

/**
 * Brings a fingerprint to kopuro's format, e.g. Node's `X509Certificate.fingerprint256`
 * (`AA:BB:…`) or `getPeerCertificate().fingerprint256`, so the two compare as strings.
 */
export function normaliseFingerprint(fingerprint: string): string {
  return fingerprint.replace(/[:\s]/g, '').toLowerCase()
}
