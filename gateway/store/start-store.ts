// Choose a node's store from its configuration: memory (one node) or Redis (several nodes).
import type { Clock } from '../lib/clock.js'
import type { Logger } from '../lib/logger.js'
import type { RedisTopology } from './start-redis-client.js'
import { startMemoryStore } from './memory-store.js'
import { startRedisStore } from './redis-store.js'
import type { Store } from './store.js'

/** The `store` block of a gateway configuration. */
export type StoreConfig = { kind: 'memory' } | RedisStoreConfig

export interface RedisStoreConfig extends RedisTopology {
  kind: 'redis'
  keyPrefix?: string
  commandTimeoutMs?: number
  connectTimeoutMs?: number
}

export interface StartStoreOptions {
  /** The memory store's clock (Redis keeps its own time). */
  now?: Clock
  logger?: Logger
  /** Where `KOPURO_REDIS_URL` is read from; `process.env` by default. */
  env?: Record<string, string | undefined>
}

/** Names the Redis server when the config says `redis` but not where (no password in files). */
export const REDIS_URL_ENV = 'KOPURO_REDIS_URL'

/**
 * Starts the store a config block asks for (its sweep timer or its Redis connection runs until
 * `close`, docs/design.md §9): the memory store when there is none. A `redis` block with no
 * `url`, `sentinel` or `cluster` takes its URL from `KOPURO_REDIS_URL`. Throws a TypeError for a
 * block that could never work.
 *
 * @example
 * const store = startStore({ kind: 'redis', keyPrefix: 'kopuro:gov:' }, { logger })
 * // connects to process.env.KOPURO_REDIS_URL
 */
export function startStore(
  config: StoreConfig | undefined,
  options: StartStoreOptions = {},
): Store {
  if (config === undefined || config.kind === 'memory')
    return startMemoryStore({ now: options.now })
  if (config.kind !== 'redis') throw new TypeError(`store.kind must be 'memory' or 'redis'`)
  const { kind: _kind, ...redis } = config
  const env = options.env ?? process.env
  const placed =
    redis.url !== undefined || redis.sentinel !== undefined || redis.cluster !== undefined
  const url = placed ? redis.url : env[REDIS_URL_ENV]
  if (!placed && !url) {
    throw new TypeError(
      `store.kind 'redis' needs url, sentinel or cluster, or ${REDIS_URL_ENV} in the environment`,
    )
  }
  return startRedisStore({ ...redis, url, logger: options.logger })
}
