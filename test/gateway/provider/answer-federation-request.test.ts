// The whole provider pipeline from a plain request: peer, signature, replay, access, budget,
// registry, signed answer. The TLS peer is a value too: no listener, socket or handshake.
import { X509Certificate } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createRootCa, issueNodeCertificate } from '#certs/index.js'
import type { AuditLog } from '#gateway/audit/index.js'
import type { DirectoryClient } from '#gateway/directory/index.js'
import type { PeerConnection } from '#gateway/exchange/index.js'
import { GatewayError } from '#gateway/lib/errors.js'
import { answerFederationRequest } from '#gateway/provider/handle-federation-request.js'
import {
  BANK,
  createTestView,
  federationHeaders,
  keepingLog,
  MARKETING_APP,
  PERSONS,
  PIN,
  signedRequest,
} from '../exchange/fixtures.js'
import { inboundRequest, personsService, providerContext } from './fixtures.js'

const ca = await createRootCa({ name: 'Test federation CA' })
const bankNode = await issueNodeCertificate({ ca, nodeId: `${BANK}/gw1` })
const tlsView = createTestView({
  federationCas: [ca.certPem],
  fingerprints: { [BANK]: bankNode.fingerprint256 },
})
const directory = { held: () => tlsView, current: () => tlsView } as unknown as DirectoryClient

/** The bank node's connection as a TLS handshake that chained to the federation CA leaves it. */
function bankConnection(): PeerConnection {
  const root = new X509Certificate(ca.certPem)
  const leaf = new X509Certificate(bankNode.certPem)
  const issuer: Record<string, unknown> = { raw: root.raw, fingerprint256: root.fingerprint256 }
  issuer['issuerCertificate'] = issuer
  const cert = { raw: leaf.raw, fingerprint256: leaf.fingerprint256, issuerCertificate: issuer }
  return {
    authorized: true,
    authorizationError: undefined as unknown as Error,
    getPeerCertificate: (() => cert) as unknown as PeerConnection['getPeerCertificate'],
  }
}

/** A request as the bank's gateway sends it, signed, on the bank node's connection. */
function signedInbound(headers = federationHeaders(), peer = bankConnection()) {
  const signed = signedRequest(headers)
  return inboundRequest({
    headers: { ...headers, 'signature-input': signed.signatureInput, signature: signed.signature },
    peer,
  })
}

function setUp(config: Parameters<typeof personsService>[0] = {}) {
  const service = personsService(config)
  const log = keepingLog()
  const ctx = providerContext({
    directory,
    audit: log as unknown as AuditLog,
    services: new Map([[PERSONS, service]]),
  })
  return { ctx, service, log }
}

describe('answerFederationRequest', () => {
  it('serves a granted request and answers it signed, once logged', async () => {
    const { ctx, service, log } = setUp()
    const answer = await answerFederationRequest(ctx, signedInbound())
    expect([answer.status, answer.headers['x-road-error']]).toEqual([200, undefined])
    expect(new TextDecoder().decode(answer.body)).toBe('{"name":"Aibek"}')
    expect(answer.headers['signature']).toMatch(/^kopuro=:/)
    expect(service.sent.map((r) => [r.method, r.pathAndQuery])).toEqual([['GET', `/${PIN}`]])
    expect(log.records).toMatchObject([{ side: 'provider', peer: `${BANK}/gw1`, status: 200 }])
  })

  it('refuses the same signed request a second time, signed, without asking the registry', async () => {
    const { ctx, service, log } = setUp()
    const request = signedInbound()
    await answerFederationRequest(ctx, request)
    const again = await answerFederationRequest(ctx, { ...request, body: inboundRequest().body })
    expect([again.status, again.headers['x-road-error']]).toEqual([
      409,
      'server.serverproxy.replayed_request',
    ])
    expect(again.headers['signature']).toMatch(/^kopuro=:/)
    expect(service.sent).toHaveLength(1)
    expect(log.records.map((r) => [r.status, r.error])).toEqual([
      [200, undefined],
      [409, 'server.serverproxy.replayed_request'],
    ])
  })

  it('denies a client without a grant, signed, without asking the registry', async () => {
    const { ctx, service } = setUp()
    const headers = { ...federationHeaders(), 'x-road-client': MARKETING_APP }
    const answer = await answerFederationRequest(ctx, signedInbound(headers))
    expect([answer.status, answer.headers['x-road-error']]).toEqual([
      403,
      'server.serverproxy.access_denied',
    ])
    expect(service.sent).toHaveLength(0)
  })

  it('refuses the request over the service’s budget with 429 and Retry-After', async () => {
    const { ctx, service } = setUp({ rateLimit: { requests: 1, windowSeconds: 60 } })
    expect((await answerFederationRequest(ctx, signedInbound())).status).toBe(200)
    const over = await answerFederationRequest(ctx, signedInbound())
    expect([over.status, over.headers['x-road-error'], over.headers['retry-after']]).toEqual([
      429,
      'server.serverproxy.rate_limited',
      '60',
    ])
    expect(over.headers['ratelimit']).toBe('"default";r=0;t=60')
    expect(service.sent).toHaveLength(1)
  })

  it('throws, unsigned and unlogged, for a request that came on no TLS connection', async () => {
    const { ctx, log } = setUp()
    const request = { ...signedInbound(), peer: undefined }
    const error = await answerFederationRequest(ctx, request).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GatewayError)
    expect([(error as GatewayError).status, (error as GatewayError).code]).toEqual([
      401,
      'server.serverproxy.ssl_authentication_failed',
    ])
    expect(log.records).toEqual([])
  })
})
