// Read and check a gateway config file; configuration mistakes fail at start-up with a TypeError.
import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { checkGrantSyntax, describeGrantProblem } from '../access/index.js'
import {
  isGrantableMetaservice,
  isMetaservice,
  memberOf,
  parseNodeId,
  parseServiceId,
  parseSubsystemId,
} from '../identifiers/index.js'
import { DEFAULT_LIMITS, DEFAULT_MAX_CONNECTIONS, type GatewayConfig } from './gateway-config.js'

/**
 * Loads a JSON config; relative file paths in it are resolved against the file's folder.
 *
 * @example const config = await loadGatewayConfig('.kopuro/gateways/bank-gw1.json')
 */
export async function loadGatewayConfig(file: string): Promise<GatewayConfig> {
  const config = JSON.parse(await readFile(file, 'utf8')) as GatewayConfig
  const base = dirname(resolve(file))
  const at = (p: string) => resolve(base, p)
  const resolved: GatewayConfig = {
    ...config,
    tls: { certFile: at(config.tls.certFile), keyFile: at(config.tls.keyFile) },
    signingKeyFile: at(config.signingKeyFile),
    tokenKeyFile: config.tokenKeyFile && at(config.tokenKeyFile),
    adminKeyFile: config.adminKeyFile && at(config.adminKeyFile),
    directory: {
      ...config.directory,
      anchorFile: at(config.directory.anchorFile),
      cacheFile: config.directory.cacheFile && at(config.directory.cacheFile),
    },
    clients: config.clients.map((c) => ({ ...c, publicKeyFile: at(c.publicKeyFile) })),
    services: config.services.map((s) => ({ ...s, contract: s.contract && at(s.contract) })),
    audit: {
      ...config.audit,
      dir: at(config.audit.dir),
      logKeyFile: config.audit.logKeyFile && at(config.audit.logKeyFile),
    },
    tracker: config.tracker && { ...config.tracker, keyFile: at(config.tracker.keyFile) },
  }
  checkGatewayConfig(resolved)
  return resolved
}

/** Throws a TypeError naming the first invalid field. */
export function checkGatewayConfig(config: GatewayConfig): void {
  if (!parseNodeId(config.nodeId)) throw new TypeError(`config.nodeId is not a node id`)
  for (const c of config.clients) {
    if (!parseSubsystemId(c.subsystem))
      throw new TypeError(`client ${c.subsystem} is not a subsystem id`)
  }
  for (const s of config.services) {
    const id = parseServiceId(s.id)
    if (!id) throw new TypeError(`service ${s.id} is not a service id`)
    if (isMetaservice(id.serviceCode))
      throw new TypeError(`service code ${id.serviceCode} is reserved`)
    if (!s.id.startsWith(config.nodeId.split('/').slice(0, 3).join('/') + '/')) {
      throw new TypeError(`service ${s.id} does not belong to this gateway's member`)
    }
    new URL(s.url)
    if (s.validation && s.validation !== 'off' && !s.contract) {
      throw new TypeError(`service ${s.id} validates against a contract but names none`)
    }
  }
  for (const [i, entry] of (config.publishBackends ?? []).entries()) {
    const url = URL.canParse(entry) ? new URL(entry) : undefined
    if (!url || !/^https?:$/.test(url.protocol) || url.username || url.password || url.search)
      throw new TypeError(
        `config.publishBackends[${i}] must be an http(s) URL without credentials or query`,
      )
  }
  // The grant's syntax here; what it names (directory, contracts) once those are loaded.
  for (const [i, g] of config.grants.entries()) {
    const checked = checkGrantSyntax(g)
    if (!checked.ok)
      throw new TypeError(`config.grants[${i}] ${describeGrantProblem(checked.problem)}`)
    const tracker = isGrantableMetaservice(g.service, memberOf(config.nodeId))
    if (!tracker && !config.services.some((s) => s.id === g.service)) {
      throw new TypeError(`config.grants[${i}] names unknown service ${g.service}`)
    }
  }
  checkListenerLimits(config.limits)
}

const LISTENERS = Object.keys(DEFAULT_MAX_CONNECTIONS)

/**
 * Throws a TypeError naming the first listener limit Node would refuse or read as "no limit"
 * (0, negative, fractional, a string), so such a value stops the node at start-up instead.
 *
 * @example checkListenerLimits({ maxConnections: { consumer: 0 } }) // throws, naming the field
 */
export function checkListenerLimits(limits: GatewayConfig['limits']): void {
  if (limits === undefined) return
  for (const field of ['headersTimeoutMs', 'requestTimeoutMs'] as const) {
    if (limits[field] !== undefined && !isPositiveInteger(limits[field])) {
      throw new TypeError(`config.limits.${field} must be a positive whole number of ms`)
    }
  }
  const headers = limits.headersTimeoutMs ?? DEFAULT_LIMITS.headersTimeoutMs
  if (headers > (limits.requestTimeoutMs ?? DEFAULT_LIMITS.requestTimeoutMs)) {
    throw new TypeError('config.limits.headersTimeoutMs must not exceed limits.requestTimeoutMs')
  }
  const caps: unknown = limits.maxConnections
  if (caps === undefined) return
  if (typeof caps !== 'object' || caps === null || Array.isArray(caps)) {
    throw new TypeError('config.limits.maxConnections must be { consumer?, federation?, admin? }')
  }
  for (const [listener, cap] of Object.entries(caps)) {
    if (!LISTENERS.includes(listener)) {
      throw new TypeError(
        'config.limits.maxConnections names a listener other than consumer, federation, admin',
      )
    }
    if (!isPositiveInteger(cap)) {
      throw new TypeError(`config.limits.maxConnections.${listener} must be a positive integer`)
    }
  }
}

function isPositiveInteger(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) > 0
}
