// The federation folder `kopuro directory init` makes and `directory serve --dir` runs from.
import { access } from 'node:fs/promises'
import { join } from 'node:path'
import {
  certificateFingerprint,
  createRootCa,
  createSigningKey,
  loadCertificateAuthority,
  publicJwkOf,
  type SigningJwk,
} from '../../../certs/index.js'
import { isValidIdentifierPart } from '../../identifiers/index.js'
import { makePrivateDir, PRIVATE_FILE_MODE } from '../../lib/private-files.js'
import type { DirectoryAnchor } from '../directory-document.js'
import { ensureAdminKey } from './api/admin-tokens.js'
import { readTextIfExists, writeFileIfAbsent } from '../../lib/durable-file.js'
import { createAuthority } from './registry/create-authority.js'
import { DEFAULT_VALIDITY_SECONDS, type RegistryInit } from './registry/registry-state.js'
import { registrationsFileFor } from './registry/registration-store.js'
import { loadRegistryState } from './registry/state-file.js'

const PUBLIC_FILE_MODE = 0o644

/** `authority.json`: what the authority runs as. */
export interface AuthorityConfig {
  instance: string
  memberClasses: { code: string; description: string }[]
  validitySeconds: number
  listen: { host: string; port: number }
  /** Where members reach the authority: `http://127.0.0.10:4400`. */
  publicUrl: string
}

export interface FederationFolderPaths {
  dir: string
  authorityConfig: string
  anchor: string
  caKey: string
  caCert: string
  directoryKey: string
  adminKey: string
  stateDir: string
  stateFile: string
  changeLogDir: string
  registrationsFile: string
}

/**
 * Every file of a federation folder under `dir`.
 *
 * @example federationFolderPaths('/srv/kg-federation').caKey // '/srv/kg-federation/ca/ca.key.pem'
 */
export function federationFolderPaths(dir: string): FederationFolderPaths {
  const stateFile = join(dir, 'state', 'registry.json')
  return {
    dir,
    authorityConfig: join(dir, 'authority.json'),
    anchor: join(dir, 'anchor.json'),
    caKey: join(dir, 'ca', 'ca.key.pem'),
    caCert: join(dir, 'ca', 'ca.crt.pem'),
    directoryKey: join(dir, 'keys', 'directory.private.jwk.json'),
    adminKey: join(dir, 'keys', 'admin.private.jwk.json'),
    stateDir: join(dir, 'state'),
    stateFile,
    changeLogDir: join(dir, 'state', 'changes'),
    registrationsFile: registrationsFileFor(stateFile),
  }
}

export interface InitFederationOptions {
  instance: string
  publicUrl: string
  memberClasses?: { code: string; description: string }[]
  host?: string
  port?: number
  validitySeconds?: number
  now?: () => number
  /** One line per file: created or kept. */
  onProgress?: (line: string) => void
}

/**
 * Makes what is missing of the federation folder and keeps what exists (docs/operations.md,
 * Joining a federation): `authority.json`, the root CA in `ca/`, the directory and admin keys in
 * `keys/`, `anchor.json` for members, and the registry in `state/` with the CA in its
 * federationCas (recorded in the change log), so the first directory already lists it. A second
 * run writes nothing. Throws a TypeError naming the file or option that is unusable.
 *
 * @example await initFederationFolder('/srv/kg', { instance: 'KG', publicUrl: 'http://127.0.0.10:4400' })
 */
export async function initFederationFolder(
  dir: string,
  options: InitFederationOptions,
): Promise<FederationFolderPaths> {
  const paths = federationFolderPaths(dir)
  const progress = options.onProgress ?? (() => {})
  await makePrivateDir(dir)
  const config = await ensureAuthorityConfig(paths, options, progress)
  const ca = await ensureCa(paths, config.instance, progress)
  const directoryKey = await ensureDirectoryKey(paths.directoryKey, progress)
  const adminExisted = await exists(paths.adminKey)
  await ensureAdminKey(paths.adminKey)
  progress(`${adminExisted ? 'kept' : 'created'} ${paths.adminKey}`)
  const anchor: DirectoryAnchor = {
    instance: config.instance,
    keys: [publicJwkOf(directoryKey)],
    sources: [`${config.publicUrl}/directory`],
  }
  const anchorCreated = await writeFileIfAbsent(paths.anchor, json(anchor), {
    mode: PUBLIC_FILE_MODE,
    makeDir: true,
  })
  progress(`${anchorCreated ? 'created' : 'kept'} ${paths.anchor}`)
  await ensureState(paths, config, directoryKey, ca, options.now)
  progress(`federation CA in ${paths.stateFile}`)
  return paths
}

/**
 * `authority.json`, checked: a TypeError names the file and the field.
 *
 * @example const config = await readAuthorityConfig(federationFolderPaths(dir).authorityConfig)
 */
export async function readAuthorityConfig(file: string): Promise<AuthorityConfig> {
  const text = await readTextIfExists(file)
  if (text === undefined) throw new TypeError(`${file} is missing`)
  let value: AuthorityConfig
  try {
    value = JSON.parse(text) as AuthorityConfig
  } catch (cause) {
    throw new TypeError(`${file} is not JSON`, { cause })
  }
  const fail = (field: string) => new TypeError(`${file}: ${field} is missing or unusable`)
  if (!isValidIdentifierPart(value?.instance)) throw fail('instance')
  if (!Array.isArray(value.memberClasses)) throw fail('memberClasses')
  if (!Number.isSafeInteger(value.validitySeconds) || value.validitySeconds < 1) {
    throw fail('validitySeconds')
  }
  if (typeof value.listen?.host !== 'string' || !Number.isSafeInteger(value.listen.port)) {
    throw fail('listen')
  }
  if (typeof value.publicUrl !== 'string' || !URL.canParse(value.publicUrl)) throw fail('publicUrl')
  return value
}

/** The registry's initial settings from `authority.json`. */
export function registryInitOf(config: AuthorityConfig): RegistryInit {
  return {
    instance: config.instance,
    memberClasses: config.memberClasses,
    validitySeconds: config.validitySeconds,
  }
}

async function ensureAuthorityConfig(
  paths: FederationFolderPaths,
  options: InitFederationOptions,
  progress: (line: string) => void,
): Promise<AuthorityConfig> {
  if (await exists(paths.authorityConfig)) {
    const kept = await readAuthorityConfig(paths.authorityConfig)
    if (kept.instance !== options.instance) {
      throw new TypeError(`${paths.authorityConfig} is for another instance`)
    }
    progress(`kept ${paths.authorityConfig}`)
    return kept
  }
  if (!isValidIdentifierPart(options.instance)) {
    throw new TypeError('--instance must be an identifier part')
  }
  const url = URL.canParse(options.publicUrl) ? new URL(options.publicUrl) : undefined
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash || url.username) {
    throw new TypeError('--public-url must be an http(s) URL without query or credentials')
  }
  for (const c of options.memberClasses ?? []) {
    if (!isValidIdentifierPart(c.code))
      throw new TypeError('--member-class codes must be identifier parts')
  }
  const port = options.port ?? Number(url.port || (url.protocol === 'https:' ? 443 : 80))
  const config: AuthorityConfig = {
    instance: options.instance,
    memberClasses: options.memberClasses ?? [],
    validitySeconds: options.validitySeconds ?? DEFAULT_VALIDITY_SECONDS,
    listen: { host: options.host ?? url.hostname.replace(/^\[(.*)\]$/, '$1'), port },
    publicUrl: url.href.replace(/\/+$/, ''),
  }
  await writeFileIfAbsent(paths.authorityConfig, json(config), {
    mode: PRIVATE_FILE_MODE,
    makeDir: true,
  })
  progress(`created ${paths.authorityConfig}`)
  return config
}

async function ensureCa(
  paths: FederationFolderPaths,
  instance: string,
  progress: (line: string) => void,
): Promise<{ certPem: string }> {
  const certPem = await readTextIfExists(paths.caCert)
  const keyPem = await readTextIfExists(paths.caKey)
  if (certPem !== undefined && keyPem !== undefined) {
    await loadCertificateAuthority(certPem, keyPem)
    progress(`kept ${paths.caCert}, ${paths.caKey}`)
    return { certPem }
  }
  if (certPem !== undefined || keyPem !== undefined) {
    // Half a CA cannot issue (no key) or would orphan every certificate it issued (no cert).
    const missing = certPem === undefined ? paths.caCert : paths.caKey
    throw new TypeError(`${missing} is missing beside its other half; restore it or remove both`)
  }
  const ca = await createRootCa({ name: `${instance} federation root CA` })
  await writeFileIfAbsent(paths.caKey, ca.keyPem, { mode: PRIVATE_FILE_MODE, makeDir: true })
  await writeFileIfAbsent(paths.caCert, ca.certPem, { mode: PUBLIC_FILE_MODE, makeDir: true })
  progress(`created ${paths.caCert}, ${paths.caKey}`)
  return { certPem: ca.certPem }
}

async function ensureDirectoryKey(
  file: string,
  progress: (line: string) => void,
): Promise<SigningJwk> {
  const existing = await readTextIfExists(file)
  if (existing !== undefined) {
    const jwk = parseDirectoryKey(existing, file)
    progress(`kept ${file}`)
    return jwk
  }
  const { privateJwk } = await createSigningKey({ alg: 'EdDSA' })
  if (
    !(await writeFileIfAbsent(file, json(privateJwk), { mode: PRIVATE_FILE_MODE, makeDir: true }))
  ) {
    return parseDirectoryKey((await readTextIfExists(file)) ?? '', file)
  }
  progress(`created ${file}`)
  return privateJwk
}

/** The directory key as `startAuthority` reads it: a private Ed25519 JWK with a kid. */
function parseDirectoryKey(text: string, file: string): SigningJwk {
  let jwk: SigningJwk
  try {
    jwk = JSON.parse(text) as SigningJwk
  } catch (cause) {
    throw new TypeError(`${file} is not a JWK`, { cause })
  }
  if (jwk?.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.d !== 'string' || !jwk.kid) {
    throw new TypeError(`${file} is not a private Ed25519 JWK with a kid`)
  }
  return jwk
}

/** A new registry from authority.json, or the existing one; the CA added when it is not listed. */
async function ensureState(
  paths: FederationFolderPaths,
  config: AuthorityConfig,
  directoryKey: SigningJwk,
  ca: { certPem: string },
  now: (() => number) | undefined,
): Promise<void> {
  const stored = await loadRegistryState(paths.stateFile)
  const fingerprint = certificateFingerprint(ca.certPem)
  if (stored?.federationCas.some((c) => c.fingerprint === fingerprint)) return
  const authority = await createAuthority({
    stateFile: paths.stateFile,
    directoryKey,
    changeLogDir: paths.changeLogDir,
    init: registryInitOf(config),
    ...(now && { now }),
  })
  try {
    await authority.apply({ op: 'add-ca', pem: ca.certPem }, 'directory-init')
  } finally {
    await authority.close()
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  )
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}
