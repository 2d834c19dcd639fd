// The node folder `kopuro init` makes, as the registration reads it (docs/operations.md, Joining a federation).
import { KopuroError } from '../../lib/kopuro-error.js'
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { JWK } from 'jose'
import { memberOf, parseServiceId, parseSubsystemId } from '../../identifiers/index.js'
import type { Clock } from '../../lib/clock.js'
import {
  signRegistrationRequest,
  type SignedRegistrationRequest,
} from './sign-registration-request.js'

/** Every file of a node folder, by its place in the layout. */
export interface NodeFolderPaths {
  dir: string
  gatewayConfig: string
  anchor: string
  node: string
  keysDir: string
  tlsKey: string
  tlsCsr: string
  tlsCert: string
  signingKey: string
  tokenKey: string
  adminKey: string
  logKey: string
  /** The log key's public half, for auditors: `kopuro audit verify --log-key`. */
  logPublicKey: string
  trackerKey: string
  clientsDir: string
  registration: string
  auditDir: string
  directoryCache: string
}

/**
 * The layout's paths under `dir`.
 *
 * @example nodeFolderPaths('/srv/kopuro/gw1').tlsCsr // '/srv/kopuro/gw1/keys/tls.csr.pem'
 */
export function nodeFolderPaths(dir: string): NodeFolderPaths {
  const keys = join(dir, 'keys')
  return {
    dir,
    gatewayConfig: join(dir, 'gateway.json'),
    anchor: join(dir, 'anchor.json'),
    node: join(dir, 'node.json'),
    keysDir: keys,
    tlsKey: join(keys, 'tls.key.pem'),
    tlsCsr: join(keys, 'tls.csr.pem'),
    tlsCert: join(keys, 'tls.crt.pem'),
    signingKey: join(keys, 'signing.private.jwk.json'),
    tokenKey: join(keys, 'token.private.jwk.json'),
    adminKey: join(keys, 'admin.private.jwk.json'),
    logKey: join(keys, 'log.private.jwk.json'),
    logPublicKey: join(keys, 'log.public.jwk.json'),
    trackerKey: join(keys, 'tracker.key'),
    clientsDir: join(dir, 'clients'),
    registration: join(dir, 'registration.json'),
    auditDir: join(dir, 'audit'),
    directoryCache: join(dir, 'directory-cache.jws'),
  }
}

/** `node.json`: who the node is. */
export interface NodeDescription {
  member: string
  node: string
  host: string
  memberName?: string
  /**
   * Subsystems `kopuro client add` recorded, with their names: clients, and subsystems that only
   * provide services (they have no clients[] entry and may have no service yet).
   */
  subsystems?: { code: string; name?: string }[]
}

/** The parts of `gateway.json` a registration reads. */
interface GatewayConfigPart {
  federationUrl?: string
  listen?: { federationPort?: number }
  clients?: { subsystem?: string }[]
  services?: { id?: string; title?: string; contract?: string }[]
  directory?: { cacheFile?: string }
}

/** A node folder file that is missing or unusable; `file` names it (the CLI's exit 2). */
export class NodeFolderError extends KopuroError<'node_folder'> {
  constructor(
    readonly file: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super('node_folder', `${file}: ${message}`, options)
    this.name = 'NodeFolderError'
  }
}

export interface NodeRegistrationRequest extends SignedRegistrationRequest {
  paths: NodeFolderPaths
  description: NodeDescription
  /** Where the verified directory goes: gateway.json's `directory.cacheFile`, else the layout's. */
  cacheFile: string
}

/**
 * Reads the node folder and signs its registration request: the member, node and recorded
 * subsystems (with their names) from `node.json`; the federation URL, the subsystems of the
 * clients and services, and the services (with each contract's digest) from `gateway.json`; the
 * CSR, signing and log keys from `keys/`.
 * A missing or unusable file throws a NodeFolderError naming it.
 *
 * @example const { jws } = await openRegistrationRequest('/srv/kopuro/gw1')
 */
export async function openRegistrationRequest(
  dir: string,
  options: { now?: Clock } = {},
): Promise<NodeRegistrationRequest> {
  const paths = nodeFolderPaths(resolve(dir))
  const description = await readNodeDescription(paths.node)
  const config = (await readJson(paths.gatewayConfig)) as GatewayConfigPart
  const member = description.member
  const subsystems = new Set<string>()
  const names = new Map<string, string>()
  for (const { code, name } of description.subsystems ?? []) {
    subsystems.add(code)
    if (name !== undefined) names.set(code, name)
  }
  for (const client of config.clients ?? []) {
    const id = parseSubsystemId(client.subsystem ?? '')
    if (id && memberOf(client.subsystem!) === member) subsystems.add(id.subsystemCode)
  }
  const services = []
  for (const service of config.services ?? []) {
    const id = parseServiceId(service.id ?? '')
    if (!id || memberOf(service.id!) !== member) continue
    subsystems.add(id.subsystemCode)
    const digest = service.contract
      ? await contractDigest(paths.gatewayConfig, resolve(paths.dir, service.contract))
      : undefined
    services.push({
      id: service.id!,
      title: service.title ?? id.serviceCode,
      ...(digest !== undefined && { contractDigest: digest }),
    })
  }
  const signed = await signRegistrationRequest({
    member: { id: member, ...(description.memberName && { name: description.memberName }) },
    node: {
      code: description.node,
      federationUrl: config.federationUrl ?? federationUrlOf(description.host, config, paths),
      host: description.host,
    },
    csrPem: await readText(paths.tlsCsr),
    signingKey: (await readJson(paths.signingKey)) as JWK,
    logKey: (await readJson(paths.logKey)) as JWK,
    subsystems: [...subsystems].map((code) => ({
      code,
      ...(names.has(code) && { name: names.get(code)! }),
    })),
    services,
    now: options.now,
  }).catch((cause: unknown) => {
    if (cause instanceof NodeFolderError) throw cause
    throw new NodeFolderError(paths.keysDir, (cause as Error).message, { cause })
  })
  const cacheFile = config.directory?.cacheFile
    ? resolve(paths.dir, config.directory.cacheFile)
    : paths.directoryCache
  return { ...signed, paths, description, cacheFile }
}

/** `node.json`, its fields checked for type. */
export async function readNodeDescription(file: string): Promise<NodeDescription> {
  const value = (await readJson(file)) as Partial<NodeDescription> | null
  for (const field of ['member', 'node', 'host'] as const) {
    if (typeof value?.[field] !== 'string' || value[field] === '') {
      throw new NodeFolderError(file, `${field} must be a string`)
    }
  }
  if (value!.memberName !== undefined && typeof value!.memberName !== 'string') {
    throw new NodeFolderError(file, 'memberName must be a string')
  }
  const subsystems: unknown = value!.subsystems
  if (
    subsystems !== undefined &&
    !(
      Array.isArray(subsystems) &&
      subsystems.every(
        (s: { code?: unknown; name?: unknown } | null) =>
          typeof s?.code === 'string' && (s.name === undefined || typeof s.name === 'string'),
      )
    )
  ) {
    throw new NodeFolderError(file, 'subsystems must be a list of { code, name? }')
  }
  return value as NodeDescription
}

function federationUrlOf(host: string, config: GatewayConfigPart, paths: NodeFolderPaths): string {
  const port = config.listen?.federationPort
  if (!Number.isSafeInteger(port)) {
    throw new NodeFolderError(paths.gatewayConfig, 'give federationUrl or listen.federationPort')
  }
  const name = host.includes(':') ? `[${host}]` : host
  return `https://${name}:${port}`
}

async function contractDigest(configFile: string, file: string): Promise<string> {
  try {
    return createHash('sha256')
      .update(await readFile(file))
      .digest('base64url')
  } catch (cause) {
    throw new NodeFolderError(configFile, 'a service contract cannot be read', { cause })
  }
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (cause) {
    throw new NodeFolderError(file, 'cannot be read', { cause })
  }
}

/** A JSON file of the folder (the files are the node's own, so read whole). */
export async function readJson(file: string): Promise<unknown> {
  const text = await readText(file)
  try {
    return JSON.parse(text) as unknown
  } catch (cause) {
    throw new NodeFolderError(file, 'is not JSON', { cause })
  }
}
