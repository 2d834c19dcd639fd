// The embedded default store: one node's shared state in process memory.
import type { Clock } from '../lib/clock.js'
import { systemClock } from '../lib/clock.js'
import type { RateDecision, Store } from './store.js'

export interface MemoryStoreOptions {
  now?: Clock
  /** How often expired keys are swept, in ms. */
  sweepIntervalMs?: number
}

interface Entry {
  value: string
  count: number
  expiresAt: number
}

/**
 * Starts an in-memory store. Expired keys are swept on a timer, stopped by `close`, that never
 * keeps the process alive, so memory tracks the live windows (nonces live ~90 s), not the
 * process lifetime.
 *
 * @example const store = startMemoryStore()
 */
export function startMemoryStore(options: MemoryStoreOptions = {}): Store {
  const now = options.now ?? systemClock
  const entries = new Map<string, Entry>()
  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key)
    if (entry && entry.expiresAt > now()) return entry
    if (entry) entries.delete(key)
    return undefined
  }
  const set = (key: string, value: string, ttlMs: number) =>
    entries.set(key, { value, count: 0, expiresAt: now() + ttlMs })
  const sweep = setInterval(() => sweepExpired(entries, now()), options.sweepIntervalMs ?? 10_000)
  sweep.unref()
  return {
    async setIfAbsent(key, ttlMs) {
      if (live(key)) return false
      set(key, '1', ttlMs)
      return true
    },
    async consumeRate(key, limit, windowMs): Promise<RateDecision> {
      const entry = live(`rate:${key}`) ?? set(`rate:${key}`, '', windowMs).get(`rate:${key}`)!
      const resetMs = entry.expiresAt - now()
      if (entry.count >= limit) return { allowed: false, remaining: 0, resetMs }
      entry.count += 1
      return { allowed: true, remaining: limit - entry.count, resetMs }
    },
    async revokeToken(jti, ttlMs) {
      set(`revoked:${jti}`, '1', ttlMs)
    },
    async isTokenRevoked(jti) {
      return live(`revoked:${jti}`) !== undefined
    },
    async ping() {
      return true
    },
    async close() {
      clearInterval(sweep)
      entries.clear()
    },
  }
}

// A full scan is cheap here: the map only holds live windows' worth of keys.
function sweepExpired(entries: Map<string, Entry>, t: number): void {
  for (const [key, entry] of entries) {
    if (entry.expiresAt <= t) entries.delete(key)
  }
}
