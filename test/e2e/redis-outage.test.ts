// A provider gateway on Redis under load: Redis stops, hangs and returns; two nodes share it.
import { steadyLoad, timedCall, type Outcome } from '../support/steady-load.js'
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedisStore, type Store } from '#gateway/store/index.js'
import { createPeer } from '../support/federation-client.js'
import { startRedisServer, type RedisServer } from '../support/redis-server.js'
import {
  BANK,
  KYC_APP,
  PERSONS,
  PROVIDER,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'
import { expectErrorLog } from '../support/error-logs.js'

const COMMAND_TIMEOUT_MS = 250
/** Room for signing, verifying and two HTTP hops on a busy test machine. */
const SLACK_MS = 1000
const STORE_UNAVAILABLE = 'server.serverproxy.store_unavailable'

const redis: RedisServer | Error = await startRedisServer().catch((e: Error) => e)
const keyPrefix = `kopuro-e2e:${randomUUID()}:`
const redisStore = (url: string) =>
  startRedisStore({ url, keyPrefix, commandTimeoutMs: COMMAND_TIMEOUT_MS })

let fed: TestFederation
let store: Store
let token: string

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function call(): Promise<Outcome> {
  return timedCall(fed.bank.consumerUrl, `/r1/${PERSONS}/22905199138381`, {
    authorization: `Bearer ${token}`,
    'x-road-client': KYC_APP,
  })
}

async function readiness(): Promise<{ status: number; storeReachable: boolean }> {
  const res = await fetch(`${fed.provider.adminUrl}/ready`)
  const body = (await res.json()) as { store: { reachable: boolean } }
  return { status: res.status, storeReachable: body.store.reachable }
}

async function untilReady(timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while ((await readiness()).status !== 200) {
    if (performance.now() > deadline) throw new Error(`not ready within ${timeoutMs} ms`)
    await sleep(50)
  }
}

const within = (from: number, to: number) => (o: Outcome) => o.startedAt > from && o.endedAt < to
const duration = (o: Outcome) => o.endedAt - o.startedAt

describe('a provider gateway on Redis', () => {
  if (redis instanceof Error) {
    it.skip(`skipped: redis-server could not be started (${redis.message})`, () => undefined)
    return
  }
  const server = redis
  beforeAll(async () => {
    store = redisStore(server.url)
    fed = await startTestFederation({ providerOptions: { store } })
    token = await fed.token(KYC_APP)
    await untilReady(5000)
  }, 90_000)
  afterAll(async () => {
    await fed?.close()
    await server.close()
  })

  it('fails closed with 503 while Redis is down and recovers when it returns', async () => {
    expectErrorLog('exchange failed', { code: 'server.serverproxy.store_unavailable' })
    const load = steadyLoad(4, call)
    // Phases end on counts, not fixed times, so a busy machine cannot leave one empty.
    const phase = async (done: () => boolean) => {
      while (!done()) await sleep(20)
    }
    await phase(() => load.outcomes.length > 5)
    const stopping = performance.now()
    await server.stop()
    const stopped = performance.now()
    await phase(() => load.outcomes.filter((o) => o.startedAt > stopped).length > 5)
    const down = await readiness()
    const restarting = performance.now()
    await server.restart()
    await untilReady(5000)
    const recovered = performance.now()
    await sleep(500)
    const outcomes = await load.stop()

    const before = outcomes.filter((o) => o.endedAt < stopping)
    const during = outcomes.filter(within(stopped, restarting))
    const after = outcomes.filter((o) => o.startedAt > recovered)
    expect(before.length).toBeGreaterThan(5)
    expect(before.filter((o) => o.status !== 200)).toEqual([])
    expect(during.length).toBeGreaterThan(5)
    expect(during.filter((o) => o.status !== 503 || o.code !== STORE_UNAVAILABLE)).toEqual([])
    expect(during.filter((o) => duration(o) > COMMAND_TIMEOUT_MS + SLACK_MS)).toEqual([])
    expect(down).toEqual({ status: 503, storeReachable: false })
    expect(after.length).toBeGreaterThan(5)
    expect(after.filter((o) => o.status !== 200)).toEqual([])
    // Every request got an answer (none hung, no connection dropped): nothing crashed.
    expect(outcomes.filter((o) => o.status !== 200 && o.code !== STORE_UNAVAILABLE)).toEqual([])
  })

  it('answers 503 within the command timeout while Redis hangs, then carries on', async () => {
    expectErrorLog('exchange failed', { code: 'server.serverproxy.store_unavailable' })
    server.pause()
    try {
      const outcomes = await Promise.all([call(), call(), call()])
      expect(outcomes.map((o) => [o.status, o.code])).toEqual(
        Array(3).fill([503, STORE_UNAVAILABLE]),
      )
      expect(outcomes.filter((o) => duration(o) > COMMAND_TIMEOUT_MS + SLACK_MS)).toEqual([])
      const startedAt = performance.now()
      expect(await readiness()).toEqual({ status: 503, storeReachable: false })
      expect(performance.now() - startedAt).toBeLessThan(COMMAND_TIMEOUT_MS + SLACK_MS)
    } finally {
      server.resume()
    }
    await untilReady(5000)
    expect((await call()).status).toBe(200)
  })

  it('refuses on one node a signed request that another node of the member served', async () => {
    // A second node of the provider, behind the same federation URL, sharing the Redis keys.
    const secondNode = await fed.startVariant(
      `${PROVIDER}/gw1`,
      (c) => ({
        ...c,
        federationUrl: fed.provider.federationUrl,
        audit: { dir: join(fed.dir, 'provider-second-node-audit') },
      }),
      { store: redisStore(server.url) },
    )
    const peer = await createPeer(fed, `${BANK}/gw1`)
    try {
      const path = `/r1/${PERSONS}/22905199138381`
      const fresh = await peer.send({ path, client: KYC_APP, to: secondNode.federationUrl })
      expect(fresh.status).toBe(200)
      let captured: { headers: Record<string, string>; body: string } | undefined
      const first = await peer.send({
        path,
        client: KYC_APP,
        tamper: (m) => (captured = structuredClone(m)),
      })
      expect(first.status).toBe(200)
      const replayed = await peer.send({
        path,
        client: KYC_APP,
        to: secondNode.federationUrl,
        tamper: (m) => Object.assign(m, captured),
      })
      expect([replayed.status, replayed.headers['x-road-error']]).toEqual([
        409,
        'server.serverproxy.replayed_request',
      ])
    } finally {
      await peer.close()
    }
  })
})
