// Certificate digests: canonical JSON, and verification that fails on any change.

import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  canonicalJson,
  computeCertificateDigest,
  createSampleCertificates,
  verifyCertificateDigest,
  type Certificate,
} from '#services/documents/index.js'
import { population } from './requests.js'

const [birth, residence] = createSampleCertificates(population) as [Certificate, Certificate]

describe('canonicalJson (RFC 8785 style)', () => {
  it('sorts members by code unit, drops whitespace and undefined members', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined, B: { z: 0, y: -1.5 } })).toBe(
      '{"B":{"y":-1.5,"z":0},"a":[true,null,"x"],"b":1}',
    )
  })

  it('escapes strings as JSON does', () => {
    expect(canonicalJson({ 'é"': 'line\nbreak' })).toBe('{"é\\"":"line\\nbreak"}')
  })

  it('refuses values JSON cannot represent', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError)
    expect(() => canonicalJson(() => 1)).toThrow(TypeError)
  })
})

describe('verifyCertificateDigest', () => {
  it('accepts certificates as issued', () => {
    expect(verifyCertificateDigest(birth)).toBe(true)
    expect(verifyCertificateDigest(residence)).toBe(true)
  })

  it('is SHA-256 over the canonical JSON without the digest, as an RFC 9530 value', () => {
    const { digest, ...rest } = residence
    const hash = createHash('sha256').update(canonicalJson(rest)).digest('base64')
    expect(digest).toBe(`sha-256=:${hash}:`)
    expect(computeCertificateDigest(rest)).toBe(digest)
  })

  it('does not depend on member order', () => {
    const reordered = Object.fromEntries(Object.entries(birth).reverse()) as unknown as Certificate
    expect(verifyCertificateDigest(reordered)).toBe(true)
  })

  it.each<[string, (c: Certificate) => Certificate]>([
    ['a changed holder name', (c) => ({ ...c, holderName: `${c.holderName}a` })],
    ['a later expiry', (c) => ({ ...c, validUntil: '2099-01-01T00:00:00Z' })],
    [
      'a changed address',
      (c) => ({ ...c, content: { ...c.content, registeredSince: '2000-01-01' } }),
    ],
    ['an added field', (c) => ({ ...c, note: 'extra' }) as Certificate],
    ['another certificate’s digest', (c) => ({ ...c, digest: birth.digest })],
    ['a malformed digest', (c) => ({ ...c, digest: 'sha-256=:abc:' })],
    ['no digest', (c) => ({ ...c, digest: undefined }) as unknown as Certificate],
  ])('fails on %s', (_, change) => {
    expect(verifyCertificateDigest(change(residence))).toBe(false)
  })
})
