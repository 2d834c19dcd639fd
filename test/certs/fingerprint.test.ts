// One fingerprint format everywhere: lowercase hex SHA-256 of the DER, no colons.
import { X509Certificate } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { certificateFingerprint, createRootCa, normaliseFingerprint } from '#certs/index.js'

describe('certificateFingerprint', () => {
  it("matches Node's fingerprint256 once normalised, for PEM and DER alike", async () => {
    const { certPem } = await createRootCa({ name: 'KG federation root CA' })
    const node = new X509Certificate(certPem)
    const fingerprint = certificateFingerprint(certPem)
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/)
    expect(fingerprint).toBe(normaliseFingerprint(node.fingerprint256))
    expect(certificateFingerprint(node.raw)).toBe(fingerprint)
  })

  it('normalises colon-separated upper-case hex', () => {
    expect(normaliseFingerprint('AB:CD:0F')).toBe('abcd0f')
  })
})
