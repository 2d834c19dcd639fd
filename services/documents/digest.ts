// Certificate integrity: SHA-256 over the canonical JSON of the document without its digest.

import { createHash } from 'node:crypto'
import type { Certificate } from './certificate.js'

/** The digest field holds an RFC 9530 §2 `sha-256` value: an RFC 8941 byte sequence (`:b64:`). */
const DIGEST = /^sha-256=:([A-Za-z0-9+/]{43}=):$/

/**
 * Canonical JSON in the manner of RFC 8785 (JCS) §3.2: members sorted by UTF-16 code units, no
 * whitespace, ECMAScript string and number serialisation; `undefined` members are left out.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const members = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`)
    return `{${members.join(',')}}`
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new TypeError('canonical JSON has no representation for a non-finite number')
  }
  const text = JSON.stringify(value) as string | undefined
  if (text === undefined) throw new TypeError(`canonical JSON cannot represent a ${typeof value}`)
  return text
}

/**
 * The `digest` value of a certificate: every field but `digest` itself, canonicalised and hashed.
 *
 * @example
 * const digest = computeCertificateDigest({ ...certificate, digest: undefined })
 */
export function computeCertificateDigest(document: Omit<Certificate, 'digest'>): string {
  const { digest: _ignored, ...rest } = document as Partial<Certificate>
  const hash = createHash('sha256').update(canonicalJson(rest), 'utf8').digest('base64')
  return `sha-256=:${hash}:`
}

/**
 * True when the certificate's `digest` matches its other fields: any altered field, added field
 * or malformed digest makes it false.
 *
 * @example
 * const certificate = await (await app.request(`/certificates/${id}`)).json()
 * verifyCertificateDigest(certificate) // true
 */
export function verifyCertificateDigest(document: Certificate): boolean {
  if (typeof document.digest !== 'string' || !DIGEST.test(document.digest)) return false
  return computeCertificateDigest(document) === document.digest
}
