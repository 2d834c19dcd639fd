// The Redis store: one member's shared state across its gateway nodes (docs/design.md §6), via ioredis.
import type { Logger } from '../lib/logger.js'
import { createCommandRunner, type CommandRunner } from './command-runner.js'
import { startRedisClient, type RedisClient, type RedisTopology } from './start-redis-client.js'
import type { RateDecision, Store } from './store.js'

export interface RedisStoreOptions extends RedisTopology {
  /** Prepended to every key, so several federations or tests can share one Redis. */
  keyPrefix?: string
  /** Longest wait for any one command before it rejects (fail closed), ms. */
  commandTimeoutMs?: number
  /** Longest wait for a TCP (and TLS) connection before the next attempt, ms. */
  connectTimeoutMs?: number
  logger?: Logger
}

export const DEFAULT_KEY_PREFIX = 'kopuro:'
const DEFAULT_COMMAND_TIMEOUT_MS = 500
const DEFAULT_CONNECT_TIMEOUT_MS = 2000

/**
 * A fixed window, atomic across nodes: the first request of a window starts its clock, and the
 * count and the time left come back from the same script run (Redis freezes time inside a script,
 * so the key cannot expire between INCR and PTTL). A key left without a TTL is given one.
 */
const CONSUME_RATE_LUA = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`

/** The script above, as a command on the client (EVALSHA, with EVAL when Redis lost it). */
interface ScriptedClient {
  kopuroConsumeRate(key: string, windowMs: number): Promise<[number, number]>
}

/**
 * Creates a store on Redis (standalone, Sentinel or Cluster). Every command touches one key, so
 * the store is Cluster-safe. It fails closed and never hangs: while Redis is away every operation
 * rejects within `commandTimeoutMs` (at once when the connection is known to be down) and `ping()`
 * resolves `false`; it reconnects by itself, forever, and carries on when Redis returns.
 * TTLs are kept by Redis' clock, not the gateway's.
 *
 * @example
 * const store = startRedisStore({ url: 'redis://10.0.0.5:6379', keyPrefix: 'kopuro:gov:' })
 * await store.setIfAbsent('nonce:key-1:abc', 90_000) // true, then false on every node
 */
export function startRedisStore(options: RedisStoreOptions): Store {
  checkRedisStoreOptions(options)
  const commandTimeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS
  const client = startRedisClient({
    ...options,
    keyPrefix: options.keyPrefix ?? DEFAULT_KEY_PREFIX,
    commandTimeoutMs,
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
  })
  client.defineCommand('kopuroConsumeRate', { lua: CONSUME_RATE_LUA, numberOfKeys: 1 })
  const scripted = client as RedisClient & ScriptedClient
  const run = createCommandRunner(client, commandTimeoutMs)
  const set = (key: string, value: string, ttlMs: number) =>
    run(() => client.set(key, value, 'PX', wholeMs(ttlMs)))
  let closing: Promise<void> | undefined
  return {
    async setIfAbsent(key, ttlMs) {
      const reply = await run(() => client.set(key, '1', 'PX', wholeMs(ttlMs), 'NX'))
      return reply === 'OK'
    },
    async consumeRate(key, limit, windowMs): Promise<RateDecision> {
      const [count, ttl] = await run(() =>
        scripted.kopuroConsumeRate(`rate:${key}`, wholeMs(windowMs)),
      )
      const resetMs = Math.max(ttl, 1)
      if (count > limit) return { allowed: false, remaining: 0, resetMs }
      return { allowed: true, remaining: limit - count, resetMs }
    },
    async revokeToken(jti, ttlMs) {
      await set(`revoked:${jti}`, '1', ttlMs)
    },
    async isTokenRevoked(jti) {
      return (await run(() => client.exists(`revoked:${jti}`))) === 1
    },
    ping: () =>
      run(() => client.ping()).then(
        (reply) => reply === 'PONG',
        () => false,
      ),
    close: () => (closing ??= quit(client, run)),
  }
}

/** Throws a TypeError at start-up for a configuration that could never work (docs/design.md §9: two tiers). */
export function checkRedisStoreOptions(options: RedisStoreOptions): void {
  const { url, sentinel, cluster } = options
  if ([url, sentinel, cluster].filter((t) => t !== undefined).length !== 1) {
    throw new TypeError('the Redis store needs exactly one of url, sentinel or cluster')
  }
  // The URL may carry a password: name the problem, never the value.
  if (url !== undefined && !/^rediss?:\/\/./.test(url)) {
    throw new TypeError('the Redis store url must start with redis:// or rediss://')
  }
  if (sentinel && (sentinel.sentinels.length === 0 || !sentinel.name)) {
    throw new TypeError('the Redis store sentinel block needs sentinels and a master name')
  }
  if (cluster && cluster.nodes.length === 0) {
    throw new TypeError('the Redis store cluster block needs at least one node')
  }
  for (const name of ['commandTimeoutMs', 'connectTimeoutMs'] as const) {
    const value = options[name]
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      throw new TypeError(`the Redis store ${name} must be a positive number`)
    }
  }
}

// PX takes a positive integer; a fractional or zero TTL would be a Redis error, not a short life.
function wholeMs(ms: number): number {
  return Math.max(Math.ceil(ms), 1)
}

// QUIT lets answers in flight arrive; when Redis is away there is nothing to wait for.
async function quit(client: RedisClient, run: CommandRunner): Promise<void> {
  if (client.status === 'ready') await run(() => client.quit()).catch(() => undefined)
  client.disconnect()
}
