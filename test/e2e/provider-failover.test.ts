// Two provider nodes as real processes under steady load; one is killed with SIGKILL.
import { steadyLoad, timedCall, type Outcome } from '../support/steady-load.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAuditRecords } from '#gateway/audit/index.js'
import { startGatewayProcess, type GatewayProcess } from '../support/gateway-process.js'
import {
  KYC_APP,
  PERSONS,
  PROVIDER,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'
import { allowErrorLog } from '../support/error-logs.js'

let fed: TestFederation
let nodes: Record<string, GatewayProcess>
let token: string

beforeAll(async () => {
  fed = await startTestFederation({ noProvider: true })
  const [gw1, gw2] = await Promise.all(
    ['gw1', 'gw2'].map((code) => startGatewayProcess(fed.node(`${PROVIDER}/${code}`))),
  )
  nodes = { [`${PROVIDER}/gw1`]: gw1!, [`${PROVIDER}/gw2`]: gw2! }
  token = await fed.token(KYC_APP)
}, 90_000)
afterAll(async () => {
  await Promise.all(Object.values(nodes ?? {}).map((n) => n.kill()))
  await fed?.close()
})

function call(): Promise<Outcome> {
  return timedCall(fed.bank.consumerUrl, `/r1/${PERSONS}/22905199138381`, {
    authorization: `Bearer ${token}`,
    'x-road-client': KYC_APP,
  })
}

async function servingNode(): Promise<string> {
  let peer: string | undefined
  for await (const record of readAuditRecords(fed.bank.gateway.config.audit.dir))
    peer = record.peer ?? peer
  return peer!
}

describe('a provider node dies under load', () => {
  it('fails over: every request started after the kill succeeds; none hangs', async () => {
    allowErrorLog('exchange failed', { code: 'server.clientproxy.network_error' })
    const load = steadyLoad(8, call)
    // Enough traffic on each side of the kill however busy the machine: counts, not fixed sleeps.
    const until = async (done: () => boolean) => {
      for (const started = Date.now(); !done() && Date.now() - started < 20_000;) {
        await new Promise((r) => setTimeout(r, 50))
      }
    }
    await until(() => load.outcomes.length > 20)
    const victim = await servingNode()
    await nodes[victim]!.kill()
    // The kernel closes the dead node's sockets at once; give the client's loop a moment to see it.
    const killedAt = performance.now() + 20
    await until(() => load.outcomes.filter((o) => o.startedAt > killedAt).length > 20)
    const outcomes = await load.stop()

    const before = outcomes.filter((o) => o.endedAt < killedAt - 20)
    const after = outcomes.filter((o) => o.startedAt > killedAt)
    const inFlight = outcomes.filter((o) => !before.includes(o) && !after.includes(o))
    expect(before.length).toBeGreaterThan(10)
    expect(before.every((o) => o.status === 200)).toBe(true)
    expect(after.length).toBeGreaterThan(10)
    expect(after.filter((o) => o.status !== 200)).toEqual([])
    for (const o of inFlight) {
      expect(
        o.status === 200 || o.code === 'server.clientproxy.network_error',
        JSON.stringify(o),
      ).toBe(true)
    }
    expect(await servingNode()).not.toBe(victim)
  })
})
