// Public face of the store stage.
export type { RateDecision, Store } from './store.js'
export { createMemoryStore, type MemoryStoreOptions } from './memory-store.js'
export {
  createRedisStore,
  checkRedisStoreOptions,
  DEFAULT_KEY_PREFIX,
  type RedisStoreOptions,
} from './redis-store.js'
export type { RedisAddress, RedisTopology } from './create-redis-client.js'
export {
  createStore,
  REDIS_URL_ENV,
  type CreateStoreOptions,
  type RedisStoreConfig,
  type StoreConfig,
} from './create-store.js'
