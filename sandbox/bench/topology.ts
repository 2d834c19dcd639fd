// Start the benchmark's processes: the registry, the two bare hops and the two kopuro gateways.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { resolvePkiPath } from '../../certs/index.js'
import {
  prepareFederation,
  type PreparedFederation,
  type PreparedNode,
} from '../prepare-federation.js'
import { waitForHttp } from '../wait-for-http.js'
import {
  allocateBenchPorts,
  benchPlan,
  CLIENT_MEMBER,
  PROVIDER_MEMBER,
  type BenchPorts,
} from './bench-plan.js'
import type { ManagedProcess, ProcessGroup } from './processes.js'

const START_TIMEOUT_MS = 60_000

export interface Topology {
  ports: BenchPorts
  federation: PreparedFederation
  registry: ManagedProcess
  /** Hop 1 (plain HTTP, the consumer gateway's place) and hop 2 (mTLS, the provider's place). */
  bare: [ManagedProcess, ManagedProcess]
  /** The consumer gateway, then the provider gateway. */
  gateways: [ManagedProcess, ManagedProcess]
}

export interface TopologyOptions {
  /** When set, the four proxy processes write V8 CPU profiles into subfolders of it. */
  profileDir?: string
}

/**
 * Generates a federation in `dir` with free ports and starts every process, each in its own
 * process, resolving once all of them listen.
 *
 * @example const topology = await startTopology(group, tmpDir, {})
 */
export async function startTopology(
  group: ProcessGroup,
  dir: string,
  options: TopologyOptions,
): Promise<Topology> {
  const ports = await allocateBenchPorts()
  const federation = await prepareFederation(dir, benchPlan(ports))
  const registry = await startRegistry(group, ports.registry)
  const bare = await startBareHops(group, federation, ports, options)
  const gateways = await startGateways(group, federation, options)
  return { ports, federation, registry, bare, gateways }
}

async function startRegistry(group: ProcessGroup, port: number): Promise<ManagedProcess> {
  const registry = group.spawn({
    name: 'registry',
    module: 'services/population/server.ts',
    env: { PORT: String(port) },
  })
  await waitReady(registry, `http://127.0.0.1:${port}/health`)
  return registry
}

/** Polls the URL, but gives up at once (with the process's output) if the process dies. */
async function waitReady(child: ManagedProcess, url: string): Promise<void> {
  const died = child.exited.then((code) => {
    throw new Error(`${child.name} exited (code ${code}) while starting:\n${child.tail()}`)
  })
  await Promise.race([waitForHttp(url, { timeoutMs: START_TIMEOUT_MS }), died])
}

export function nodeOf(federation: PreparedFederation, memberId: string) {
  const node = federation.nodes.find((n) => n.memberId === memberId)
  if (!node) throw new TypeError(`the plan has no node for ${memberId}`)
  return node
}

/** Hop 1 wears the consumer node's certificate, hop 2 the provider node's: as the gateways do. */
async function startBareHops(
  group: ProcessGroup,
  federation: PreparedFederation,
  ports: BenchPorts,
  options: TopologyOptions,
): Promise<[ManagedProcess, ManagedProcess]> {
  const ca = resolvePkiPath(join(federation.dir, 'pki'), federation.manifest.ca.certFile)
  const tlsArgs = (memberId: string) => {
    const { tls } = nodeOf(federation, memberId).config
    return ['--cert', tls.certFile, '--key', tls.keyFile, '--ca', ca]
  }
  const hop2 = await startBareHop(group, 'bare hop 2', options, [
    ...['--port', String(ports.hop2), '--listen-tls'],
    ...['--upstream', `http://127.0.0.1:${ports.registry}`],
    ...tlsArgs(PROVIDER_MEMBER),
  ])
  const hop1 = await startBareHop(group, 'bare hop 1', options, [
    ...['--port', String(ports.hop1)],
    ...['--upstream', `https://127.0.0.1:${ports.hop2}`],
    ...tlsArgs(CLIENT_MEMBER),
  ])
  return [hop1, hop2]
}

async function startBareHop(
  group: ProcessGroup,
  name: string,
  options: TopologyOptions,
  args: string[],
): Promise<ManagedProcess> {
  const hop = group.spawn({
    name,
    module: 'sandbox/bench/bare-proxy.ts',
    args,
    nodeFlags: await profileFlags(options, name),
  })
  await hop.waitForLine(/bare proxy ready/, START_TIMEOUT_MS)
  return hop
}

async function startGateways(
  group: ProcessGroup,
  federation: PreparedFederation,
  options: TopologyOptions,
): Promise<[ManagedProcess, ManagedProcess]> {
  const start = (memberId: string, name: string) => {
    const node = nodeOf(federation, memberId)
    return startGateway(group, { name, node, configFile: node.configFile }, options)
  }
  const provider = await start(PROVIDER_MEMBER, 'provider gateway')
  const consumer = await start(CLIENT_MEMBER, 'consumer gateway')
  return [consumer, provider]
}

export interface GatewaySpec {
  name: string
  node: PreparedNode
  /** The node's config file, or a copy of it (with a different store). */
  configFile: string
}

/**
 * Starts one gateway process and resolves once its admin `/ready` answers 200 (which, on a Redis
 * store, also means Redis is reachable).
 *
 * @example await startGateway(group, { name: 'provider gateway', node, configFile: node.configFile }, {})
 */
export async function startGateway(
  group: ProcessGroup,
  { name, node, configFile }: GatewaySpec,
  options: TopologyOptions,
): Promise<ManagedProcess> {
  const gateway = group.spawn({
    name,
    module: 'gateway/cli/main.ts',
    args: ['gateway', '--config', configFile],
    env: { KOPURO_LOG_LEVEL: 'warn' },
    nodeFlags: await profileFlags(options, name),
  })
  const { host, adminPort } = node.config.listen
  await waitReady(gateway, `http://${host}:${adminPort}/ready`)
  return gateway
}

async function profileFlags(options: TopologyOptions, name: string): Promise<string[]> {
  if (!options.profileDir) return []
  const dir = join(options.profileDir, profileFolder(name))
  await mkdir(dir, { recursive: true })
  return ['--cpu-prof', '--cpu-prof-dir', dir]
}

/** The folder under the profile directory that holds a process's .cpuprofile files. */
export function profileFolder(processName: string): string {
  return processName.replaceAll(' ', '-')
}
