// The request budget on plain values: RateLimit headers on every answer, 429 once it is spent.
import { describe, expect, it } from 'vitest'
import { GatewayError } from '#gateway/lib/errors.js'
import { checkRate } from '#gateway/provider/check-rate.js'
import { startMemoryStore, type Store } from '#gateway/store/index.js'
import { MARKETING_APP, NOW_MS } from '../exchange/fixtures.js'
import { federationExchange } from './fixtures.js'

const BUDGET = { requests: 2, windowSeconds: 60 }

async function refusal(run: () => Promise<void>): Promise<[number, string]> {
  try {
    await run()
  } catch (e) {
    expect(e).toBeInstanceOf(GatewayError)
    return [(e as GatewayError).status, (e as GatewayError).code]
  }
  return expect.fail('expected a refusal')
}

describe('checkRate', () => {
  it('takes requests from the budget and says what is left', async () => {
    const ctx = { store: startMemoryStore({ now: () => NOW_MS }) }
    const first = federationExchange()
    await checkRate(ctx, first, BUDGET)
    expect(first.extraHeaders).toEqual({
      'ratelimit-policy': '"default";q=2;w=60',
      ratelimit: '"default";r=1;t=60',
    })
    const second = federationExchange()
    await checkRate(ctx, second, BUDGET)
    expect(second.extraHeaders?.['ratelimit']).toBe('"default";r=0;t=60')
  })

  it('refuses the request over the budget with 429, Retry-After and the headers kept', async () => {
    const ctx = { store: startMemoryStore({ now: () => NOW_MS }) }
    await checkRate(ctx, federationExchange(), BUDGET)
    await checkRate(ctx, federationExchange(), BUDGET)
    const third = federationExchange()
    expect(await refusal(() => checkRate(ctx, third, BUDGET))).toEqual([
      429,
      'server.serverproxy.rate_limited',
    ])
    expect(third.extraHeaders).toEqual({
      'ratelimit-policy': '"default";q=2;w=60',
      ratelimit: '"default";r=0;t=60',
      'retry-after': '60',
    })
    // Budgets are per client subsystem: another one still has its own.
    const other = federationExchange({ client: MARKETING_APP })
    await checkRate(ctx, other, BUDGET)
    expect(other.extraHeaders?.['ratelimit']).toBe('"default";r=1;t=60')
  })

  it('fails closed when the store cannot answer', async () => {
    const store = {
      consumeRate: () => Promise.reject(new Error('ECONNREFUSED')),
    } as unknown as Store
    const exchange = federationExchange()
    expect(await refusal(() => checkRate({ store }, exchange, BUDGET))).toEqual([
      503,
      'server.serverproxy.store_unavailable',
    ])
    expect(exchange.extraHeaders).toBeUndefined()
  })
})
