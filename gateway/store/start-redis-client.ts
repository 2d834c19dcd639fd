// The ioredis client behind the Redis store: fail fast while Redis is away, reconnect forever.
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis'
import type { Logger } from '../lib/logger.js'

export interface RedisAddress {
  host: string
  port: number
}

/** Where Redis runs: exactly one of `url`, `sentinel` or `cluster`. */
export interface RedisTopology {
  /** A standalone server: `redis://host:6379/0`, or `rediss://` for TLS. */
  url?: string
  /** A master found through Sentinel. */
  sentinel?: { sentinels: RedisAddress[]; name: string; password?: string }
  /** A Redis Cluster, from any of its nodes. */
  cluster?: { nodes: RedisAddress[] }
  /** Credentials and TLS for Sentinel or Cluster (a `url` carries its own). */
  username?: string
  password?: string
  tls?: boolean
}

export interface RedisClientOptions extends RedisTopology {
  keyPrefix: string
  commandTimeoutMs: number
  connectTimeoutMs: number
  logger?: Logger
}

export type RedisClient = Redis | Cluster

/** Backoff between reconnection attempts never grows past this, so recovery is prompt. */
const MAX_RECONNECT_DELAY_MS = 1000

/**
 * Never gives up (docs/design.md §6: recover by itself): 50, 100, 200 … 1000 ms, plus jitter so that
 * many nodes do not reconnect in step.
 */
export function reconnectDelay(attempt: number): number {
  const base = Math.min(50 * 2 ** Math.min(attempt - 1, 10), MAX_RECONNECT_DELAY_MS)
  return base + Math.floor(Math.random() * 50)
}

/**
 * Connects at once (`lazyConnect: false`). Commands never wait for a connection: with no offline
 * queue a command sent while Redis is away rejects at once, one sent before Redis stops answering
 * rejects after `commandTimeoutMs`, and none is replayed after a reconnect.
 *
 * @example const client = startRedisClient({ url, keyPrefix: 'kopuro:', commandTimeoutMs: 500,
 *   connectTimeoutMs: 2000 })
 */
export function startRedisClient(options: RedisClientOptions): RedisClient {
  const client = options.cluster
    ? new Cluster(options.cluster.nodes, clusterOptions(options))
    : options.sentinel
      ? new Redis(sentinelOptions(options, options.sentinel))
      : new Redis(options.url!, commonOptions(options))
  watchConnection(client, options.logger)
  return client
}

function commonOptions(options: RedisClientOptions): RedisOptions {
  return {
    keyPrefix: options.keyPrefix,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: options.connectTimeoutMs,
    enableOfflineQueue: false,
    // Commands in flight when the connection drops reject at once instead of waiting for it.
    maxRetriesPerRequest: 0,
    // A nonce or counter written after its request already failed would only confuse.
    autoResendUnfulfilledCommands: false,
    enableAutoPipelining: true,
    lazyConnect: false,
    retryStrategy: reconnectDelay,
  }
}

function credentials(options: RedisClientOptions): RedisOptions {
  return {
    ...(options.username !== undefined && { username: options.username }),
    ...(options.password !== undefined && { password: options.password }),
    ...(options.tls && { tls: {} }),
  }
}

function sentinelOptions(
  options: RedisClientOptions,
  sentinel: NonNullable<RedisTopology['sentinel']>,
): RedisOptions {
  return {
    ...commonOptions(options),
    ...credentials(options),
    sentinels: sentinel.sentinels,
    name: sentinel.name,
    ...(sentinel.password !== undefined && { sentinelPassword: sentinel.password }),
    ...(options.tls && { enableTLSForSentinelMode: true }),
    sentinelRetryStrategy: reconnectDelay,
  }
}

function clusterOptions(options: RedisClientOptions): ClusterOptions {
  const {
    keyPrefix,
    enableOfflineQueue,
    retryStrategy: _perNode,
    enableAutoPipelining,
    lazyConnect,
    ...perNode
  } = commonOptions(options)
  return {
    keyPrefix,
    enableOfflineQueue,
    enableAutoPipelining,
    lazyConnect,
    clusterRetryStrategy: reconnectDelay,
    clusterNodeRetryStrategy: reconnectDelay,
    redisOptions: { ...perNode, ...credentials(options) },
  }
}

/** While Redis stays away (or a Cluster node does), the warning is repeated this often at most. */
const REPEAT_WARNING_MS = 60_000

/**
 * ioredis emits 'error' on every failed reconnection attempt; an unhandled 'error' event would
 * crash the process. Log when an outage starts (a lost connection or a failed attempt, whichever
 * comes first), at most once a minute while it lasts, and on recovery; never a credential.
 * A deliberate close is not an outage.
 */
function watchConnection(client: RedisClient, logger: Logger | undefined): void {
  let down = false
  let warnedAt = 0
  const lost = (e?: Error) => {
    if (down && Date.now() - warnedAt < REPEAT_WARNING_MS) return
    down = true
    warnedAt = Date.now()
    const detail = e ? { error: e.message, code: errorCode(e) } : {}
    logger?.warn(detail, 'redis store unreachable')
  }
  client.on('error', lost)
  client.on('node error', lost)
  client.on('reconnecting', () => lost())
  client.on('ready', () => {
    if (down) logger?.info('redis store reachable again')
    down = false
  })
}

function errorCode(e: Error): string | undefined {
  const code = (e as { code?: unknown }).code
  return typeof code === 'string' ? code : undefined
}
