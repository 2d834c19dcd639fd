// The provider gateway enforces a service's contract: bad requests never reach the registry,
// non-conforming responses are never forwarded, hostile JSON gets a clean error.
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawRequest, xroadError } from '../support/http-raw.js'
import {
  ECHO,
  KYC_APP,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'
import { expectErrorLog } from '../support/error-logs.js'

let fed: TestFederation
let token: string

beforeAll(async () => {
  fed = await startTestFederation()
  token = await fed.token(KYC_APP)
})
afterAll(() => fed?.close())

function call(
  path: string,
  options: { method?: string; body?: string | Uint8Array; type?: string } = {},
) {
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    'x-road-client': KYC_APP,
  }
  if (options.body !== undefined) headers['content-type'] = options.type ?? 'application/json'
  return rawRequest(fed.bank.consumerUrl, `/r1/${ECHO}${path}`, {
    method: options.method,
    headers,
    body: options.body,
  })
}

/** Expects a refusal with the code and, for bad requests, the JSON pointer, and no registry call. */
async function expectRefused(
  res: Awaited<ReturnType<typeof call>>,
  status: number,
  code: string,
  pointer?: string,
) {
  const { code: got, body } = xroadError(res)
  expect([res.status, got]).toEqual([status, code])
  if (pointer)
    expect((body as { message?: string }).message).toBe(
      `The request does not match the service contract at ${pointer}`,
    )
}

describe('request validation', () => {
  it('lets conforming requests through', async () => {
    expect((await call('/items/5')).status).toBe(200)
    expect((await call('/items?q=a&limit=5')).status).toBe(200)
    expect(
      (await call('/items', { method: 'POST', body: '{"name":"x","tags":["a"]}' })).status,
    ).toBe(201)
  })

  it.each([
    ['a bad path parameter', '/items/abc', '/path/id'],
    ['a path parameter below its minimum', '/items/0', '/path/id'],
    ['a missing required query parameter', '/items?limit=5', '/query/q'],
    ['a query parameter of the wrong type', '/items?q=a&limit=many', '/query/limit'],
    ['a repeated query parameter (pollution)', '/items?q=a&q=b', '/query/q'],
    ['an operation the contract lacks', '/items/5/history', '/'],
  ])('refuses %s before the registry sees it', async (_name, path, pointer) => {
    const before = fed.echoRequests()
    await expectRefused(await call(path), 400, 'client.bad_request', pointer)
    expect(fed.echoRequests()).toBe(before)
  })

  it.each([
    ['an extra property where forbidden', '{"name":"x","admin":true}', '/body/admin'],
    ['a property of the wrong type', '{"name":42}', '/body/name'],
    ['a missing required property', '{"tags":[]}', '/body/name'],
    [
      'deep nesting',
      '{"name":"x","nested":' + '['.repeat(10_000) + ']'.repeat(10_000) + '}',
      '/body',
    ],
    ['a number out of range', '{"name":"x","amount":1e999}', '/body'],
    ['malformed JSON', '{"name":', '/body'],
    ['a hostile property name', '{"name":"x","<script>\\u0000":1}', '/body/*'],
  ])('refuses a body with %s', async (_name, body, pointer) => {
    const before = fed.echoRequests()
    await expectRefused(
      await call('/items', { method: 'POST', body }),
      400,
      'client.bad_request',
      pointer,
    )
    expect(fed.echoRequests()).toBe(before)
  })

  it('refuses invalid UTF-8', async () => {
    const body = Uint8Array.from([
      0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d,
    ])
    await expectRefused(
      await call('/items', { method: 'POST', body }),
      400,
      'client.bad_request',
      '/body',
    )
  })

  it('refuses a JSON body sent as another media type', async () => {
    await expectRefused(
      await call('/items', { method: 'POST', body: '{"name":"x"}', type: 'text/plain' }),
      400,
      'client.bad_request',
      '/body',
    )
  })

  it('refuses a body over the service limit with 413', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(100 * 1024) })
    await expectRefused(
      await call('/items', { method: 'POST', body }),
      413,
      'server.serverproxy.request_too_large',
    )
  })

  it('refuses a declared 20 MB body at once, without waiting for it', async () => {
    const url = new URL(fed.bank.consumerUrl)
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(
          `POST /r1/${ECHO}/items HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n` +
            `X-Road-Client: ${KYC_APP}\r\nContent-Type: application/json\r\nContent-Length: 20000000\r\n\r\n{"name":"`,
        )
      })
      let data = ''
      socket.on('data', (c) => {
        data += c.toString()
        if (data.includes('\r\n\r\n')) {
          socket.destroy()
          resolve(data)
        }
      })
      socket.on('error', reject)
    })
    expect(answer).toMatch(/^HTTP\/1\.1 413/)
    expect(answer.toLowerCase()).toContain('x-road-error: client.request_too_large')
  })
})

describe('response validation', () => {
  it('does not forward a response that breaks the contract', async () => {
    expectErrorLog('exchange failed', { code: 'server.serverproxy.service_failed' })
    const res = await call('/items/13')
    expect([res.status, xroadError(res).code]).toEqual([502, 'server.serverproxy.service_failed'])
    expect(res.body).not.toContain('leak')
  })
})
