// A member's node folder (`kopuro init`) as the CLI writes it: the layout's paths relative to the
// folder (as gateway.json names them), node.json, and gateway.json written only once the
// gateway's own configuration check has accepted it.
import { access } from 'node:fs/promises'
import { isIP } from 'node:net'
import { join } from 'node:path'
import { checkGatewayConfig, type GatewayConfig } from '../config/index.js'
import {
  nodeFolderPaths,
  readJson,
  readNodeDescription,
  type NodeDescription,
} from '../directory/registration/index.js'
import { isValidIdentifierPart, parseMemberId } from '../identifiers/index.js'
import { replacePrivateFile } from '../lib/durable-file.js'
import { CliUsageError } from './cli-errors.js'

/** The layout's paths relative to the folder, `/`-separated: `keys/tls.key.pem` … */
export const NODE_FILES = nodeFolderPaths('')

/** node.json: who the node is, and the subsystems `client add` recorded. */
export type NodeInfo = NodeDescription

/** Identifier parts cannot contain `_`, so `/` → `_` gives each id its own file name. */
export function fileSafe(id: string): string {
  return id.replaceAll('/', '_')
}

/** `clients/KG_COM_10000003_kyc-app.public.jwk.json` */
export function clientPublicKeyPath(subsystemId: string): string {
  return `${NODE_FILES.clientsDir}/${fileSafe(subsystemId)}.public.jwk.json`
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
  const file = join(dir, NODE_FILES.node)
  if (!(await exists(file))) {
    throw new CliUsageError(`${dir} is not a node folder: node.json is missing (run kopuro init)`)
  }
  const info = await readNodeDescription(file).catch(asUsageError)
  if (
    !parseMemberId(info.member) ||
    !isValidIdentifierPart(info.node) ||
    !(info.subsystems ?? []).every((s) => isValidIdentifierPart(s.code))
  ) {
    throw new CliUsageError(`${file}: member, node or a subsystem code is not an X-Road identifier`)
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
  if (!(await exists(file))) throw new CliUsageError(`${file} is missing (run kopuro init)`)
  return (await readJson(file).catch(asUsageError)) as GatewayConfig
}

/**
 * The gateway's own check of a configuration (schema and rules, as `kopuro gateway` makes it at
 * start); one it refuses is bad input (exit 2), each problem on its own line.
 *
 * @example checkNodeGatewayConfig(config) // throws CliUsageError naming the key
 */
export function checkNodeGatewayConfig(config: GatewayConfig): void {
  try {
    checkGatewayConfig(config)
  } catch (error) {
    throw new CliUsageError(`gateway.json would not load:\n${(error as Error).message}`)
  }
}

/** Writes gateway.json (owner-only, atomically) after checkNodeGatewayConfig accepted it. */
export async function writeGatewayConfig(dir: string, config: GatewayConfig): Promise<void> {
  checkNodeGatewayConfig(config)
  await replacePrivateFile(join(dir, NODE_FILES.gatewayConfig), toJson(config))
}

/**
 * A file of the folder that is missing, damaged or unreadable is the user's to look at (exit 2);
 * its message names it (NodeFolderError, the key checks of certs/).
 */
export function asUsageError(error: unknown): never {
  throw new CliUsageError((error as Error).message, { cause: error })
}
