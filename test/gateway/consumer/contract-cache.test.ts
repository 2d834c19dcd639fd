// The consumer's copy of providers' contracts: read once, kept for a while, a failure not retried at once.
import { describe, expect, it } from 'vitest'
import { createContractCache } from '#gateway/consumer/index.js'
import type { ServiceEndpoint } from '#gateway/publication/index.js'

const PERSONS = 'KG/GOV/70000001/population/persons'
const ENDPOINTS = [{ method: 'GET', path: '/*' }] as ServiceEndpoint[]

function clock(start = 1_000_000) {
  let now = start
  return { now: () => now, advance: (ms: number) => (now += ms) }
}

describe('createContractCache', () => {
  it('asks once for concurrent loads and holds the answer until the TTL has passed', async () => {
    const time = clock()
    const cache = createContractCache({ now: time.now, ttlMs: 1000 })
    let asks = 0
    const ask = async () => {
      asks++
      return ENDPOINTS
    }
    expect(cache.held(PERSONS)).toBeUndefined()
    const loads = await Promise.all([cache.load(PERSONS, ask), cache.load(PERSONS, ask)])
    expect(loads).toEqual([ENDPOINTS, ENDPOINTS])
    expect(asks).toBe(1)
    expect(cache.held(PERSONS)).toBe(ENDPOINTS)
    time.advance(1000)
    expect(cache.held(PERSONS)).toBeUndefined()
    await cache.load(PERSONS, ask)
    expect(asks).toBe(2)
  })

  it('resolves a failed ask to undefined and asks again only after the retry pause', async () => {
    const time = clock()
    const cache = createContractCache({ now: time.now, retryMs: 500 })
    let asks = 0
    const fail = async (): Promise<ServiceEndpoint[]> => {
      asks++
      throw new Error('getOpenAPI answered 404')
    }
    await expect(cache.load(PERSONS, fail)).resolves.toBeUndefined()
    await expect(cache.load(PERSONS, fail)).resolves.toBeUndefined()
    expect(asks).toBe(1)
    time.advance(500)
    await expect(cache.load(PERSONS, async () => ENDPOINTS)).resolves.toBe(ENDPOINTS)
    expect(cache.held(PERSONS)).toBe(ENDPOINTS)
  })
})
