// Public face of the store stage.
export type { RateDecision, Store } from './store.js'
export { createMemoryStore, type MemoryStoreOptions } from './memory-store.js'
