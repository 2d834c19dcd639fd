// HEAD through both gateways: headers only, a signed empty digest, and no error in either log.
import { Writable } from 'node:stream'
import { pino, type Logger } from 'pino'
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  vi,
  type MockInstance,
} from 'vitest'
import type { RunningGateway } from '#gateway/server.js'
import { contentDigest } from '#gateway/signing/index.js'
import { rawRequest, xroadError } from '../support/http-raw.js'
import {
  BANK,
  KYC_APP,
  LIMITED,
  PERSONS,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'

const EMPTY_DIGEST = contentDigest(new Uint8Array(0))

/** A pino logger whose lines the test can read back. */
function capturingLogger(): { logger: Logger; levels: () => number[]; clear: () => void } {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk))
      done()
    },
  })
  return {
    logger: pino({ level: 'info' }, stream),
    levels: () => lines.map((l) => (JSON.parse(l) as { level: number }).level),
    clear: () => lines.splice(0),
  }
}

const providerLog = capturingLogger()
const consumerLog = capturingLogger()
let fed: TestFederation
let bank: RunningGateway
let token: string
let consoleError: MockInstance

beforeAll(async () => {
  fed = await startTestFederation({ providerOptions: { logger: providerLog.logger } })
  bank = await fed.startVariant(`${BANK}/gw1`, (c) => c, { logger: consumerLog.logger })
  token = await fed.token(KYC_APP)
  // @hono/node-server reports a response written twice (ERR_HTTP_HEADERS_SENT) on the console.
  consoleError = vi.spyOn(console, 'error')
})
afterAll(async () => {
  consoleError?.mockRestore()
  await fed?.close()
})
beforeEach(() => {
  providerLog.clear()
  consumerLog.clear()
  consoleError.mockClear()
})
afterEach(() => {
  expect(providerLog.levels().filter((level) => level >= 50)).toEqual([])
  expect(consumerLog.levels().filter((level) => level >= 50)).toEqual([])
  expect(consoleError).not.toHaveBeenCalled()
})

function head(path: string, headers: Record<string, string> = {}) {
  return rawRequest(bank.consumerUrl, path, {
    method: 'HEAD',
    headers: { authorization: `Bearer ${token}`, 'x-road-client': KYC_APP, ...headers },
  })
}

describe('HEAD requests', () => {
  it("answers with the registry's status and headers, no body, and a signed empty digest", async () => {
    const res = await head(`/r1/${LIMITED}/items/3`)
    expect(res.status).toBe(200)
    expect(res.body).toBe('')
    expect(res.headers).toMatchObject({
      'content-type': 'application/json',
      'content-digest': EMPTY_DIGEST,
      'x-road-service': LIMITED,
    })
    expect(res.headers['signature']).toMatch(/^kopuro=:/)
    expect(res.headers['x-road-id']).toBeTruthy()
    expect(res.headers).not.toHaveProperty('content-length')
    expect(fed.echoLastRequest()).toMatchObject({ method: 'HEAD', url: '/echo/items/3' })
  })

  it('answers a HEAD the provider refuses with its signed error code, headers only', async () => {
    const res = await head(`/r1/${PERSONS}/22905199138381`)
    expect([res.status, xroadError(res).code]).toEqual([403, 'server.serverproxy.access_denied'])
    expect(res.body).toBe('')
    expect(res.headers['content-digest']).toBe(EMPTY_DIGEST)
    expect(res.headers['signature']).toMatch(/^kopuro=:/)
  })

  it('answers a HEAD the consumer refuses with its own error code, headers only', async () => {
    const res = await rawRequest(bank.consumerUrl, `/r1/${PERSONS}/22905199138381`, {
      method: 'HEAD',
      headers: { 'x-road-client': KYC_APP },
    })
    expect([res.status, xroadError(res).code]).toEqual([401, 'client.unauthorized'])
    expect(res.body).toBe('')
  })
})
