// A node's own TLS key and its PKCS#10 request: the key stays with the member, only the request
// travels to the federation (docs/design.md §3, key custody).
import { createPrivateKey, createPublicKey } from 'node:crypto'
import * as x509 from './lib/x509.js'
import { readTextIfExists, writePrivateFile } from './lib/files.js'
import { subjectAltNameFor } from './issue-node-certificate.js'
import {
  EC_KEY_ALGORITHM,
  EC_SIGNING_ALGORITHM,
  exportPrivateKeyPem,
  generateEcKeyPair,
  importSigningKeyPem,
  joinPem,
  useNodeCrypto,
} from './lib/node-crypto.js'

/**
 * A fresh TLS private key (ECDSA P-256) as PKCS#8 PEM, the kind every node certificate carries.
 *
 * @example await writePrivateFile('keys/tls.key.pem', await createTlsKeyPem())
 */
export async function createTlsKeyPem(): Promise<string> {
  const crypto = useNodeCrypto()
  return exportPrivateKeyPem((await generateEcKeyPair(crypto)).privateKey)
}

/** RFC 5280 §4.2.1.6. */
const SUBJECT_ALT_NAME_OID = '2.5.29.17'

export interface CertificateRequestOptions {
  /** The TLS private key (PKCS#8 PEM, EC P-256) whose public half the request carries. */
  keyPem: string
  /** The subject's common name: the node id, `KG/COM/10000003/gw1`. */
  commonName: string
  /** DNS names and IP addresses for the subject alternative name. */
  hostnames: readonly string[]
}

/**
 * A PKCS#10 request (PEM) for `keyPem`, self-signed with it (proof of possession): subject
 * `CN=<commonName>`, subjectAltName from `hostnames` (IP literals as iPAddress, the rest dNSName).
 *
 * @example const csrPem = await createCertificateRequest({ keyPem, commonName: 'KG/COM/10000003/gw1', hostnames: ['127.0.0.30'] })
 */
export async function createCertificateRequest(
  options: CertificateRequestOptions,
): Promise<string> {
  const crypto = useNodeCrypto()
  const privateKey = await importSigningKeyPem(crypto, options.keyPem)
  const spki = createPublicKey(createPrivateKey(options.keyPem)).export({
    type: 'spki',
    format: 'der',
  })
  const publicKey = await crypto.subtle.importKey('spki', spki, EC_KEY_ALGORITHM, true, ['verify'])
  const request = await x509.Pkcs10CertificateRequestGenerator.create(
    {
      name: [{ CN: [options.commonName] }],
      keys: { privateKey, publicKey },
      signingAlgorithm: EC_SIGNING_ALGORITHM,
      extensions: [subjectAltNameFor(options.hostnames)],
    },
    crypto,
  )
  return joinPem(request.toString('pem'))
}

/**
 * Why an existing request does not fit the key, name and hosts, or undefined when it does: a
 * request is never silently remade, so a mismatch is for a person to look at.
 *
 * @example const problem = await whyRequestDiffers(csrPem, { keyPem, commonName, hostnames })
 */
export async function whyRequestDiffers(
  csrPem: string,
  expected: CertificateRequestOptions,
): Promise<string | undefined> {
  useNodeCrypto()
  let request: x509.Pkcs10CertificateRequest
  try {
    request = new x509.Pkcs10CertificateRequest(csrPem)
  } catch {
    return 'it is not a PEM certificate request'
  }
  if (!(await request.verify())) return 'its self-signature does not verify'
  const spki = createPublicKey(createPrivateKey(expected.keyPem)).export({
    type: 'spki',
    format: 'der',
  })
  if (!Buffer.from(request.publicKey.rawData).equals(spki)) return 'it is for another TLS key'
  const subject = new x509.Name([{ CN: [expected.commonName] }]).toString()
  if (request.subject !== subject) return `its subject is ${request.subject}, not ${subject}`
  const san = request.getExtension(SUBJECT_ALT_NAME_OID)
  const wanted = subjectAltNameFor(expected.hostnames)
  if (!san || !Buffer.from(san.value).equals(Buffer.from(wanted.value))) {
    return 'its subjectAltName names other hosts'
  }
  return undefined
}

export interface EnsureCertificateRequestOptions {
  keyFile: string
  csrFile: string
  commonName: string
  hostnames: readonly string[]
  /** How messages name the two files (default: their paths). */
  names?: { key: string; csr: string }
}

/**
 * Keeps an existing TLS key and request, or writes the missing ones owner-only: a key first, then
 * a request made from it. A request without its key, or one that no longer fits the key, name
 * and hosts, throws an Error naming the file: neither is ever replaced.
 *
 * @example await ensureCertificateRequest({ keyFile, csrFile, commonName: nodeId, hostnames: [host] })
 */
export async function ensureCertificateRequest(
  options: EnsureCertificateRequestOptions,
): Promise<{ keyCreated: boolean; csrCreated: boolean }> {
  const names = options.names ?? { key: options.keyFile, csr: options.csrFile }
  let keyPem = await readTextIfExists(options.keyFile)
  const csrPem = await readTextIfExists(options.csrFile)
  if (keyPem === undefined && csrPem !== undefined) {
    throw new Error(`${names.csr} exists but ${names.key} is missing: move ${names.csr} away`)
  }
  const keyCreated = keyPem === undefined
  if (keyPem === undefined) {
    keyPem = await createTlsKeyPem()
    await writePrivateFile(options.keyFile, keyPem)
  } else {
    checkTlsKey(keyPem, names.key)
  }
  const expected = { ...options, keyPem }
  if (csrPem === undefined) {
    await writePrivateFile(options.csrFile, await createCertificateRequest(expected))
    return { keyCreated, csrCreated: true }
  }
  const problem = await whyRequestDiffers(csrPem, expected)
  if (problem) throw new Error(`${names.csr} does not fit: ${problem}`)
  return { keyCreated, csrCreated: false }
}

function checkTlsKey(keyPem: string, name: string): void {
  let ok = false
  try {
    const key = createPrivateKey(keyPem)
    ok = key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1'
  } catch {
    ok = false
  }
  if (!ok) throw new Error(`${name} is not an EC P-256 private key in PEM`)
}
