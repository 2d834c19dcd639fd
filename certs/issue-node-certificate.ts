// Gateway node TLS certificates, signed by the federation root, for both sides of mutual TLS.
import { isIP } from 'node:net'
import * as x509 from './lib/x509.js'
import { formatMemberId, parseNodeId } from '../gateway/identifiers/index.js'
import { loadCertificateAuthority } from './create-root-ca.js'
import type { CertificateAuthority } from './create-root-ca.js'
import { certificateFingerprint } from './fingerprint.js'
import {
  EC_SIGNING_ALGORITHM,
  addDays,
  assertValidityDays,
  exportPrivateKeyPem,
  generateEcKeyPair,
  joinPem,
  notBeforeFor,
  randomSerialNumber,
  useNodeCrypto,
} from './lib/node-crypto.js'

export const DEFAULT_NODE_VALIDITY_DAYS = 825
export const DEFAULT_NODE_HOSTNAMES: readonly string[] = ['localhost', '127.0.0.1', '::1']

export interface IssueNodeCertificateOptions {
  ca: CertificateAuthority
  /** `KG/GOV/70000001/gw1` */
  nodeId: string
  /** DNS names and IP addresses for the subject alternative name. */
  hostnames?: readonly string[]
  now?: Date
  validityDays?: number
}

export interface NodeCertificate {
  certPem: string
  /** PKCS#8 PEM. */
  keyPem: string
  /** The node certificate followed by the CA certificate. */
  chainPem: string
  /** Lowercase hex SHA-256 of the DER, no colons. */
  fingerprint256: string
  /** Lowercase hex. */
  serialNumber: string
}

/**
 * Issues a node's TLS certificate (EC P-256) with EKU serverAuth and clientAuth, so one
 * certificate serves the node as a federation server and as a client of its peers.
 *
 * @example
 * const node = await issueNodeCertificate({ ca, nodeId: 'KG/GOV/70000001/gw1' })
 * tls.createServer({ key: node.keyPem, cert: node.certPem, ca: [ca.certPem], requestCert: true })
 */
export async function issueNodeCertificate(
  options: IssueNodeCertificateOptions,
): Promise<NodeCertificate> {
  const { ca, nodeId, now = new Date(), validityDays = DEFAULT_NODE_VALIDITY_DAYS } = options
  const id = parseNodeId(nodeId)
  if (!id) throw new TypeError('issueNodeCertificate: nodeId must be INSTANCE/CLASS/MEMBER/NODE')
  assertValidityDays(validityDays, 'issueNodeCertificate')
  const san = subjectAltNameFor(options.hostnames ?? DEFAULT_NODE_HOSTNAMES)
  const issuer = await loadCertificateAuthority(ca.certPem, ca.keyPem)
  const crypto = useNodeCrypto()
  const keys = await generateEcKeyPair(crypto)
  // RFC 5280 §4.1.2.5: a certificate should not outlive its issuer.
  const notAfter = new Date(
    Math.min(addDays(now, validityDays).getTime(), issuer.certificate.notAfter.getTime()),
  )
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerialNumber(),
      subject: [{ CN: [id.nodeCode] }, { O: [formatMemberId(id)] }],
      issuer: issuer.certificate.subjectName,
      notBefore: notBeforeFor(now),
      notAfter,
      publicKey: keys.publicKey,
      signingKey: issuer.signingKey,
      signingAlgorithm: EC_SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([
          x509.ExtendedKeyUsage.serverAuth,
          x509.ExtendedKeyUsage.clientAuth,
        ]),
        san,
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        new x509.AuthorityKeyIdentifierExtension(issuer.keyId),
      ],
    },
    crypto,
  )
  const certPem = joinPem(certificate.toString('pem'))
  return {
    certPem,
    keyPem: exportPrivateKeyPem(keys.privateKey),
    chainPem: joinPem(certPem, issuer.certPem),
    fingerprint256: certificateFingerprint(certPem),
    serialNumber: certificate.serialNumber.toLowerCase(),
  }
}

/**
 * The SAN extension for a host list: IP literals as iPAddress, the rest as dNSName. Exported so a
 * caller can tell whether an existing certificate still names the configured hosts.
 */
export function subjectAltNameFor(
  hostnames: readonly string[],
): x509.SubjectAlternativeNameExtension {
  if (hostnames.length === 0) throw new TypeError('hostnames must not be empty')
  const names = hostnames.map((host): x509.JsonGeneralName => {
    if (typeof host !== 'string' || host === '' || /[\s/]/.test(host)) {
      throw new TypeError('hostnames must be DNS names or IP addresses')
    }
    return isIP(host) ? { type: 'ip', value: host } : { type: 'dns', value: host.toLowerCase() }
  })
  return new x509.SubjectAlternativeNameExtension(names)
}
