// Keeps a node's TLS certificate while it still fits the root CA and layout, else issues a new one.
import { X509Certificate as NodeX509Certificate, createPrivateKey } from 'node:crypto'
import * as x509 from './x509.js'
import type { CertificateAuthority } from '../create-root-ca.js'
import { certificateFingerprint } from '../fingerprint.js'
import { issueNodeCertificate, subjectAltNameFor } from '../issue-node-certificate.js'
import type { PkiNodeEntry } from '../pki-manifest.js'
import { PKI_RELATIVE_PATHS, resolvePkiPath } from '../pki-paths.js'
import { readTextIfExists, writePrivateFile, writePublicFile } from './files.js'
import { joinPem } from './node-crypto.js'

export interface EnsureNodeCertificateOptions {
  dir: string
  ca: CertificateAuthority
  nodeId: string
  code: string
  memberId: string
  hostnames: string[]
  now: Date
  progress: (step: string) => void
}

export async function ensureNodeCertificate(
  options: EnsureNodeCertificateOptions,
): Promise<PkiNodeEntry> {
  const { dir, ca, nodeId, hostnames, now, progress } = options
  const files = PKI_RELATIVE_PATHS.nodeTls(nodeId)
  let certPem = await readTextIfExists(resolvePkiPath(dir, files.cert))
  const keyPem = await readTextIfExists(resolvePkiPath(dir, files.key))
  const problem =
    certPem === undefined || keyPem === undefined
      ? 'missing'
      : whyNotReusable({ ...options, certPem, keyPem })
  if (problem === undefined) {
    progress(`kept TLS certificate of ${nodeId}`)
  } else {
    const issued = await issueNodeCertificate({ ca, nodeId, hostnames, now })
    await writePrivateFile(resolvePkiPath(dir, files.key), issued.keyPem)
    await writePublicFile(resolvePkiPath(dir, files.cert), issued.certPem)
    certPem = issued.certPem
    const verb = problem === 'missing' ? 'issued' : `reissued (${problem})`
    progress(`${verb} TLS certificate of ${nodeId} (${issued.fingerprint256})`)
  }
  const chainPem = joinPem(certPem!, ca.certPem)
  if ((await readTextIfExists(resolvePkiPath(dir, files.chain))) !== chainPem) {
    await writePublicFile(resolvePkiPath(dir, files.chain), chainPem)
  }
  const certificate = new x509.X509Certificate(certPem!)
  return {
    id: nodeId,
    code: options.code,
    hostnames,
    certFile: files.cert,
    keyFile: files.key,
    chainFile: files.chain,
    fingerprint256: certificateFingerprint(certPem!),
    serialNumber: certificate.serialNumber.toLowerCase(),
    notAfter: certificate.notAfter.toISOString(),
  }
}

/**
 * Why an existing certificate must be replaced, or undefined to keep it: TLS material derives
 * from the root CA and the layout, so when either changed (a new root, other hostnames), the old
 * certificate would only fail handshakes.
 */
function whyNotReusable(
  options: EnsureNodeCertificateOptions & { certPem: string; keyPem: string },
): string | undefined {
  const { ca, certPem, keyPem, code, memberId, hostnames, now } = options
  let cert: NodeX509Certificate
  let parsed: x509.X509Certificate
  try {
    cert = new NodeX509Certificate(certPem)
    parsed = new x509.X509Certificate(certPem)
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return 'key does not match'
  } catch {
    return 'unreadable'
  }
  const root = new NodeX509Certificate(ca.certPem)
  if (!cert.checkIssued(root) || !cert.verify(root.publicKey)) return 'not issued by the root CA'
  if (parsed.notAfter.getTime() <= now.getTime()) return 'expired'
  const expectedSubject = new x509.Name([{ CN: [code] }, { O: [memberId] }]).toString()
  if (parsed.subject !== expectedSubject) return 'subject changed'
  const san = parsed.getExtension(x509.SubjectAlternativeNameExtension)
  const expectedSan = subjectAltNameFor(hostnames)
  if (!san || !sameBytes(san.value, expectedSan.value)) return 'hostnames changed'
  return undefined
}

function sameBytes(a: ArrayBuffer, b: ArrayBuffer): boolean {
  return Buffer.from(a).equals(Buffer.from(b))
}
