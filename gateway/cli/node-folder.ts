// A member's node folder (`kopuro init`): where each file lives, node.json, and gateway.json
// written only after the gateway's own loader has accepted it.
import { randomBytes } from 'node:crypto'
import { access, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { isIP } from 'node:net'
import { join } from 'node:path'
import { loadGatewayConfig, type GatewayConfig } from '../config/index.js'
import { isValidIdentifierPart, parseMemberId } from '../identifiers/index.js'
import { PRIVATE_FILE_MODE, replacePrivateFile } from '../lib/private-files.js'
import { CliUsageError } from './cli-errors.js'

/** Each file's path inside the node folder, `/`-separated, as gateway.json names them. */
export const NODE_FILES = {
  gatewayConfig: 'gateway.json',
  anchor: 'anchor.json',
  node: 'node.json',
  keys: 'keys',
  tlsKey: 'keys/tls.key.pem',
  tlsCsr: 'keys/tls.csr.pem',
  tlsCert: 'keys/tls.crt.pem',
  signingKey: 'keys/signing.private.jwk.json',
  tokenKey: 'keys/token.private.jwk.json',
  adminKey: 'keys/admin.private.jwk.json',
  logKey: 'keys/log.private.jwk.json',
  trackerKey: 'keys/tracker.key',
  clients: 'clients',
  audit: 'audit',
  directoryCache: 'directory-cache.jws',
} as const

/** A subsystem the node registers: a client (it has a key in gateway.json) or a provider only. */
export interface NodeSubsystem {
  code: string
  name?: string
}

/** node.json: who the node is. `subsystems` lists what `client add` recorded, keys or not. */
export interface NodeInfo {
  member: string
  node: string
  host: string
  memberName?: string
  subsystems?: NodeSubsystem[]
}

/** Identifier parts cannot contain `_`, so `/` → `_` gives each id its own file name. */
export function fileSafe(id: string): string {
  return id.replaceAll('/', '_')
}

/** `clients/KG_COM_10000003_kyc-app.public.jwk.json` */
export function clientPublicKeyPath(subsystemId: string): string {
  return `${NODE_FILES.clients}/${fileSafe(subsystemId)}.public.jwk.json`
}

/** Whether something is at `path` (a file this process may not see counts as absent). */
export function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  )
}

/** `[::1]` for an IPv6 literal in a URL, the host as it is otherwise. */
export function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host
}

/** Pretty JSON with a final newline: what every file of the folder holds. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n'
}

/**
 * Reads and checks `<dir>/node.json`; a folder without one, or with a damaged one, is bad input.
 *
 * @example const { member, node } = await readNodeInfo('/srv/kopuro/gw1')
 */
export async function readNodeInfo(dir: string): Promise<NodeInfo> {
  const text = await readFile(join(dir, NODE_FILES.node), 'utf8').catch(() => undefined)
  if (text === undefined) {
    throw new CliUsageError(`${dir} is not a node folder: node.json is missing (run kopuro init)`)
  }
  let info: NodeInfo
  try {
    info = JSON.parse(text) as NodeInfo
  } catch {
    throw new CliUsageError(`${join(dir, NODE_FILES.node)} is not JSON`)
  }
  const subsystems = info?.subsystems ?? []
  if (
    typeof info !== 'object' ||
    !parseMemberId(String(info.member)) ||
    !isValidIdentifierPart(String(info.node)) ||
    typeof info.host !== 'string' ||
    !Array.isArray(subsystems) ||
    !subsystems.every((s) => isValidIdentifierPart(String(s?.code)))
  ) {
    throw new CliUsageError(`${join(dir, NODE_FILES.node)} is not { member, node, host, … }`)
  }
  return info
}

/** Replaces node.json (owner-only, whole or not at all). */
export async function writeNodeInfo(dir: string, info: NodeInfo): Promise<void> {
  await replacePrivateFile(join(dir, NODE_FILES.node), toJson(info))
}

/**
 * gateway.json as written, relative paths unresolved, for a command that changes one part of it.
 *
 * @example const config = await readRawGatewayConfig(dir)
 */
export async function readRawGatewayConfig(dir: string): Promise<GatewayConfig> {
  const file = join(dir, NODE_FILES.gatewayConfig)
  const text = await readFile(file, 'utf8').catch(() => undefined)
  if (text === undefined) throw new CliUsageError(`${file} is missing (run kopuro init)`)
  try {
    return JSON.parse(text) as GatewayConfig
  } catch {
    throw new CliUsageError(`${file} is not JSON`)
  }
}

/** A gateway.json the loader accepted, written beside its final name until `commit`. */
export interface StagedGatewayConfig {
  /** The config as the loader resolved it (absolute paths). */
  loaded: GatewayConfig
  commit(): Promise<void>
  discard(): Promise<void>
}

/**
 * Writes `config` to a temporary file in `dir` and loads it with the gateway's own loader, so
 * relative paths resolve exactly as they will from gateway.json; a config it refuses is bad
 * input (exit 2) and nothing is replaced. `commit` renames it over gateway.json.
 *
 * @example const staged = await stageGatewayConfig(dir, config); await staged.commit()
 */
export async function stageGatewayConfig(
  dir: string,
  config: GatewayConfig,
): Promise<StagedGatewayConfig> {
  const file = join(dir, NODE_FILES.gatewayConfig)
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`
  await writeFile(temporary, toJson(config), { mode: PRIVATE_FILE_MODE, flag: 'wx' })
  const discard = () => rm(temporary, { force: true })
  let loaded: GatewayConfig
  try {
    loaded = await loadGatewayConfig(temporary)
  } catch (error) {
    await discard()
    throw new CliUsageError(`gateway.json would not load: ${(error as Error).message}`)
  }
  return { loaded, commit: () => rename(temporary, file), discard }
}
