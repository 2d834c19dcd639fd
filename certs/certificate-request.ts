// PKCS#10 certificate requests for node TLS keys, and node certificates issued from them.
import { createHash, createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto'
import { isIP } from 'node:net'
import * as x509 from './lib/x509.js'
import { loadCertificateAuthority } from './create-root-ca.js'
import { certificateFingerprint } from './fingerprint.js'
import { subjectAltNameFor } from './issue-node-certificate.js'
import {
  EC_KEY_ALGORITHM,
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
import type { CryptoKeyPair, NodeCrypto } from './lib/node-crypto.js'

/** A node certificate issued from a request lives a year; the node asks again before it ends. */
export const DEFAULT_REQUEST_VALIDITY_DAYS = 365

/** No node request is larger: one P-256 key, a short subject, one or two names. */
export const MAX_CERTIFICATE_REQUEST_CHARS = 8192

export interface CreateCertificateRequestOptions {
  /** The subject's common name: `KG/COM/10000003/gw1`. */
  commonName: string
  /** DNS names and IP addresses for the subjectAltName. */
  hosts: readonly string[]
  /** An existing PKCS#8 PEM P-256 key to request for; a new one is generated when absent. */
  keyPem?: string
}

export interface CertificateRequest {
  /** PKCS#8 PEM of the key the request is for. */
  keyPem: string
  /** PKCS#10 PEM, signed by that key. */
  csrPem: string
}

/**
 * Makes a PKCS#10 request (CN and subjectAltName, signed with the key it is for), with a new
 * EC P-256 key unless one is given. Throws a TypeError on a bad name, host or key.
 *
 * @example
 * const { keyPem, csrPem } = await createCertificateRequest({
 *   commonName: 'KG/COM/10000003/gw1', hosts: ['127.0.0.30'],
 * })
 */
export async function createCertificateRequest(
  options: CreateCertificateRequestOptions,
): Promise<CertificateRequest> {
  const { commonName, hosts } = options
  if (typeof commonName !== 'string' || commonName === '' || /\p{Cc}/u.test(commonName)) {
    throw new TypeError('createCertificateRequest: commonName must be a non-empty string')
  }
  const crypto = useNodeCrypto()
  const keys = options.keyPem
    ? await importEcKeyPair(crypto, options.keyPem)
    : await generateEcKeyPair(crypto)
  const csr = await x509.Pkcs10CertificateRequestGenerator.create(
    {
      name: [{ CN: [commonName] }],
      keys,
      signingAlgorithm: EC_SIGNING_ALGORITHM,
      extensions: [subjectAltNameFor(hosts)],
    },
    crypto,
  )
  return {
    keyPem: options.keyPem ?? exportPrivateKeyPem(keys.privateKey),
    csrPem: joinPem(csr.toString('pem')),
  }
}

/** A subjectAltName entry kopuro issues for: an IP address or a DNS name. */
export interface HostName {
  type: 'ip' | 'dns'
  value: string
}

export interface ParsedCertificateRequest {
  /** Every CN attribute of the subject, in order. */
  commonNames: string[]
  /** Every subjectAltName entry; other name types than IP and DNS are listed as `other`. */
  subjectAltNames: (HostName | { type: 'other'; value: string })[]
  /** Whether the request's self-signature verifies with the key it names (proof of possession). */
  signatureValid: boolean
  /** `ec-P-256`, `ed25519`, `rsa` …: the requested key's type. */
  keyType: string
  /** The requested public key, SubjectPublicKeyInfo DER. */
  spkiDer: Buffer
  /** Lowercase hex SHA-256 of {@link spkiDer}. */
  keyFingerprint: string
}

/**
 * Parses a PEM PKCS#10 request and checks its self-signature. Throws a TypeError when the text is
 * not one (too long, not PEM, not DER a request is made of).
 *
 * @example const { commonNames, signatureValid } = await parseCertificateRequest(csrPem)
 */
export async function parseCertificateRequest(pem: string): Promise<ParsedCertificateRequest> {
  if (typeof pem !== 'string' || pem.length > MAX_CERTIFICATE_REQUEST_CHARS) {
    throw new TypeError('parseCertificateRequest: not a certificate request of a usable size')
  }
  if (
    !/^\s*-----BEGIN CERTIFICATE REQUEST-----[\s\S]+-----END CERTIFICATE REQUEST-----\s*$/.test(pem)
  ) {
    throw new TypeError('parseCertificateRequest: not one PEM certificate request')
  }
  const crypto = useNodeCrypto()
  let csr: x509.Pkcs10CertificateRequest
  let spkiDer: Buffer
  let keyType: string
  try {
    csr = new x509.Pkcs10CertificateRequest(pem)
    spkiDer = Buffer.from(csr.publicKey.rawData)
    keyType = keyTypeOf(spkiDer)
  } catch (cause) {
    throw new TypeError('parseCertificateRequest: the request does not parse', { cause })
  }
  const signatureValid = await csr.verify(crypto).catch(() => false)
  const san = csr.extensions.find((e) => e instanceof x509.SubjectAlternativeNameExtension)
  const subjectAltNames = san
    ? (san as x509.SubjectAlternativeNameExtension).names.items.map((name) =>
        name.type === 'ip' || name.type === 'dns'
          ? { type: name.type, value: name.value }
          : { type: 'other' as const, value: name.value },
      )
    : []
  return {
    commonNames: csr.subjectName.getField('CN'),
    subjectAltNames,
    signatureValid,
    keyType,
    spkiDer,
    keyFingerprint: createHash('sha256').update(spkiDer).digest('hex'),
  }
}

/** Whether a subjectAltName entry names `host`: IPs by address, DNS names case-insensitively. */
export function namesHost(name: { type: string; value: string }, host: string): boolean {
  if (isIP(host)) return name.type === 'ip' && sameAddress(name.value, host)
  return name.type === 'dns' && name.value.toLowerCase() === host.toLowerCase()
}

export interface IssueFromRequestOptions {
  /** The issuing CA: its certificate and PKCS#8 key (the federation folder's `ca/`). */
  ca: { certPem: string; keyPem: string }
  csrPem: string
  now?: Date
  validityDays?: number
}

export interface IssuedCertificate {
  certPem: string
  /** The certificate followed by the CA certificate. */
  chainPem: string
  /** Lowercase hex SHA-256 of the DER. */
  fingerprint256: string
  serialNumber: string
}

/**
 * Issues a node certificate for a request: the request's public key, its CN as the only subject
 * attribute and its subjectAltName, EKU serverAuth and clientAuth (one certificate for both sides
 * of mutual TLS), at most `validityDays` and never past the CA. The request's self-signature must
 * verify; a TypeError says why not.
 *
 * @example const { chainPem } = await issueCertificateFromRequest({ ca, csrPem })
 */
export async function issueCertificateFromRequest(
  options: IssueFromRequestOptions,
): Promise<IssuedCertificate> {
  const { now = new Date(), validityDays = DEFAULT_REQUEST_VALIDITY_DAYS } = options
  assertValidityDays(validityDays, 'issueCertificateFromRequest')
  const parsed = await parseCertificateRequest(options.csrPem)
  if (!parsed.signatureValid) {
    throw new TypeError('issueCertificateFromRequest: the request signature does not verify')
  }
  if (parsed.commonNames.length !== 1) {
    throw new TypeError('issueCertificateFromRequest: the request names no single CN')
  }
  if (parsed.keyType !== 'ec-P-256') {
    throw new TypeError('issueCertificateFromRequest: the requested key is not EC P-256')
  }
  const hosts = parsed.subjectAltNames.filter((n) => n.type !== 'other').map((n) => n.value)
  const issuer = await loadCertificateAuthority(options.ca.certPem, options.ca.keyPem)
  const crypto = useNodeCrypto()
  const publicKey = await crypto.subtle.importKey('spki', parsed.spkiDer, EC_KEY_ALGORITHM, true, [
    'verify',
  ])
  const notAfter = new Date(
    Math.min(addDays(now, validityDays).getTime(), issuer.certificate.notAfter.getTime()),
  )
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerialNumber(),
      subject: [{ CN: [parsed.commonNames[0]!] }],
      issuer: issuer.certificate.subjectName,
      notBefore: notBeforeFor(now),
      notAfter,
      publicKey,
      signingKey: issuer.signingKey,
      signingAlgorithm: EC_SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([
          x509.ExtendedKeyUsage.serverAuth,
          x509.ExtendedKeyUsage.clientAuth,
        ]),
        subjectAltNameFor(hosts),
        await x509.SubjectKeyIdentifierExtension.create(publicKey, false, crypto),
        new x509.AuthorityKeyIdentifierExtension(issuer.keyId),
      ],
    },
    crypto,
  )
  const certPem = joinPem(certificate.toString('pem'))
  return {
    certPem,
    chainPem: joinPem(certPem, issuer.certPem),
    fingerprint256: certificateFingerprint(certPem),
    serialNumber: certificate.serialNumber.toLowerCase(),
  }
}

function keyTypeOf(spkiDer: Buffer): string {
  const key = createPublicKey({ key: spkiDer, format: 'der', type: 'spki' })
  if (key.asymmetricKeyType !== 'ec') return String(key.asymmetricKeyType)
  const curve = key.asymmetricKeyDetails?.namedCurve
  return curve === 'prime256v1' ? 'ec-P-256' : `ec-${curve}`
}

async function importEcKeyPair(crypto: NodeCrypto, keyPem: string): Promise<CryptoKeyPair> {
  const privateKey = createPrivateKey(keyPem)
  if (privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new TypeError('createCertificateRequest: the key must be EC P-256')
  }
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' })
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' })
  return {
    privateKey: await crypto.subtle.importKey('pkcs8', pkcs8, EC_KEY_ALGORITHM, true, ['sign']),
    publicKey: await crypto.subtle.importKey('spki', spki, EC_KEY_ALGORITHM, true, ['verify']),
  }
}

/** IPv6 addresses compare by value (`::1` and `0:0:…:1`), as a parsed subjectAltName gives them. */
function sameAddress(a: string, b: string): boolean {
  const canonical = (ip: string) => new URL(`http://${isIP(ip) === 6 ? `[${ip}]` : ip}/`).hostname
  try {
    return canonical(a) === canonical(b)
  } catch {
    return false
  }
}

/** What a certificate says about the node it is for. */
export interface CertificateDescription {
  commonNames: string[]
  subjectAltNames: (HostName | { type: 'other'; value: string })[]
  /** Lowercase hex SHA-256 of the certificate's SubjectPublicKeyInfo. */
  keyFingerprint: string
  isCa: boolean
  notBefore: Date
  notAfter: Date
}

/**
 * Reads the subject, names, key and validity of a PEM certificate (the first block). Throws a
 * TypeError when it is not one.
 *
 * @example const { commonNames, keyFingerprint } = describeCertificate(certPem)
 */
export function describeCertificate(pem: string): CertificateDescription {
  let parsed: x509.X509Certificate
  let node: X509Certificate
  try {
    node = new X509Certificate(pem)
    parsed = new x509.X509Certificate(node.raw)
  } catch (cause) {
    throw new TypeError('describeCertificate: not a PEM certificate', { cause })
  }
  const san = parsed.getExtension(x509.SubjectAlternativeNameExtension)
  const spki = node.publicKey.export({ type: 'spki', format: 'der' })
  return {
    commonNames: parsed.subjectName.getField('CN'),
    subjectAltNames: (san?.names.items ?? []).map((name) =>
      name.type === 'ip' || name.type === 'dns'
        ? { type: name.type, value: name.value }
        : { type: 'other' as const, value: name.value },
    ),
    keyFingerprint: createHash('sha256').update(spki).digest('hex'),
    isCa: node.ca,
    notBefore: new Date(node.validFrom),
    notAfter: new Date(node.validTo),
  }
}
