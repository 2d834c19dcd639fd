// The approval's certificate check: issued by a federation CA for exactly the requested key and names.
import { X509Certificate } from 'node:crypto'
import { certificateFingerprint, describeCertificate, namesHost } from '../../../../certs/index.js'
import { AuthorityError } from '../authority-error.js'
import type { RegistryState } from './registry-state.js'
import type { StoredRegistration } from './registration-store.js'

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g

export interface CheckedCertificate {
  /** Lowercase hex SHA-256 of the leaf (DER): what the directory publishes for the node. */
  fingerprint: string
  /** The leaf, then the CA that issued it. */
  chainPem: string
}

/**
 * The operator's certificate for a registration must be one PEM leaf (a trailing copy of its CA
 * is allowed), not a CA, issued and signed by one of the registry's federation CAs, for the CSR's
 * public key, with its CN and host as the only names, valid at `now` and not revoked; else
 * `registration.bad_certificate` (docs/protocol.md §5.6).
 *
 * @example const { fingerprint, chainPem } = checkNodeCertificate(pem, registration, state, Date.now())
 */
export function checkNodeCertificate(
  pem: string,
  registration: StoredRegistration,
  state: RegistryState,
  now: number,
): CheckedCertificate {
  const blocks = pem.match(PEM_CERTIFICATE) ?? []
  if (blocks.length < 1 || blocks.length > 2) throw bad('expected one PEM certificate')
  let leaf: X509Certificate
  let description: ReturnType<typeof describeCertificate>
  try {
    leaf = new X509Certificate(blocks[0]!)
    description = describeCertificate(blocks[0]!)
  } catch (cause) {
    throw bad('the certificate does not parse', cause)
  }
  if (description.isCa) throw bad('the certificate is a CA')
  const issuer = state.federationCas.find((ca) => {
    const caCert = new X509Certificate(ca.pem)
    return leaf.checkIssued(caCert) && leaf.verify(caCert.publicKey)
  })
  if (!issuer) throw bad('the certificate is not issued by a federation CA')
  if (description.keyFingerprint !== registration.tlsKeyFingerprint) {
    throw bad("the certificate's key is not the CSR's")
  }
  const nodeId = `${registration.request.member.id}/${registration.request.node.code}`
  if (description.commonNames.length !== 1 || description.commonNames[0] !== nodeId) {
    throw bad('the certificate CN is not the node')
  }
  const names = description.subjectAltNames
  if (names.length !== 1 || !namesHost(names[0]!, registration.request.node.host)) {
    throw bad('the certificate subjectAltName is not the node host alone')
  }
  if (description.notBefore.getTime() > now || description.notAfter.getTime() <= now) {
    throw bad('the certificate is not valid now')
  }
  const fingerprint = certificateFingerprint(blocks[0]!)
  if (state.revocations.certificates.some((r) => r.fingerprint === fingerprint)) {
    throw bad('the certificate is revoked')
  }
  return { fingerprint, chainPem: `${leaf.toString().trim()}\n${issuer.pem.trim()}\n` }
}

function bad(detail: string, cause?: unknown): AuthorityError {
  return new AuthorityError('registration.bad_certificate', { detail, cause })
}
