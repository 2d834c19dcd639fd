// Which request headers reach a registry: only signed ones the service allows, never routing ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeer } from '../support/federation-client.js'
import { rawRequest, xroadError } from '../support/http-raw.js'
import { startTamperingNode } from '../support/tampering-node.js'
import {
  BANK,
  ECHO,
  KYC_APP,
  PROVIDER,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'

/** Headers a backend (or a proxy before it) may take as another method, path, client or session. */
const ROUTING_HEADERS: Record<string, string> = {
  'x-http-method-override': 'DELETE',
  'x-http-method': 'DELETE',
  'x-method-override': 'DELETE',
  'x-original-url': '/echo/admin',
  'x-rewrite-url': '/echo/admin',
  'x-forwarded-for': '10.0.0.1',
  'x-forwarded-host': 'admin.internal',
  'x-forwarded-proto': 'https',
  forwarded: 'for=10.0.0.1;host=admin.internal',
  cookie: 'session=admin',
}

let fed: TestFederation
let token: string
let peer: Awaited<ReturnType<typeof createPeer>>

beforeAll(async () => {
  fed = await startTestFederation()
  token = await fed.token(KYC_APP)
  peer = await createPeer(fed, `${BANK}/gw1`)
})
afterAll(async () => {
  await peer?.close()
  await fed?.close()
})

function call(extra: Record<string, string>, pin?: string) {
  return rawRequest(fed.bank.consumerUrl, `/r1/${ECHO}/items/3`, {
    headers: {
      authorization: `Bearer ${token}`,
      'x-road-client': KYC_APP,
      ...(pin ? { 'x-road-security-server': pin } : {}),
      ...extra,
    },
  })
}

/** The headers the echo registry saw on the last request, after checking it was this one. */
function receivedHeaders(xRoadId: string | string[] | undefined) {
  const last = fed.echoLastRequest()
  expect(last).toMatchObject({ method: 'GET', url: '/echo/items/3' })
  expect(last!.headers['x-road-id']).toBe(xRoadId)
  return last!.headers
}

describe('request headers on the way to a registry', () => {
  it('drops method-override, rewrite, forwarded and cookie headers an information system sends', async () => {
    const res = await call({
      ...ROUTING_HEADERS,
      'accept-language': 'ky',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      'x-undeclared': 'no',
      'x-road-unknown': 'no',
    })
    expect(res.status).toBe(200)
    const received = receivedHeaders(res.headers['x-road-id'])
    for (const name of Object.keys(ROUTING_HEADERS)) expect(received).not.toHaveProperty(name)
    expect(received).not.toHaveProperty('x-undeclared')
    expect(received).not.toHaveProperty('x-road-unknown')
    expect(received).toMatchObject({
      'accept-language': 'ky',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      'x-road-client': KYC_APP,
    })
  })

  it('forwards a header parameter the service contract declares', async () => {
    const res = await call({ 'x-echo-tenant': 'tenant-7' })
    expect(res.status).toBe(200)
    expect(receivedHeaders(res.headers['x-road-id'])['x-echo-tenant']).toBe('tenant-7')
  })

  it('never forwards routing headers, even when a peer gateway signed them', async () => {
    const headers = { ...ROUTING_HEADERS, 'x-echo-tenant': 'tenant-7' }
    const res = await peer.send({
      path: `/r1/${ECHO}/items/3`,
      client: KYC_APP,
      headers,
      coveredHeaders: Object.keys(headers).sort(),
    })
    expect(res.status).toBe(200)
    const received = receivedHeaders(res.headers['x-road-id'])
    for (const name of Object.keys(ROUTING_HEADERS)) expect(received).not.toHaveProperty(name)
    expect(received['x-echo-tenant']).toBe('tenant-7')
  })

  it('does not let a node in the path add a header the registry would take', async () => {
    const gw2 = fed.node(`${PROVIDER}/gw2`).config
    const node = await startTamperingNode(
      gw2,
      fed.node(`${BANK}/gw1`).config.tls,
      (_h, body) => body,
      (h) => {
        h['x-echo-tenant'] = 'tenant-evil'
        h['idempotency-key'] = 'injected'
        h['x-http-method-override'] = 'DELETE'
      },
    )
    try {
      const res = await call({}, `${PROVIDER}/gw2`)
      expect(res.status).toBe(200)
      const received = receivedHeaders(res.headers['x-road-id'])
      expect(received).not.toHaveProperty('x-echo-tenant')
      expect(received).not.toHaveProperty('idempotency-key')
      expect(received).not.toHaveProperty('x-http-method-override')
    } finally {
      await node.close()
    }
  })

  it('refuses a forwarded header changed in transit as a bad signature', async () => {
    const gw2 = fed.node(`${PROVIDER}/gw2`).config
    const node = await startTamperingNode(
      gw2,
      fed.node(`${BANK}/gw1`).config.tls,
      (_h, body) => body,
      (h) => {
        h['x-echo-tenant'] = 'tenant-evil'
      },
    )
    try {
      const before = fed.echoRequests()
      const res = await call({ 'x-echo-tenant': 'tenant-7' }, `${PROVIDER}/gw2`)
      expect([res.status, xroadError(res).code]).toEqual([
        401,
        'server.serverproxy.invalid_signature_value',
      ])
      expect(fed.echoRequests()).toBe(before)
    } finally {
      await node.close()
    }
  })

  it('passes on, signs and logs no malformed trace context: free text there reaches no record', async () => {
    const { readAuditRecords } = await import('#gateway/audit/index.js')
    const pinAsTrace = '00-22905199138381-person-01'
    const fromClient = await call({ traceparent: pinAsTrace, tracestate: 'pin=22905199138381' })
    expect(fromClient.status).toBe(200)
    const received = receivedHeaders(fromClient.headers['x-road-id'])
    expect(received).not.toHaveProperty('traceparent')
    expect(received).not.toHaveProperty('tracestate')
    // A peer that signs the same free text gets it neither to the registry nor into the record.
    const signed = { traceparent: 'ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }
    const fromPeer = await peer.send({
      path: `/r1/${ECHO}/items/3`,
      client: KYC_APP,
      headers: signed,
      coveredHeaders: ['traceparent'],
    })
    expect(fromPeer.status).toBe(200)
    expect(receivedHeaders(fromPeer.headers['x-road-id'])).not.toHaveProperty('traceparent')
    const ids = [fromClient.headers['x-road-id'], fromPeer.headers['x-road-id']]
    for (const gateway of [fed.bank, fed.provider]) {
      for await (const r of readAuditRecords(gateway.gateway.config.audit.dir)) {
        if (ids.includes(r.xRoadId)) expect(r.trace).toBeUndefined()
      }
    }
  })

  it('refuses more headers than a request signature may cover, before sending anything', async () => {
    const before = fed.echoRequests()
    const many = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`x-extra-${i}`, 'v']))
    const res = await call(many)
    expect([res.status, xroadError(res).code]).toEqual([400, 'client.bad_request'])
    expect(fed.echoRequests()).toBe(before)
  })
})
