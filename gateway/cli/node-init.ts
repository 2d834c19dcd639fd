// `kopuro init`: a member's node folder with every key made here and nothing sent anywhere
// (docs/design.md §3, key custody): TLS key and request, signing, token, admin, log and tracker
// keys, the federation's anchor, node.json and a gateway.json the gateway's loader accepts.
import { readdir, readFile } from 'node:fs/promises'
import { isIP } from 'node:net'
import { join } from 'node:path'
import { createPublicKey, createPrivateKey } from 'node:crypto'
import {
  createCertificateRequest,
  ensurePrivateSigningKey,
  namesHost,
  publicJwkOf,
  type SigningJwk,
  parseCertificateRequest,
} from '../../certs/index.js'
import { loadGatewayConfig, type GatewayConfig } from '../config/index.js'
import type { DirectoryAnchor } from '../directory/index.js'
import { isValidIdentifierPart, parseMemberId } from '../identifiers/index.js'
import { readTextIfExists, replacePrivateFile, writeFileIfAbsent } from '../lib/durable-file.js'
import { makePrivateDir, PRIVATE_FILE_MODE } from '../lib/private-files.js'
import { importVerifyingKey } from '../signing/index.js'
import { ensureTrackerKeyFile } from '../tracker/index.js'
import { CliUsageError, reportErrors } from './cli-errors.js'
import { EXIT } from './exit-codes.js'
import {
  exists,
  NODE_FILES,
  readNodeInfo,
  writeGatewayConfig,
  asUsageError,
  toJson,
  urlHost,
  type NodeInfo,
} from './node-folder.js'

export interface InitOptions {
  /** `KG/COM/10000003` */
  member: string
  /** The node code, `gw1`. */
  node: string
  /** The host name or IP address peers reach the federation listener at. */
  host: string
  /** The federation's anchor file. */
  anchor: string
  dir: string
  /** The member's display name, sent with the registration. */
  name?: string
  consumerPort?: number
  federationPort?: number
  adminPort?: number
  /** The address the three listeners bind (default: the host). */
  listen?: string
}

export const DEFAULT_PORTS = { consumerPort: 5500, federationPort: 5501, adminPort: 5502 }

type Out = { log(s: string): void; error(s: string): void }

/**
 * Makes or completes the node folder. Existing files are kept byte for byte; what is missing is
 * made. Exit 0, or 2 for a bad flag, an unusable anchor, or a folder made for another node.
 *
 * @example process.exitCode = await initCommand({ member: 'KG/COM/10000003', node: 'gw1', host: '127.0.0.30', anchor: 'anchor.json', dir: 'gw1' }, console)
 */
export function initCommand(options: InitOptions, out: Out): Promise<number> {
  return reportErrors('init', out, async () => {
    const info = checkFlags(options)
    const anchorText = await readAnchor(options.anchor, info.member)
    const dir = options.dir
    const done: string[] = []
    await checkFolder(dir)
    await makePrivateDir(dir)
    await ensureNodeInfo(dir, info, done)
    await makePrivateDir(join(dir, NODE_FILES.keysDir))
    await ensureKeys(dir, info, done)
    await ensureAnchorCopy(dir, options.anchor, anchorText, done)
    await makePrivateDir(join(dir, NODE_FILES.clientsDir))
    await makePrivateDir(join(dir, NODE_FILES.auditDir))
    const config = await ensureGatewayConfig(dir, info, options, done)
    for (const line of done) out.log(line)
    out.log(`node folder ${dir} is ready for ${config.nodeId}`)
    out.log(
      `  token endpoint: http://${urlHost(config.listen.host!)}:${config.listen.consumerPort}/token`,
    )
    out.log(`  next: kopuro register --dir ${dir} --wait`)
    return EXIT.OK
  })
}

function checkFlags(options: InitOptions): NodeInfo {
  const member = parseMemberId(options.member ?? '')
  if (!member) {
    throw new CliUsageError('--member must be an X-Road member id, INSTANCE/CLASS/CODE')
  }
  if (!isValidIdentifierPart(options.node ?? '')) {
    throw new CliUsageError("--node must be a node code of X-Road's characters, e.g. gw1")
  }
  const host = normaliseHost(options.host, '--host')
  if (options.listen !== undefined) normaliseHost(options.listen, '--listen')
  if (options.name !== undefined && (options.name.trim() === '' || options.name.length > 255)) {
    throw new CliUsageError('--name must be 1 to 255 characters')
  }
  const ports = { ...DEFAULT_PORTS, ...definedPorts(options) }
  for (const [flag, port] of Object.entries(ports)) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new CliUsageError(`--${kebab(flag)} must be a port number from 1 to 65535`)
    }
  }
  if (new Set(Object.values(ports)).size !== 3) {
    throw new CliUsageError('--consumer-port, --federation-port and --admin-port must differ')
  }
  return {
    member: options.member,
    node: options.node,
    host,
    ...(options.name !== undefined && { memberName: options.name }),
  }
}

/** A DNS name (lower-cased) or an IP literal; anything else is refused, naming the flag. */
function normaliseHost(value: string | undefined, flag: string): string {
  if (typeof value === 'string' && isIP(value)) return value
  const name = (value ?? '').toLowerCase()
  const label = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?'
  if (name.length > 253 || !new RegExp(`^${label}(?:\\.${label})*$`).test(name)) {
    throw new CliUsageError(`${flag} must be a host name or an IP address`)
  }
  return name
}

function definedPorts(options: InitOptions): Partial<typeof DEFAULT_PORTS> {
  const ports: Partial<typeof DEFAULT_PORTS> = {}
  for (const key of Object.keys(DEFAULT_PORTS) as (keyof typeof DEFAULT_PORTS)[]) {
    if (options[key] !== undefined) ports[key] = options[key]
  }
  return ports
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
}

/**
 * The anchor's text, once it parses as `{ instance, keys, sources }` with Ed25519 public keys and
 * absolute sources, for the member's own instance.
 */
async function readAnchor(file: string, member: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => undefined)
  if (text === undefined) throw new CliUsageError(`--anchor ${file} cannot be read`)
  let anchor: DirectoryAnchor
  try {
    anchor = JSON.parse(text) as DirectoryAnchor
  } catch {
    throw new CliUsageError(`--anchor ${file} is not JSON`)
  }
  const problem = anchorProblem(anchor)
  if (problem) throw new CliUsageError(`--anchor ${file}: ${problem}`)
  const instance = parseMemberId(member)!.instance
  if (anchor.instance !== instance) {
    throw new CliUsageError(
      `--anchor ${file} is for instance ${anchor.instance}, not ${instance} of --member`,
    )
  }
  return text
}

function anchorProblem(anchor: DirectoryAnchor): string | undefined {
  if (typeof anchor !== 'object' || anchor === null) return 'not an object'
  if (!isValidIdentifierPart(String(anchor.instance))) return 'instance is not an instance code'
  if (!Array.isArray(anchor.keys) || anchor.keys.length === 0) return 'keys must list a key'
  for (const [i, key] of anchor.keys.entries()) {
    try {
      if (importVerifyingKey(key).alg !== 'ed25519') return `keys[${i}] is not an Ed25519 key`
    } catch (error) {
      return `keys[${i}]: ${(error as Error).message}`
    }
  }
  if (!Array.isArray(anchor.sources) || anchor.sources.length === 0) {
    return 'sources must list a source'
  }
  for (const [i, source] of anchor.sources.entries()) {
    if (typeof source !== 'string' || !/^(https?:\/\/|file:\/\/\/|\/)/.test(source)) {
      return `sources[${i}] must be an http(s) URL or an absolute file path`
    }
  }
  return undefined
}

/**
 * A new or empty folder, or one init made (it has node.json): the folder is made owner-only, so
 * an unrelated one given by mistake (a home or a shared folder) is refused, not narrowed.
 */
async function checkFolder(dir: string): Promise<void> {
  const entries: string[] = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []
    throw new CliUsageError(`--dir ${dir} cannot be read as a folder (${error.code})`)
  })
  if (entries.length > 0 && !entries.includes(NODE_FILES.node)) {
    throw new CliUsageError(`--dir ${dir} is not empty and holds no node.json: give a new folder`)
  }
}

/** node.json is written first, so a later run for another node is caught even after a crash. */
async function ensureNodeInfo(dir: string, info: NodeInfo, done: string[]): Promise<void> {
  const existing = await readFile(join(dir, NODE_FILES.node), 'utf8').catch(() => undefined)
  if (existing === undefined) {
    await replacePrivateFile(join(dir, NODE_FILES.node), toJson(info))
    done.push(`created ${NODE_FILES.node}`)
    return
  }
  const held = await readNodeInfo(dir)
  const fields: [keyof NodeInfo, string][] = [
    ['member', '--member'],
    ['node', '--node'],
    ['host', '--host'],
    ['memberName', '--name'],
  ]
  for (const [field, flag] of fields) {
    if (info[field] !== undefined && info[field] !== held[field]) {
      throw new CliUsageError(
        `${flag} ${String(info[field])} conflicts with ${join(dir, NODE_FILES.node)}, made ` +
          `for ${field} ${held[field] === undefined ? '(none)' : String(held[field])}: use another --dir`,
      )
    }
  }
  done.push(`kept ${NODE_FILES.node}`)
}

async function ensureKeys(dir: string, info: NodeInfo, done: string[]): Promise<void> {
  const at = (file: string) => join(dir, file)
  const request = await ensureCertificateRequest(
    at(NODE_FILES.tlsKey),
    at(NODE_FILES.tlsCsr),
    `${info.member}/${info.node}`,
    info.host,
  )
  done.push(`${request.keyCreated ? 'created' : 'kept'} ${NODE_FILES.tlsKey}`)
  done.push(`${request.csrCreated ? 'created' : 'kept'} ${NODE_FILES.tlsCsr}`)
  const keys = [
    [NODE_FILES.signingKey, 'EdDSA'],
    [NODE_FILES.tokenKey, 'ES256'],
    [NODE_FILES.adminKey, 'ES256'],
    [NODE_FILES.logKey, 'EdDSA'],
  ] as const
  for (const [file, alg] of keys) {
    const { created } = await ensurePrivateSigningKey(at(file), alg, file).catch(asUsageError)
    done.push(`${created ? 'created' : 'kept'} ${file}`)
  }
  // The log key's public half, for whoever audits the node's log offline.
  const logKey = JSON.parse(await readFile(at(NODE_FILES.logKey), 'utf8')) as SigningJwk
  const logPublic = `${JSON.stringify(publicJwkOf(logKey), null, 2)}\n`
  const logPublicCreated = await writeFileIfAbsent(at(NODE_FILES.logPublicKey), logPublic)
  done.push(`${logPublicCreated ? 'created' : 'kept'} ${NODE_FILES.logPublicKey}`)
  const trackerExisted = await exists(at(NODE_FILES.trackerKey))
  await ensureTrackerKeyFile(at(NODE_FILES.trackerKey))
  done.push(`${trackerExisted ? 'kept' : 'created'} ${NODE_FILES.trackerKey}`)
}

/**
 * Keeps an existing TLS key and request, or writes the missing ones (never over a file): the key
 * first, then a request made from it. A request without its key, or one that does not fit the
 * key, the node id and the host, is for a person to look at (exit 2): neither is replaced.
 */
async function ensureCertificateRequest(
  keyFile: string,
  csrFile: string,
  commonName: string,
  host: string,
): Promise<{ keyCreated: boolean; csrCreated: boolean }> {
  let keyPem = await readTextIfExists(keyFile)
  const csrPem = await readTextIfExists(csrFile)
  if (keyPem === undefined && csrPem !== undefined) {
    throw new CliUsageError(
      `${NODE_FILES.tlsCsr} exists but ${NODE_FILES.tlsKey} is missing: move the CSR away`,
    )
  }
  const keyCreated = keyPem === undefined
  if (csrPem === undefined) {
    const made = await createCertificateRequest({ commonName, hosts: [host], keyPem }).catch(
      (error: unknown) => {
        throw new CliUsageError(`${NODE_FILES.tlsKey}: ${(error as Error).message}`)
      },
    )
    if (keyPem === undefined) await writeOnce(keyFile, made.keyPem, NODE_FILES.tlsKey)
    keyPem = made.keyPem
    await writeOnce(csrFile, made.csrPem, NODE_FILES.tlsCsr)
    return { keyCreated, csrCreated: true }
  }
  const problem = await whyRequestDiffers(csrPem, keyPem!, commonName, host)
  if (problem) throw new CliUsageError(`${NODE_FILES.tlsCsr} does not fit: ${problem}`)
  return { keyCreated, csrCreated: false }
}

async function writeOnce(path: string, data: string, name: string): Promise<void> {
  if (!(await writeFileIfAbsent(path, data, { mode: PRIVATE_FILE_MODE }))) {
    throw new CliUsageError(`${name} appeared while init ran: run it again`)
  }
}

async function whyRequestDiffers(
  csrPem: string,
  keyPem: string,
  commonName: string,
  host: string,
): Promise<string | undefined> {
  let spki: Buffer
  try {
    spki = createPublicKey(createPrivateKey(keyPem)).export({ type: 'spki', format: 'der' })
  } catch {
    return `${NODE_FILES.tlsKey} is not a PEM private key`
  }
  const request = await parseCertificateRequest(csrPem).catch(() => undefined)
  if (!request) return 'it is not a PEM certificate request'
  if (!request.signatureValid) return 'its self-signature does not verify'
  if (!request.spkiDer.equals(spki)) return `it is for another key than ${NODE_FILES.tlsKey}`
  if (request.commonNames.join() !== commonName) {
    return `its CN is ${request.commonNames.join(', ')}, not ${commonName}`
  }
  const names = request.subjectAltNames
  if (names.length !== 1 || !namesHost(names[0]!, host)) {
    return `its subjectAltName does not name ${host} alone`
  }
  return undefined
}

async function ensureAnchorCopy(
  dir: string,
  from: string,
  text: string,
  done: string[],
): Promise<void> {
  const file = join(dir, NODE_FILES.anchor)
  const held = await readFile(file, 'utf8').catch(() => undefined)
  if (held === undefined) {
    await replacePrivateFile(file, text)
    done.push(`created ${NODE_FILES.anchor}`)
  } else if (held !== text) {
    throw new CliUsageError(
      `--anchor ${from} differs from ${file}: move ${NODE_FILES.anchor} away to take the new one`,
    )
  } else {
    done.push(`kept ${NODE_FILES.anchor}`)
  }
}

/**
 * The node's configuration: every path relative to the folder, no clients, services or grants
 * yet, the federation URL on the host; checked by the gateway's loader before it is written.
 */
export function nodeGatewayConfig(info: NodeInfo, options: InitOptions): GatewayConfig {
  const ports = { ...DEFAULT_PORTS, ...definedPorts(options) }
  return {
    nodeId: `${info.member}/${info.node}`,
    listen: { host: options.listen ?? info.host, ...ports },
    federationUrl: `https://${urlHost(info.host)}:${ports.federationPort}`,
    tls: { certFile: NODE_FILES.tlsCert, keyFile: NODE_FILES.tlsKey },
    signingKeyFile: NODE_FILES.signingKey,
    tokenKeyFile: NODE_FILES.tokenKey,
    adminKeyFile: NODE_FILES.adminKey,
    directory: { anchorFile: NODE_FILES.anchor, cacheFile: NODE_FILES.directoryCache },
    clients: [],
    services: [],
    grants: [],
    audit: { dir: NODE_FILES.auditDir, logKeyFile: NODE_FILES.logKey },
    tracker: { keyFile: NODE_FILES.trackerKey },
  }
}

async function ensureGatewayConfig(
  dir: string,
  info: NodeInfo,
  options: InitOptions,
  done: string[],
): Promise<GatewayConfig> {
  const file = join(dir, NODE_FILES.gatewayConfig)
  if (!(await exists(file))) {
    const config = nodeGatewayConfig(info, options)
    await writeGatewayConfig(dir, config)
    done.push(`created ${NODE_FILES.gatewayConfig}`)
    return config
  }
  let held: GatewayConfig
  try {
    held = await loadGatewayConfig(file)
  } catch (error) {
    throw new CliUsageError(`${file} does not load:\n${(error as Error).message}`)
  }
  // A flag that disagrees with the kept file would be silently ignored: say so instead.
  const given: [string, unknown, unknown][] = [
    ['--consumer-port', options.consumerPort, held.listen.consumerPort],
    ['--federation-port', options.federationPort, held.listen.federationPort],
    ['--admin-port', options.adminPort, held.listen.adminPort],
    ['--listen', options.listen, held.listen.host],
  ]
  for (const [flag, value, kept] of given) {
    if (value !== undefined && value !== kept) {
      throw new CliUsageError(
        `${flag} ${String(value)} conflicts with ${file} (${String(kept)}): edit that file instead`,
      )
    }
  }
  done.push(`kept ${NODE_FILES.gatewayConfig}`)
  return held
}
