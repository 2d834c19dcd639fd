// Node TLS certificates complete real mutual TLS 1.3 handshakes trusting only the federation root.
import { X509Certificate } from 'node:crypto'
import * as x509 from '#certs/lib/x509.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { createRootCa, issueNodeCertificate, normaliseFingerprint } from '#certs/index.js'
import type { CertificateAuthority, NodeCertificate } from '#certs/index.js'
import { mutualTlsHandshake } from './tls-handshake.js'
import type { TlsParty } from './tls-handshake.js'

let root: CertificateAuthority
let impostorRoot: CertificateAuthority
let population: NodeCertificate
let bank: NodeCertificate

function party(node: NodeCertificate, trusted: CertificateAuthority): TlsParty {
  return { certPem: node.certPem, keyPem: node.keyPem, ca: [trusted.certPem] }
}

beforeAll(async () => {
  root = await createRootCa({ name: 'KG federation root CA' })
  // Same subject name as the real root: only the key can tell them apart.
  impostorRoot = await createRootCa({ name: 'KG federation root CA' })
  population = await issueNodeCertificate({ ca: root, nodeId: 'KG/GOV/70000001/gw1' })
  bank = await issueNodeCertificate({ ca: root, nodeId: 'KG/COM/10000001/gw1' })
})

describe('issueNodeCertificate over mutual TLS 1.3', () => {
  it('two nodes of one root accept each other and see the fingerprints to check', async () => {
    const result = await mutualTlsHandshake(party(population, root), party(bank, root))
    expect(result.ok).toBe(true)
    expect(result.protocol).toBe('TLSv1.3')
    expect(normaliseFingerprint(result.serverSawClient!)).toBe(bank.fingerprint256)
    expect(normaliseFingerprint(result.clientSawServer!)).toBe(population.fingerprint256)
  })

  it('the server refuses a client whose certificate comes from another root', async () => {
    const intruder = await issueNodeCertificate({ ca: impostorRoot, nodeId: 'KG/COM/10000001/gw1' })
    const result = await mutualTlsHandshake(party(population, root), party(intruder, root))
    expect(result.ok).toBe(false)
    expect(result.serverSawClient).toBeUndefined()
    expect(result.serverRejected).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE')
  })

  it('the client refuses a server whose certificate comes from another root', async () => {
    const intruder = await issueNodeCertificate({ ca: impostorRoot, nodeId: 'KG/GOV/70000001/gw1' })
    const result = await mutualTlsHandshake(party(intruder, impostorRoot), party(bank, root))
    expect(result.ok).toBe(false)
    expect(result.serverSawClient).toBeUndefined()
    expect(result.clientError?.code).toMatch(/CERT|SIGNATURE|VERIFY/)
  })
})

describe('issueNodeCertificate contents', () => {
  it('names the node and member, serves both TLS roles and points at the CA key', () => {
    const cert = new x509.X509Certificate(population.certPem)
    const ca = new x509.X509Certificate(root.certPem)
    expect(cert.subject).toBe('CN=gw1, O=KG/GOV/70000001')
    expect(cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([
      x509.ExtendedKeyUsage.serverAuth,
      x509.ExtendedKeyUsage.clientAuth,
    ])
    const usage = cert.getExtension(x509.KeyUsagesExtension)
    expect(usage).toMatchObject({ usages: x509.KeyUsageFlags.digitalSignature, critical: true })
    expect(cert.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(
      ca.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId,
    )
    expect(new X509Certificate(population.certPem).subjectAltName).toBe(
      'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    )
    expect(population.serialNumber).toBe(cert.serialNumber.toLowerCase())
    expect(population.chainPem).toBe(population.certPem + root.certPem)
  })

  it('takes custom hostnames and never outlives the CA', async () => {
    const now = new Date('2030-01-01T00:00:00Z')
    const shortCa = await createRootCa({ name: 'short', now, validityDays: 30 })
    const node = await issueNodeCertificate({
      ca: shortCa,
      nodeId: 'KG/GOV/70000001/gw2',
      hostnames: ['gw2.population.kg', '10.0.0.7'],
      now,
    })
    const cert = new X509Certificate(node.certPem)
    expect(cert.subjectAltName).toBe('DNS:gw2.population.kg, IP Address:10.0.0.7')
    expect(cert.validTo).toBe(new X509Certificate(shortCa.certPem).validTo)
  })

  it('refuses a malformed node id or host name as misuse', async () => {
    await expect(issueNodeCertificate({ ca: root, nodeId: 'KG/GOV/gw1' })).rejects.toThrow(
      TypeError,
    )
    await expect(
      issueNodeCertificate({ ca: root, nodeId: 'KG/GOV/1/gw1', hostnames: ['a b'] }),
    ).rejects.toThrow(TypeError)
  })
})
