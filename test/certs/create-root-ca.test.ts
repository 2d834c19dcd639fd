// The federation root CA: extensions, validity and loading for issuing.
import { X509Certificate } from 'node:crypto'
import * as x509 from '#certs/lib/x509.js'
import { describe, expect, it } from 'vitest'
import { createRootCa, loadCertificateAuthority } from '#certs/index.js'

const NOW = new Date('2030-01-01T00:00:00Z')

describe('createRootCa', () => {
  it('creates a self-signed EC P-256 CA with critical CA constraints and key usage', async () => {
    const ca = await createRootCa({ name: 'KG federation root CA', now: NOW, validityDays: 10 })
    const cert = new X509Certificate(ca.certPem)
    expect(cert.ca).toBe(true)
    expect(cert.subject).toBe('CN=KG federation root CA')
    expect(cert.checkIssued(cert)).toBe(true)
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1')
    expect(cert.serialNumber.toLowerCase()).toBe(ca.serialNumber)
    expect(new Date(cert.validTo).getTime()).toBe(NOW.getTime() + 10 * 86_400_000)
    expect(ca.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)

    const parsed = new x509.X509Certificate(ca.certPem)
    const constraints = parsed.getExtension(x509.BasicConstraintsExtension)
    expect(constraints).toMatchObject({ ca: true, critical: true })
    const usage = parsed.getExtension(x509.KeyUsagesExtension)
    expect(usage?.critical).toBe(true)
    expect(usage?.usages).toBe(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign)
    expect(parsed.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId).toMatch(/^[0-9a-f]{40}$/)
  })

  it('refuses a missing name or a bad validity as misuse', async () => {
    await expect(createRootCa({ name: ' ' })).rejects.toThrow(TypeError)
    await expect(createRootCa({ name: 'x', validityDays: 0 })).rejects.toThrow(TypeError)
  })
})

describe('loadCertificateAuthority', () => {
  it('loads a CA and refuses a key that is not its own', async () => {
    const ca = await createRootCa({ name: 'KG federation root CA' })
    const other = await createRootCa({ name: 'KG federation root CA' })
    const loaded = await loadCertificateAuthority(ca.certPem, ca.keyPem)
    expect(loaded.certificate.serialNumber.toLowerCase()).toBe(ca.serialNumber)
    expect(loaded.signingKey.extractable).toBe(false)
    await expect(loadCertificateAuthority(ca.certPem, other.keyPem)).rejects.toThrow(TypeError)
  })
})
