// The federation root CA: a self-signed EC P-256 certificate that anchors all federation TLS.
import { X509Certificate as NodeX509Certificate, createPrivateKey } from 'node:crypto'
import * as x509 from './lib/x509.js'
import {
  EC_SIGNING_ALGORITHM,
  addDays,
  assertValidityDays,
  exportPrivateKeyPem,
  generateEcKeyPair,
  importSigningKeyPem,
  joinPem,
  notBeforeFor,
  randomSerialNumber,
  useNodeCrypto,
} from './lib/node-crypto.js'
import type { CryptoKey } from './lib/node-crypto.js'

export const DEFAULT_CA_VALIDITY_DAYS = 3650

export interface CertificateAuthority {
  certPem: string
  /** PKCS#8 PEM. */
  keyPem: string
  /** Lowercase hex. */
  serialNumber: string
}

export interface CreateRootCaOptions {
  /** Subject common name: `KG federation root CA`. */
  name: string
  now?: Date
  validityDays?: number
}

/** A CA ready to sign: its parsed certificate and a non-extractable signing key. */
export interface LoadedCertificateAuthority {
  certPem: string
  certificate: x509.X509Certificate
  signingKey: CryptoKey
  /** Hex key identifier of the CA's subject key, reused as the issued certs' authority key id. */
  keyId: string
}

/**
 * Creates a self-signed root CA (EC P-256, ECDSA SHA-256).
 *
 * @example
 * const ca = await createRootCa({ name: 'KG federation root CA' })
 * // ca.certPem goes into the directory's federationCas; ca.keyPem stays with the authority.
 */
export async function createRootCa(options: CreateRootCaOptions): Promise<CertificateAuthority> {
  const { name, now = new Date(), validityDays = DEFAULT_CA_VALIDITY_DAYS } = options
  if (typeof name !== 'string' || name.trim() === '') {
    throw new TypeError('createRootCa: name must be a non-empty string')
  }
  assertValidityDays(validityDays, 'createRootCa')
  const crypto = useNodeCrypto()
  const keys = await generateEcKeyPair(crypto)
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerialNumber(),
      name: [{ CN: [name] }],
      notBefore: notBeforeFor(now),
      notAfter: addDays(now, validityDays),
      keys,
      signingAlgorithm: EC_SIGNING_ALGORITHM,
      // RFC 5280 §4.2.1.9 and §4.2.1.3: a CA says so, critically, and may sign certs and CRLs.
      // Path length 0: the root issues gateway certificates directly, never intermediates.
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
          true,
        ),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  )
  return {
    certPem: joinPem(certificate.toString('pem')),
    keyPem: exportPrivateKeyPem(keys.privateKey),
    serialNumber: certificate.serialNumber.toLowerCase(),
  }
}

/**
 * Imports a CA's certificate and PKCS#8 key for issuing; refuses a key that is not the cert's.
 *
 * @example
 * const ca = await loadCertificateAuthority(rootCertPem, rootKeyPem)
 * await x509.X509CertificateGenerator.create({ signingKey: ca.signingKey, ... })
 */
export async function loadCertificateAuthority(
  certPem: string,
  keyPem: string,
): Promise<LoadedCertificateAuthority> {
  const nodeCert = new NodeX509Certificate(certPem)
  if (!nodeCert.ca) throw new TypeError('loadCertificateAuthority: certificate is not a CA')
  if (!nodeCert.checkPrivateKey(createPrivateKey(keyPem))) {
    throw new TypeError('loadCertificateAuthority: private key does not match the certificate')
  }
  const crypto = useNodeCrypto()
  const certificate = new x509.X509Certificate(certPem)
  const ski = certificate.getExtension(x509.SubjectKeyIdentifierExtension)
  const keyId =
    ski?.keyId ??
    (await x509.SubjectKeyIdentifierExtension.create(certificate.publicKey, false, crypto)).keyId
  return {
    certPem: joinPem(certPem),
    certificate,
    signingKey: await importSigningKeyPem(crypto, keyPem),
    keyId,
  }
}
