// Loads the federation root CA from the PKI directory, or creates it when neither file exists.
import { X509Certificate } from './x509.js'
import { createRootCa, loadCertificateAuthority } from '../create-root-ca.js'
import type { CertificateAuthority } from '../create-root-ca.js'
import { certificateFingerprint } from '../fingerprint.js'
import type { PkiCaEntry } from '../pki-manifest.js'
import { PKI_RELATIVE_PATHS, resolvePkiPath } from '../pki-paths.js'
import { readTextIfExists, writePrivateFile, writePublicFile } from './files.js'

export interface EnsuredRootCa {
  ca: CertificateAuthority
  entry: PkiCaEntry
}

export async function ensureRootCa(
  dir: string,
  instance: string,
  now: Date,
  progress: (step: string) => void,
): Promise<EnsuredRootCa> {
  const certFile = PKI_RELATIVE_PATHS.caCert()
  const keyFile = PKI_RELATIVE_PATHS.caKey()
  const certPem = await readTextIfExists(resolvePkiPath(dir, certFile))
  const keyPem = await readTextIfExists(resolvePkiPath(dir, keyFile))
  let ca: CertificateAuthority
  if (certPem !== undefined && keyPem !== undefined) {
    const loaded = await loadCertificateAuthority(certPem, keyPem)
    ca = { certPem, keyPem, serialNumber: loaded.certificate.serialNumber.toLowerCase() }
    progress(`kept root CA (${certFile})`)
  } else if (certPem === undefined && keyPem === undefined) {
    ca = await createRootCa({ name: `${instance} federation root CA`, now })
    await writePrivateFile(resolvePkiPath(dir, keyFile), ca.keyPem)
    await writePublicFile(resolvePkiPath(dir, certFile), ca.certPem)
    progress(`created root CA (${certFile})`)
  } else {
    // Half a CA cannot issue (no key) or would orphan every issued certificate (no cert).
    throw new Error(
      `Only one of ${certFile} and ${keyFile} exists; restore the other or remove both`,
    )
  }
  const { notAfter } = new X509Certificate(ca.certPem)
  const entry: PkiCaEntry = {
    certFile,
    keyFile,
    serialNumber: ca.serialNumber,
    fingerprint256: certificateFingerprint(ca.certPem),
    notAfter: notAfter.toISOString(),
  }
  return { ca, entry }
}
