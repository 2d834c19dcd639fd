// PKCS#10 requests for node TLS keys and the certificates the federation CA issues from them.
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  createCertificateRequest,
  createRootCa,
  describeCertificate,
  issueCertificateFromRequest,
  namesHost,
  parseCertificateRequest,
} from '#certs/index.js'

const NODE = 'KG/COM/10000003/gw1'

describe('createCertificateRequest and parseCertificateRequest', () => {
  it('names the CN and hosts, and verifies as signed by the key it is for', async () => {
    const { keyPem, csrPem } = await createCertificateRequest({
      commonName: NODE,
      hosts: ['127.0.0.30', 'gw1.bank.kg'],
    })
    const parsed = await parseCertificateRequest(csrPem)
    expect(parsed).toMatchObject({
      commonNames: [NODE],
      subjectAltNames: [
        { type: 'ip', value: '127.0.0.30' },
        { type: 'dns', value: 'gw1.bank.kg' },
      ],
      signatureValid: true,
      keyType: 'ec-P-256',
    })
    const spki = createPublicKey(keyPem).export({ type: 'spki', format: 'der' })
    expect(parsed.spkiDer.equals(spki)).toBe(true)
  })

  it('keeps a given key, and reports a request whose bytes were changed as not verifying', async () => {
    const first = await createCertificateRequest({ commonName: NODE, hosts: ['127.0.0.30'] })
    const again = await createCertificateRequest({
      commonName: `${NODE}x`,
      hosts: ['127.0.0.30'],
      keyPem: first.keyPem,
    })
    expect(again.keyPem).toBe(first.keyPem)
    const [a, b] = await Promise.all([first, again].map((r) => parseCertificateRequest(r.csrPem)))
    expect(b!.keyFingerprint).toBe(a!.keyFingerprint)
    const der = Buffer.from(first.csrPem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64')
    der[der.length - 4]! ^= 1
    const pem = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`
    expect((await parseCertificateRequest(pem)).signatureValid).toBe(false)
    await expect(parseCertificateRequest('not a request')).rejects.toThrow(TypeError)
  })

  it('compares IPv6 hosts by address and DNS names case-insensitively', () => {
    expect(namesHost({ type: 'ip', value: '0:0:0:0:0:0:0:1' }, '::1')).toBe(true)
    expect(namesHost({ type: 'dns', value: 'GW1.bank.kg' }, 'gw1.bank.kg')).toBe(true)
    expect(namesHost({ type: 'dns', value: '127.0.0.30' }, '127.0.0.30')).toBe(false)
  })
})

describe('issueCertificateFromRequest', () => {
  it("issues for the request's key, CN and hosts, for both sides of mutual TLS", async () => {
    const ca = await createRootCa({ name: 'KG test root' })
    const request = await createCertificateRequest({ commonName: NODE, hosts: ['127.0.0.30'] })
    const issued = await issueCertificateFromRequest({ ca, csrPem: request.csrPem })
    const leaf = new X509Certificate(issued.certPem)
    const root = new X509Certificate(ca.certPem)
    expect(leaf.checkIssued(root) && leaf.verify(root.publicKey)).toBe(true)
    expect(leaf.checkPrivateKey(createPrivateKey(request.keyPem))).toBe(true)
    expect([leaf.subject, leaf.subjectAltName, leaf.keyUsage]).toEqual([
      `CN=${NODE}`,
      'IP Address:127.0.0.30',
      ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'],
    ])
    const days = (Date.parse(leaf.validTo) - Date.now()) / 86_400_000
    expect(Math.round(days)).toBe(365)
    expect(issued.chainPem).toBe(`${issued.certPem}${ca.certPem}`)
    expect(describeCertificate(issued.certPem)).toMatchObject({ commonNames: [NODE], isCa: false })
  })

  it('refuses a request whose signature does not verify', async () => {
    const ca = await createRootCa({ name: 'KG test root' })
    const one = await createCertificateRequest({ commonName: NODE, hosts: ['127.0.0.30'] })
    const der = Buffer.from(one.csrPem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64')
    der[der.length - 4]! ^= 1
    const csrPem = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`
    await expect(issueCertificateFromRequest({ ca, csrPem })).rejects.toThrow(/does not verify/)
  })
})
