import { describe, expect, it } from 'vitest'
import { startMemoryStore } from '#gateway/store/index.js'

describe('memory store', () => {
  it('records a key once and refuses it again while it lives', async () => {
    let t = 1_000
    const store = startMemoryStore({ now: () => t })
    expect(await store.setIfAbsent('n:1', 100)).toBe(true)
    expect(await store.setIfAbsent('n:1', 100)).toBe(false)
    expect(await store.setIfAbsent('n:2', 100)).toBe(true)
    t += 101
    expect(await store.setIfAbsent('n:1', 100)).toBe(true)
    await store.close()
  })

  it('answers one of many concurrent set-if-absent calls with true', async () => {
    const store = startMemoryStore()
    const results = await Promise.all(
      Array.from({ length: 50 }, () => store.setIfAbsent('k', 1000)),
    )
    expect(results.filter(Boolean)).toHaveLength(1)
    expect(await store.ping()).toBe(true)
    await store.close()
  })
})
