// pki.json: what initPki produced, with paths relative to the PKI directory, for everyone to read.
import { readFile } from 'node:fs/promises'
import type { SigningAlgorithm, SigningJwk } from './create-signing-key.js'
import { manifestPath, resolvePkiPath } from './pki-paths.js'

export const PKI_MANIFEST_VERSION = 1

export interface PkiKeyEntry {
  /** RFC 7638 thumbprint. */
  kid: string
  alg: SigningAlgorithm
  privateJwkFile: string
  publicJwkFile: string
}

export interface PkiCaEntry {
  certFile: string
  keyFile: string
  serialNumber: string
  fingerprint256: string
  notAfter: string
}

export interface PkiNodeEntry {
  /** `KG/GOV/70000001/gw1` */
  id: string
  code: string
  hostnames: string[]
  certFile: string
  keyFile: string
  chainFile: string
  /** Lowercase hex SHA-256 of the DER: the value the directory publishes for the node. */
  fingerprint256: string
  serialNumber: string
  notAfter: string
}

export interface PkiClientEntry extends PkiKeyEntry {
  /** `KG/COM/10000001/kyc-app` */
  id: string
  code: string
}

export interface PkiMemberEntry {
  id: string
  name?: string
  signingKey: PkiKeyEntry
  nodes: PkiNodeEntry[]
  clients: PkiClientEntry[]
}

export interface PkiManifest {
  version: typeof PKI_MANIFEST_VERSION
  instance: string
  ca: PkiCaEntry
  /** The federation authority's directory-signing key (EdDSA). */
  directoryKey: PkiKeyEntry
  members: PkiMemberEntry[]
}

/**
 * Reads `dir/pki.json`, as written by initPki.
 *
 * @example
 * const pki = await loadPkiManifest('.kopuro/pki')
 * const caPem = await readFile(resolvePkiPath('.kopuro/pki', pki.ca.certFile), 'utf8')
 */
export async function loadPkiManifest(dir: string): Promise<PkiManifest> {
  const path = manifestPath(dir)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new Error(`No PKI manifest at ${path}: run \`kopuro pki init\` first`, { cause: error })
  }
  const manifest = JSON.parse(text) as Partial<PkiManifest>
  if (
    manifest?.version !== PKI_MANIFEST_VERSION ||
    typeof manifest.instance !== 'string' ||
    !manifest.ca ||
    !manifest.directoryKey ||
    !Array.isArray(manifest.members)
  ) {
    throw new TypeError(`${path} is not a version ${PKI_MANIFEST_VERSION} PKI manifest`)
  }
  return manifest as PkiManifest
}

/** Reads the public JWK of a manifest key entry (a member, client or the directory key). */
export async function readPublicJwk(dir: string, entry: PkiKeyEntry): Promise<SigningJwk> {
  return JSON.parse(await readFile(resolvePkiPath(dir, entry.publicJwkFile), 'utf8')) as SigningJwk
}

/** Reads the private JWK of a manifest key entry; for the key's owner only. */
export async function readPrivateJwk(dir: string, entry: PkiKeyEntry): Promise<SigningJwk> {
  return JSON.parse(await readFile(resolvePkiPath(dir, entry.privateJwkFile), 'utf8')) as SigningJwk
}
