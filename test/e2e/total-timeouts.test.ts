// Timeouts bound a whole answer: a registry or a provider node trickling its body is cut off.
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawRequest, xroadError } from '../support/http-raw.js'
import {
  BANK,
  KYC_APP,
  PROVIDER,
  SLOW,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'
import { startTricklingServer } from '../support/trickling-server.js'
import { expectErrorLog } from '../support/error-logs.js'

/** One byte every 100 ms against a 1 s timeout: a gap timer would never fire. */
const PERIOD_MS = 100
const TIMEOUT_MS = 1000

let fed: TestFederation
let token: string

beforeAll(async () => {
  fed = await startTestFederation()
  token = await fed.token(KYC_APP)
})
afterAll(() => fed?.close())

function callSlowAt(consumerUrl: string) {
  return rawRequest(consumerUrl, `/r1/${SLOW}/items`, {
    headers: {
      authorization: `Bearer ${token}`,
      'x-road-client': KYC_APP,
      'x-road-security-server': `${PROVIDER}/gw2`,
    },
  })
}

describe('total timeouts', () => {
  it('cuts a registry that trickles its body at the service timeout with 504 timeout', async () => {
    expectErrorLog('exchange failed', { code: 'server.serverproxy.timeout' })
    const backend = await startTricklingServer({ periodMs: PERIOD_MS })
    const gw2 = fed.node(`${PROVIDER}/gw2`).config
    const provider = await fed.startVariant(`${PROVIDER}/gw1`, (c) => ({
      ...c,
      listen: { ...c.listen, federationPort: gw2.listen.federationPort },
      tls: gw2.tls,
      services: c.services.map((s) =>
        s.id === SLOW ? { ...s, url: backend.url, timeoutMs: TIMEOUT_MS } : s,
      ),
    }))
    try {
      const res = await callSlowAt(fed.bank.consumerUrl)
      expect([res.status, xroadError(res).code]).toEqual([504, 'server.serverproxy.timeout'])
      expect(backend.requests()).toBe(1)
      await backend.closed(1)
    } finally {
      await provider.close()
      await backend.close()
    }
  }, 20_000)

  it('cuts a provider node that trickles its answer at the provider timeout with 504 timeout', async () => {
    expectErrorLog('exchange failed', { code: 'server.clientproxy.timeout' })
    const gw2 = fed.node(`${PROVIDER}/gw2`).config
    const [cert, key] = await Promise.all([
      readFile(gw2.tls.certFile, 'utf8'),
      readFile(gw2.tls.keyFile, 'utf8'),
    ])
    const node = await startTricklingServer({
      periodMs: PERIOD_MS,
      tls: { cert, key },
      port: gw2.listen.federationPort,
    })
    const bank = await fed.startVariant(`${BANK}/gw1`, (c) => ({
      ...c,
      limits: { ...c.limits, providerTimeoutMs: TIMEOUT_MS },
    }))
    try {
      const res = await callSlowAt(bank.consumerUrl)
      expect([res.status, xroadError(res).code]).toEqual([504, 'server.clientproxy.timeout'])
      expect(node.requests()).toBe(1)
      await node.closed(1)
    } finally {
      await node.close()
    }
  }, 20_000)
})
