// Negative cases at the provider side: access rights, path traversal, signatures, replay, backends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeer } from '../support/federation-client.js'
import { rawRequest, xroadError } from '../support/http-raw.js'
import {
  BANK,
  DOWN,
  ECHO,
  LIMITED,
  RETIRED,
  RETIRED_NOTICE,
  KYC_APP,
  MARKETING_APP,
  PERSONS,
  SLOW,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'
import { expectErrorLog } from '../support/error-logs.js'

let fed: TestFederation
let tokens: Record<string, string>
let pin: string
let peer: Awaited<ReturnType<typeof createPeer>>

beforeAll(async () => {
  fed = await startTestFederation()
  tokens = { [KYC_APP]: await fed.token(KYC_APP), [MARKETING_APP]: await fed.token(MARKETING_APP) }
  const search = await fetch(`${fed.registryUrl}/persons?lastName=Asanov&limit=1`)
  pin = ((await search.json()) as { items: { pin: string }[] }).items[0]!.pin
  peer = await createPeer(fed, `${BANK}/gw1`)
})
afterAll(async () => {
  await peer?.close()
  await fed?.close()
})

function call(
  path: string,
  client = KYC_APP,
  options: { method?: string; body?: string | Uint8Array } = {},
) {
  return rawRequest(fed.bank.consumerUrl, path, {
    ...options,
    headers: { authorization: `Bearer ${tokens[client]}`, 'x-road-client': client },
  })
}

describe('access rights', () => {
  it('lets the granted endpoint through', async () => {
    const res = await call(`/r1/${PERSONS}/${pin}`)
    expect(res.status).toBe(200)
  })

  it('denies a subsystem without a grant', async () => {
    const res = await call(`/r1/${PERSONS}/${pin}`, MARKETING_APP)
    expect([res.status, xroadError(res).code]).toEqual([403, 'server.serverproxy.access_denied'])
  })

  it('denies an endpoint outside the grant', async () => {
    const res = await call(`/r1/${PERSONS}/${pin}/family`)
    expect([res.status, xroadError(res).code]).toEqual([403, 'server.serverproxy.access_denied'])
  })

  it.each([
    ['..', `/x/../PIN/family`, 403, 'server.serverproxy.access_denied'],
    ['%2e%2e', `/x/%2e%2e/PIN/family`, 403, 'server.serverproxy.access_denied'],
    ['%2E%2E mixed case', `/x/%2E%2e/PIN/family`, 403, 'server.serverproxy.access_denied'],
    ['%2F inside a segment', `/PIN%2Ffamily`, 400, 'client.bad_request'],
    ['%5C inside a segment', `/PIN%5Cfamily`, 400, 'client.bad_request'],
    ['.. above the service root', `/../slow`, 400, 'client.bad_request'],
    ['doubled slashes', `//PIN//family`, 403, 'server.serverproxy.access_denied'],
  ])('%s cannot reach an ungranted endpoint', async (_name, suffix, status, code) => {
    const res = await call(`/r1/${PERSONS}${suffix.replace('PIN', pin)}`)
    expect([res.status, xroadError(res).code]).toEqual([status, code])
  })
})

describe('signed federation requests', () => {
  const path = () => `/r1/${PERSONS}/${pin}`

  it('accepts a well-signed request from a registered peer', async () => {
    const res = await peer.send({ path: path(), client: KYC_APP })
    expect(res.status).toBe(200)
  })

  it('refuses a replayed signed request', async () => {
    let captured: { headers: Record<string, string>; body: string } | undefined
    const first = await peer.send({
      path: path(),
      client: KYC_APP,
      tamper: (m) => (captured = structuredClone(m)),
    })
    expect(first.status).toBe(200)
    const again = await peer.send({
      path: path(),
      client: KYC_APP,
      tamper: (m) => Object.assign(m, captured),
    })
    expect([again.status, again.headers['x-road-error']]).toEqual([
      409,
      'server.serverproxy.replayed_request',
    ])
  })

  it('refuses a tampered body', async () => {
    const res = await peer.send({
      method: 'POST',
      path: path(),
      client: KYC_APP,
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
      tamper: (m) => (m.body = '{"a":2}'),
    })
    expect([res.status, res.headers['x-road-error']]).toEqual([
      401,
      'server.serverproxy.invalid_signature_value',
    ])
  })

  it('refuses a tampered signed header', async () => {
    const res = await peer.send({
      path: path(),
      client: KYC_APP,
      headers: { 'x-road-issue': 'case-1' },
      tamper: (m) => (m.headers['x-road-issue'] = 'case-2'),
    })
    expect([res.status, res.headers['x-road-error']]).toEqual([
      401,
      'server.serverproxy.invalid_signature_value',
    ])
  })

  it('refuses an X-Road header added after signing', async () => {
    const res = await peer.send({
      path: path(),
      client: KYC_APP,
      tamper: (m) => (m.headers['x-road-userid'] = 'KG12345678901234'),
    })
    expect([res.status, res.headers['x-road-error']]).toEqual([
      401,
      'server.serverproxy.invalid_signature_value',
    ])
  })

  it('refuses a request older than the skew window', async () => {
    const res = await peer.send({ path: path(), client: KYC_APP, createdOffset: -120 })
    expect([res.status, res.headers['x-road-error']]).toEqual([
      401,
      'server.serverproxy.stale_request',
    ])
  })

  it('refuses a request signed for another client member', async () => {
    const res = await peer.send({ path: path(), client: 'KG/COM/10000002/app' })
    expect([res.status, res.headers['x-road-error']]).toEqual([
      401,
      'server.serverproxy.ssl_authentication_failed',
    ])
  })

  it('denies a client subsystem the directory does not list', async () => {
    const res = await peer.send({ path: path(), client: 'KG/COM/10000001/invented-app' })
    expect([res.status, res.headers['x-road-error']]).toEqual([
      403,
      'server.serverproxy.access_denied',
    ])
  })

  it('refuses an unsigned request', async () => {
    const res = await peer.send({
      path: path(),
      client: KYC_APP,
      tamper: (m) => delete m.headers['signature'],
    })
    expect([res.status, res.headers['x-road-error']]).toEqual([
      401,
      'server.serverproxy.invalid_signature_value',
    ])
  })

  it('refuses an unknown service on the provider', async () => {
    const res = await peer.send({
      path: `/r1/KG/GOV/70000001/population/other/${pin}`,
      client: KYC_APP,
    })
    expect([res.status, res.headers['x-road-error']]).toEqual([
      404,
      'server.serverproxy.unknown_service',
    ])
    expect(res.headers['signature']).toBeTruthy()
  })
})

describe('publication', () => {
  it('a disabled service answers service_disabled with its notice, to granted callers', async () => {
    expectErrorLog('exchange failed', { code: 'server.serverproxy.service_disabled' })
    const res = await call(`/r1/${RETIRED}/x`)
    expect([res.status, xroadError(res).code]).toEqual([503, 'server.serverproxy.service_disabled'])
    expect(JSON.parse(res.body).message).toBe(`The service is disabled: ${RETIRED_NOTICE}`)
  })

  it('a published service is reachable by no one it was not granted to', async () => {
    const res = await call(`/r1/${ECHO}/items/1`, MARKETING_APP)
    expect([res.status, xroadError(res).code]).toEqual([403, 'server.serverproxy.access_denied'])
    const ungrantedDisabled = await call(`/r1/${RETIRED}/x`, MARKETING_APP)
    expect(xroadError(ungrantedDisabled).code).toBe('server.serverproxy.access_denied')
  })
})

describe('rate limits', () => {
  it('gives each client subsystem its own budget, announced in RateLimit headers, then 429', async () => {
    const answers = []
    for (let i = 0; i < 4; i++) answers.push(await call(`/r1/${LIMITED}/items/1`))
    expect(answers.slice(0, 3).map((a) => a.status)).toEqual([200, 200, 200])
    expect(answers[0]!.headers['ratelimit-policy']).toBe('"default";q=3;w=60')
    expect(answers[2]!.headers['ratelimit']).toMatch(/^"default";r=0;t=\d+$/)
    const refused = answers[3]!
    expect([refused.status, xroadError(refused).code]).toEqual([
      429,
      'server.serverproxy.rate_limited',
    ])
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    expect(refused.headers['signature']).toBeTruthy()
    // Another subsystem of the same member still has its own budget.
    expect((await call(`/r1/${LIMITED}/items/1`, MARKETING_APP)).status).toBe(200)
  })
})

describe('backends', () => {
  it('answers 504 when the registry times out', async () => {
    expectErrorLog('exchange failed', { code: 'server.serverproxy.timeout' })
    const res = await call(`/r1/${SLOW}/x`)
    expect([res.status, xroadError(res).code]).toEqual([504, 'server.serverproxy.timeout'])
  })

  it('answers 502 when the registry is down', async () => {
    expectErrorLog('exchange failed', { code: 'server.serverproxy.service_failed' })
    const res = await call(`/r1/${DOWN}/x`)
    expect([res.status, xroadError(res).code]).toEqual([502, 'server.serverproxy.service_failed'])
  })

  it('refuses a body over the service limit with 413', async () => {
    const res = await call(`/r1/${PERSONS}/${pin}`, KYC_APP, {
      method: 'POST',
      body: new Uint8Array(100 * 1024),
    })
    expect([res.status, xroadError(res).code]).toEqual([
      413,
      'server.serverproxy.request_too_large',
    ])
  })

  it('passes the registry’s own errors through unchanged', async () => {
    const res = await call(`/r1/${PERSONS}/29999999999999`)
    expect(res.status).toBe(404)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.headers['x-road-error']).toBeUndefined()
  })
})
