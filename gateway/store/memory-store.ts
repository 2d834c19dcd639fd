// The embedded default store: one node's shared state in process memory.
import type { Clock } from '../lib/clock.js'
import { systemClock } from '../lib/clock.js'
import type { Store } from './store.js'

export interface MemoryStoreOptions {
  now?: Clock
  /** How often expired keys are swept, in ms. */
  sweepIntervalMs?: number
}

/**
 * Creates an in-memory store. Expired keys are swept on a timer that never keeps the process
 * alive, so memory tracks the live window (nonces live ~90 s), not the process lifetime.
 *
 * @example const store = createMemoryStore()
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const now = options.now ?? systemClock
  const expiries = new Map<string, number>()
  const sweep = setInterval(() => sweepExpired(expiries, now()), options.sweepIntervalMs ?? 10_000)
  sweep.unref()
  return {
    async setIfAbsent(key, ttlMs) {
      const t = now()
      const expiry = expiries.get(key)
      if (expiry !== undefined && expiry > t) return false
      expiries.set(key, t + ttlMs)
      return true
    },
    async ping() {
      return true
    },
    async close() {
      clearInterval(sweep)
      expiries.clear()
    },
  }
}

// A full scan is cheap here: the map only ever holds one replay window's worth of keys.
function sweepExpired(expiries: Map<string, number>, t: number): void {
  for (const [key, expiry] of expiries) {
    if (expiry <= t) expiries.delete(key)
  }
}
