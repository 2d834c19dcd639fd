// Choosing a store from a config block: memory by default, else Redis (block or KOPURO_REDIS_URL).
import { describe, expect, it } from 'vitest'
import { startStore, type StoreConfig } from '#gateway/store/index.js'
import { findRedis } from '../../support/redis-server.js'

describe('startStore', () => {
  it.each<[string, StoreConfig | undefined]>([
    ['no store block', undefined],
    ['kind memory', { kind: 'memory' }],
  ])('gives the memory store, on the injected clock, for %s', async (_name, config) => {
    let t = 1_000
    const store = startStore(config, { now: () => t })
    expect(await store.setIfAbsent('nonce:a', 100)).toBe(true)
    expect(await store.setIfAbsent('nonce:a', 100)).toBe(false)
    t += 101
    expect(await store.setIfAbsent('nonce:a', 100)).toBe(true)
    await store.close()
  })

  it('refuses a redis block that names no server and has no KOPURO_REDIS_URL', () => {
    expect(() => startStore({ kind: 'redis' }, { env: {} })).toThrow(TypeError)
    expect(() => startStore({ kind: 'redis' }, { env: {} })).toThrow(/KOPURO_REDIS_URL/)
  })

  it('refuses an unknown kind and a block naming two topologies', () => {
    expect(() => startStore({ kind: 'etcd' } as unknown as StoreConfig)).toThrow(TypeError)
    const both: StoreConfig = {
      kind: 'redis',
      url: 'redis://127.0.0.1',
      sentinel: { sentinels: [{ host: '127.0.0.1', port: 26379 }], name: 'kopuro' },
    }
    expect(() => startStore(both, { env: {} })).toThrow(/exactly one/)
  })

  it('does not let KOPURO_REDIS_URL override a configured topology', () => {
    const config: StoreConfig = { kind: 'redis', cluster: { nodes: [] } }
    const env = { KOPURO_REDIS_URL: 'redis://127.0.0.1:6379' }
    expect(() => startStore(config, { env })).toThrow(/at least one node/)
  })

  it('connects a redis block with no url to KOPURO_REDIS_URL', async (ctx) => {
    const redis = await findRedis()
    if (redis.url === undefined) return ctx.skip(redis.reason)
    const store = startStore(
      { kind: 'redis', keyPrefix: 'kopuro-test:create-store:' },
      { env: { KOPURO_REDIS_URL: redis.url } },
    )
    try {
      expect(await store.ping()).toBe(true)
    } finally {
      await store.close()
      await redis.close()
    }
  })
})
