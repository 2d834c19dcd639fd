// Target (d): the two gateways restarted on the same ports, their shared state in Redis.
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { replacePrivateFile } from '../../gateway/lib/durable-file.js'
import type { PreparedNode } from '../prepare-federation.js'
import { CLIENT_MEMBER, PROVIDER_MEMBER } from './bench-plan.js'
import type { ManagedProcess, ProcessGroup } from './processes.js'
import { defineRedisTarget, preflight, type Target } from './targets.js'
import { nodeOf, startGateway, type Topology, type TopologyOptions } from './topology.js'

export interface RedisTargetOptions extends TopologyOptions {
  redisUrl: string
  /** The private redis-server, if the benchmark started one: its CPU is priced per request. */
  redisServer: ManagedProcess | undefined
}

/**
 * Stops the memory-store gateways, starts them again from copies of their configs with a Redis
 * `store` block (the directory lists the provider's federation URL, so the ports must not change),
 * waits until both are ready and one request goes through, and returns the target.
 *
 * @example const target = await startRedisTarget(group, topology, pin, { redisUrl, redisServer })
 */
export async function startRedisTarget(
  group: ProcessGroup,
  topology: Topology,
  pin: string,
  options: RedisTargetOptions,
): Promise<Target> {
  await Promise.all(topology.gateways.map((gateway) => gateway.stop()))
  const gateways = await startRedisGateways(group, topology, options)
  const target = defineRedisTarget(topology, pin, gateways, options.redisServer)
  await preflight(target, pin)
  return target
}

async function startRedisGateways(
  group: ProcessGroup,
  topology: Topology,
  options: RedisTargetOptions,
): Promise<ManagedProcess[]> {
  // A fresh prefix per run: a shared Redis may still hold an earlier run's nonces and counters.
  const runPrefix = `kopuro-bench:${Date.now().toString(36)}-${randomBytes(4).toString('hex')}:`
  const start = async (memberId: string, name: string) => {
    const node = nodeOf(topology.federation, memberId)
    const store = { kind: 'redis', url: options.redisUrl, keyPrefix: `${runPrefix}${memberId}:` }
    const configFile = await writeConfigCopy(node, store)
    return startGateway(group, { name, node, configFile }, options)
  }
  const provider = await start(PROVIDER_MEMBER, 'provider gateway on redis')
  const consumer = await start(CLIENT_MEMBER, 'consumer gateway on redis')
  return [consumer, provider]
}

/** Next to the original, so the config's relative paths resolve to the same files. */
async function writeConfigCopy(node: PreparedNode, store: object): Promise<string> {
  const config = JSON.parse(await readFile(node.configFile, 'utf8')) as Record<string, unknown>
  const configFile = node.configFile.replace(/(\.json)?$/, '.redis.json')
  // Owner-only like the config it copies: a Redis URL may carry a password.
  await replacePrivateFile(configFile, `${JSON.stringify({ ...config, store }, null, 2)}\n`)
  return configFile
}
