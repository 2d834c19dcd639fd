// Several nodes of one member sharing Redis behave as one: a client's rate budget and a token's
// revocation hold across nodes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGateway, type RunningGateway } from '#gateway/server.js'
import { startRedisStore } from '#gateway/store/index.js'
import { rawRequest, xroadError } from '../support/http-raw.js'
import { startRedisServer, type RedisServer } from '../support/redis-server.js'
import {
  BANK,
  KYC_APP,
  LIMITED,
  PERSONS,
  PROVIDER,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'

let redis: RedisServer
let fed: TestFederation
let gw2: RunningGateway
const stores: ReturnType<typeof startRedisStore>[] = []
const shared = (keyPrefix: string) => {
  const store = startRedisStore({ url: redis.url, keyPrefix })
  stores.push(store)
  return store
}

beforeAll(async () => {
  redis = await startRedisServer()
  fed = await startTestFederation({ providerOptions: { store: shared('provider:') } })
  gw2 = await startGateway(fed.node(`${PROVIDER}/gw2`).config, { store: shared('provider:') })
}, 60_000)
afterAll(async () => {
  await gw2?.close()
  await fed?.close()
  await Promise.all(stores.map((s) => s.close()))
  await redis?.close()
})

describe('two provider nodes sharing Redis', () => {
  it('share one rate budget per client and service', async () => {
    const token = await fed.token(KYC_APP)
    const via = (node: string) =>
      rawRequest(fed.bank.consumerUrl, `/r1/${LIMITED}/items/1`, {
        headers: {
          authorization: `Bearer ${token}`,
          'x-road-client': KYC_APP,
          'x-road-security-server': `${PROVIDER}/${node}`,
        },
      })
    const statuses = [
      (await via('gw1')).status,
      (await via('gw2')).status,
      (await via('gw1')).status,
    ]
    expect(statuses).toEqual([200, 200, 200])
    const refused = await via('gw2')
    expect([refused.status, xroadError(refused).code]).toEqual([
      429,
      'server.serverproxy.rate_limited',
    ])
  })
})

describe('two consumer nodes sharing Redis', () => {
  it('refuse a token revoked at either of them', async () => {
    const a = await fed.startVariant(`${BANK}/gw1`, (c) => c, { store: shared('bank:') })
    const b = await fed.startVariant(`${BANK}/gw1`, (c) => c, { store: shared('bank:') })
    const token = await fed.token(KYC_APP)
    const headers = { authorization: `Bearer ${token}`, 'x-road-client': KYC_APP }
    const get = (node: RunningGateway) =>
      rawRequest(node.consumerUrl, `/r1/${PERSONS}/22905199138381`, { headers })
    expect([(await get(a)).status, (await get(b)).status]).toEqual([200, 200])
    expect(
      (await rawRequest(a.consumerUrl, '/token/revoke', { method: 'POST', headers })).status,
    ).toBe(204)
    const refused = await get(b)
    expect([refused.status, xroadError(refused).code]).toEqual([401, 'client.invalid_token'])
    // A node with its own memory store never heard of the revocation: the store is what is shared.
    expect((await get(fed.bank)).status).toBe(200)
  })
})
