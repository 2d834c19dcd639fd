// Public face of the store stage.
export type { RateDecision, Store } from './store.js'
export { startMemoryStore, type MemoryStoreOptions } from './memory-store.js'
export {
  startRedisStore,
  checkRedisStoreOptions,
  DEFAULT_KEY_PREFIX,
  type RedisStoreOptions,
} from './redis-store.js'
export type { RedisAddress, RedisTopology } from './start-redis-client.js'
export {
  startStore,
  REDIS_URL_ENV,
  type StartStoreOptions,
  type RedisStoreConfig,
  type StoreConfig,
} from './start-store.js'
