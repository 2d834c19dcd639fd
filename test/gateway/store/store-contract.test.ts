// One contract, every store: the memory store and the Redis store must behave alike (docs/design.md §6).
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMemoryStore, startRedisStore, type Store } from '#gateway/store/index.js'
import { findRedis } from '../../support/redis-server.js'

const redis = await findRedis()
afterAll(async () => {
  if (redis.url) await redis.close()
})

const STORES: { name: string; create: () => Store; skip?: string }[] = [
  { name: 'memory', create: () => startMemoryStore() },
  {
    name: 'redis',
    // A prefix of its own per run: suites running at once, or an earlier run, never collide.
    create: () => startRedisStore({ url: redis.url, keyPrefix: `kopuro-test:${randomUUID()}:` }),
    skip: redis.url === undefined ? redis.reason : undefined,
  },
]

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe.each(STORES.map((s) => [s.name, s] as const))('%s store', (_name, { create, skip }) => {
  if (skip) {
    it.skip(`skipped: ${skip}`, () => undefined)
    return
  }
  let store: Store
  beforeAll(() => {
    store = create()
  })
  afterAll(() => store.close())

  it('answers ping', async () => {
    expect(await store.ping()).toBe(true)
  })

  describe('setIfAbsent (replay nonces)', () => {
    it('records a key once and refuses it while it lives', async () => {
      expect(await store.setIfAbsent('nonce:k1:a', 10_000)).toBe(true)
      expect(await store.setIfAbsent('nonce:k1:a', 10_000)).toBe(false)
      expect(await store.setIfAbsent('nonce:k1:b', 10_000)).toBe(true)
    })

    it('forgets a key after its TTL', async () => {
      expect(await store.setIfAbsent('nonce:k2:a', 60)).toBe(true)
      expect(await store.setIfAbsent('nonce:k2:a', 60)).toBe(false)
      await sleep(150)
      expect(await store.setIfAbsent('nonce:k2:a', 60)).toBe(true)
    })

    it('answers exactly one of 100 concurrent calls on one key with true', async () => {
      const results = await Promise.all(
        Array.from({ length: 100 }, () => store.setIfAbsent('nonce:k3:a', 10_000)),
      )
      expect(results.filter(Boolean)).toHaveLength(1)
    })

    it('accepts a fractional TTL', async () => {
      expect(await store.setIfAbsent('nonce:k4:a', 999.5)).toBe(true)
      expect(await store.setIfAbsent('nonce:k4:a', 999.5)).toBe(false)
    })
  })

  describe('consumeRate (fixed-window budgets)', () => {
    it('allows `limit` requests, then refuses with nothing remaining until the reset', async () => {
      const decisions = []
      for (let i = 0; i < 4; i++) decisions.push(await store.consumeRate('c1', 3, 1000))
      expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([
        [true, 2],
        [true, 1],
        [true, 0],
        [false, 0],
      ])
      for (const d of decisions) {
        expect(d.resetMs).toBeGreaterThan(0)
        expect(d.resetMs).toBeLessThanOrEqual(1000)
      }
    })

    it('opens a new window after the old one expires', async () => {
      expect((await store.consumeRate('c2', 1, 80)).allowed).toBe(true)
      expect((await store.consumeRate('c2', 1, 80)).allowed).toBe(false)
      await sleep(180)
      expect(await store.consumeRate('c2', 1, 80)).toMatchObject({ allowed: true, remaining: 0 })
    })

    it('keeps budgets under different keys apart', async () => {
      expect((await store.consumeRate('c3:a', 1, 1000)).allowed).toBe(true)
      expect((await store.consumeRate('c3:b', 1, 1000)).allowed).toBe(true)
      expect((await store.consumeRate('c3:a', 1, 1000)).allowed).toBe(false)
    })

    it('allows exactly `limit` of 50 concurrent requests', async () => {
      const decisions = await Promise.all(
        Array.from({ length: 50 }, () => store.consumeRate('c4', 10, 10_000)),
      )
      const allowed = decisions.filter((d) => d.allowed)
      expect(allowed).toHaveLength(10)
      expect(allowed.map((d) => d.remaining).sort((a, b) => a - b)).toEqual([
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
      ])
      expect(decisions.filter((d) => !d.allowed).every((d) => d.remaining === 0)).toBe(true)
    })
  })

  describe('token revocations', () => {
    it('holds a revocation for its TTL', async () => {
      expect(await store.isTokenRevoked('jti-1')).toBe(false)
      await store.revokeToken('jti-1', 80)
      expect(await store.isTokenRevoked('jti-1')).toBe(true)
      expect(await store.isTokenRevoked('jti-2')).toBe(false)
      await sleep(180)
      expect(await store.isTokenRevoked('jti-1')).toBe(false)
    })
  })

  it('keeps the kinds of state apart', async () => {
    await store.revokeToken('shared-name', 10_000)
    expect(await store.setIfAbsent('shared-name', 10_000)).toBe(true)
    expect((await store.consumeRate('shared-name', 1, 10_000)).allowed).toBe(true)
    expect(await store.isTokenRevoked('shared-name')).toBe(true)
  })
})
