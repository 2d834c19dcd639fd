// Where each piece of PKI material lives under the PKI directory, in one place for every reader.
import { join } from 'node:path'
import { splitIdentifier } from '../gateway/identifiers/index.js'

export const PKI_MANIFEST_FILE = 'pki.json'

export interface KeyFilePaths {
  privateJwk: string
  publicJwk: string
}

export interface TlsFilePaths {
  cert: string
  key: string
  chain: string
}

/**
 * Paths relative to the PKI directory, `/`-separated, as the manifest records them. Identifier
 * parts cannot contain `_` or `/`, so mapping `/` to `_` gives every id its own file name.
 */
export const PKI_RELATIVE_PATHS = {
  caCert: (): string => 'ca/root.cert.pem',
  caKey: (): string => 'ca/root.key.pem',
  directoryKey: (): KeyFilePaths => keyFiles('federation/directory-key'),
  memberDir: (memberId: string): string => `members/${fileSafe(memberId)}`,
  memberSigningKey: (memberId: string): KeyFilePaths =>
    keyFiles(`members/${fileSafe(memberId)}/signing`),
  nodeDir: (nodeId: string): string => `nodes/${fileSafe(nodeId)}`,
  nodeTls: (nodeId: string): TlsFilePaths => {
    const base = `nodes/${fileSafe(nodeId)}`
    return {
      cert: `${base}/tls.cert.pem`,
      key: `${base}/tls.key.pem`,
      chain: `${base}/tls.chain.pem`,
    }
  },
  clientKey: (subsystemId: string): KeyFilePaths => keyFiles(`clients/${fileSafe(subsystemId)}`),
}

/** Resolves a manifest path (relative, `/`-separated) against the PKI directory. */
export function resolvePkiPath(dir: string, relative: string): string {
  return join(dir, ...relative.split('/'))
}

export function manifestPath(dir: string): string {
  return join(dir, PKI_MANIFEST_FILE)
}

export function caCertPath(dir: string): string {
  return resolvePkiPath(dir, PKI_RELATIVE_PATHS.caCert())
}

export function caKeyPath(dir: string): string {
  return resolvePkiPath(dir, PKI_RELATIVE_PATHS.caKey())
}

export function directoryKeyPaths(dir: string): KeyFilePaths {
  return resolveAll(dir, PKI_RELATIVE_PATHS.directoryKey())
}

export function memberDir(dir: string, memberId: string): string {
  return resolvePkiPath(dir, PKI_RELATIVE_PATHS.memberDir(memberId))
}

export function memberSigningKeyPaths(dir: string, memberId: string): KeyFilePaths {
  return resolveAll(dir, PKI_RELATIVE_PATHS.memberSigningKey(memberId))
}

export function nodeDir(dir: string, nodeId: string): string {
  return resolvePkiPath(dir, PKI_RELATIVE_PATHS.nodeDir(nodeId))
}

export function nodeTlsPaths(dir: string, nodeId: string): TlsFilePaths {
  return resolveAll(dir, PKI_RELATIVE_PATHS.nodeTls(nodeId))
}

export function clientKeyPaths(dir: string, subsystemId: string): KeyFilePaths {
  return resolveAll(dir, PKI_RELATIVE_PATHS.clientKey(subsystemId))
}

/** Only well-formed ids (3 to 4 valid parts) become file names, so none can climb out of `dir`. */
function fileSafe(id: string): string {
  if (!splitIdentifier(id, 3) && !splitIdentifier(id, 4)) {
    throw new TypeError('PKI paths: expected a member, subsystem or node identifier')
  }
  return id.replaceAll('/', '_')
}

function keyFiles(base: string): KeyFilePaths {
  return { privateJwk: `${base}.private.jwk.json`, publicJwk: `${base}.public.jwk.json` }
}

function resolveAll<T extends KeyFilePaths | TlsFilePaths>(dir: string, paths: T): T {
  const entries = Object.entries(paths).map(([k, v]: [string, string]) => [
    k,
    resolvePkiPath(dir, v),
  ])
  return Object.fromEntries(entries) as T
}
