// The provider's signed answer on plain values: it verifies, binds to its request, is logged first,
// and is counted as what the consumer gets.
import { describe, expect, it } from 'vitest'
import type { AuditLog } from '#gateway/audit/index.js'
import { lookupMemberKey } from '#gateway/directory/index.js'
import { GatewayError } from '#gateway/lib/errors.js'
import { respondSigned, signAnswer, type SignedAnswer } from '#gateway/provider/respond-signed.js'
import {
  contentDigest,
  requestHash,
  verifyContentDigest,
  verifyResponseSignature,
  type VerifiedSignature,
} from '#gateway/signing/index.js'
import {
  createTestMetrics,
  exchangeSeries,
  failingLog,
  keepingLog,
  KYC_APP,
  NOW_MS,
  PERSONS,
  PIN,
  POPULATION,
  populationKey,
  REQUEST_ID,
  SKEW_SECONDS,
  view,
  X_ROAD_ID,
} from '../exchange/fixtures.js'
import { federationExchange, inboundRequest, providerContext } from './fixtures.js'

const BODY = new TextEncoder().encode('{"name":"Aibek"}')

/** The consumer's check of a provider answer, with the provider's key from the directory. */
function verifyAnswer(answer: SignedAnswer, requestSignature: string): VerifiedSignature {
  return verifyResponseSignature(
    { status: answer.status, header: (name) => answer.headers[name], requestSignature },
    {
      now: NOW_MS / 1000 + 1,
      skewSeconds: SKEW_SECONDS,
      lookupKey: (kid, alg, created) =>
        lookupMemberKey(
          view,
          POPULATION,
          { kid, alg, createdSec: created, nowMs: NOW_MS },
          'server.clientproxy.invalid_signature_value',
        ),
    },
  )
}

function backendAnswer(): SignedAnswer {
  return { status: 200, headers: { 'content-type': 'application/json' }, body: BODY }
}

describe('signAnswer', () => {
  it('signs an answer whose Signature and Content-Digest verify, bound to its request', () => {
    const exchange = federationExchange()
    const answer = backendAnswer()
    const signed = signAnswer(providerContext(), exchange, answer)
    expect(answer.headers).toMatchObject({
      'x-road-id': X_ROAD_ID,
      'x-road-client': KYC_APP,
      'x-road-service': PERSONS,
      'x-road-request-id': REQUEST_ID,
      'x-road-request-hash': requestHash(exchange.verified.signatureBase),
      'content-digest': contentDigest(BODY),
      'signature-input': signed.signatureInput,
      signature: signed.signature,
    })
    expect(verifyContentDigest(answer.headers['content-digest'], answer.body)).toBe(true)
    const verified = verifyAnswer(answer, exchange.verified.signature)
    expect(verified.keyid).toBe(populationKey.signing.keyid)
    expect(verified.signatureBase.split('\n')).toContain(
      `"signature";req: ${exchange.verified.signature}`,
    )
  })

  it('signs an answer no other request can claim', () => {
    const exchange = federationExchange()
    const answer = backendAnswer()
    signAnswer(providerContext(), exchange, answer)
    const other = federationExchange().verified
    expect(other.signature).not.toBe(exchange.verified.signature)
    expect(() => verifyAnswer(answer, other.signature)).toThrow(
      expect.objectContaining({ code: 'server.clientproxy.invalid_signature_value', status: 502 }),
    )
    answer.body = new TextEncoder().encode('{"name":"Someone else"}')
    expect(verifyContentDigest(answer.headers['content-digest'], answer.body)).toBe(false)
  })

  it('digests no content for an answer to HEAD, and carries the rate-limit headers', () => {
    const exchange = federationExchange({
      request: inboundRequest({ method: 'HEAD' }),
      extraHeaders: { ratelimit: '"default";r=9;t=60' },
    })
    const answer = backendAnswer()
    signAnswer(providerContext(), exchange, answer)
    expect(answer.body.byteLength).toBe(0)
    expect(answer.headers['content-digest']).toBe(contentDigest(new Uint8Array(0)))
    expect(answer.headers['ratelimit']).toBe('"default";r=9;t=60')
    expect(verifyAnswer(answer, exchange.verified.signature).keyid).toBe(
      populationKey.signing.keyid,
    )
  })
})

describe('respondSigned', () => {
  it('logs the exchange, then releases the registry’s answer and counts it', async () => {
    const log = keepingLog()
    const metrics = await createTestMetrics(`${POPULATION}/gw1`)
    const ctx = providerContext({ audit: log as unknown as AuditLog, metrics })
    const exchange = federationExchange()
    const response = { status: 200, headers: { 'content-type': 'application/json' }, body: BODY }
    const answer = await respondSigned(ctx, exchange, { response })
    expect([answer.status, answer.headers['x-road-error']]).toEqual([200, undefined])
    expect(verifyAnswer(answer, exchange.verified.signature).keyid).toBe(
      populationKey.signing.keyid,
    )
    expect(log.records).toHaveLength(1)
    expect(log.records[0]).toMatchObject({
      side: 'provider',
      node: `${POPULATION}/gw1`,
      client: KYC_APP,
      service: PERSONS,
      path: '/{pin}',
      status: 200,
      sizes: { request: 0, response: BODY.byteLength },
      requestHash: answer.headers['x-road-request-hash'],
      signatures: { response: { signature: answer.headers['signature'] } },
    })
    expect(JSON.stringify(log.records[0])).not.toContain(PIN)
    expect(await exchangeSeries(metrics)).toEqual([
      `kopuro_exchanges_total{side="provider",client="${KYC_APP}",service="${PERSONS}",outcome="2xx",node="${POPULATION}/gw1"} 1`,
    ])
  })

  it('answers a refusal signed, with its X-Road-Error and status', async () => {
    const log = keepingLog()
    const ctx = providerContext({ audit: log as unknown as AuditLog })
    const exchange = federationExchange({ extraHeaders: { 'retry-after': '60' } })
    const error = new GatewayError('server.serverproxy.rate_limited')
    const answer = await respondSigned(ctx, exchange, { error })
    expect([answer.status, answer.headers['x-road-error']]).toEqual([
      429,
      'server.serverproxy.rate_limited',
    ])
    expect(answer.headers['retry-after']).toBe('60')
    expect(JSON.parse(new TextDecoder().decode(answer.body))).toMatchObject({
      type: 'server.serverproxy.rate_limited',
      detail: answer.correlationId,
    })
    expect(verifyAnswer(answer, exchange.verified.signature).keyid).toBe(
      populationKey.signing.keyid,
    )
    expect(log.records[0]).toMatchObject({
      status: 429,
      error: 'server.serverproxy.rate_limited',
      correlationId: answer.correlationId,
    })
  })

  it('withholds the registry’s 200 when the log fails, and counts logging_failed, not 2xx', async () => {
    const metrics = await createTestMetrics(`${POPULATION}/gw1`)
    const ctx = providerContext({ audit: failingLog() as AuditLog, metrics })
    const exchange = federationExchange()
    const response = { status: 200, headers: { 'content-type': 'application/json' }, body: BODY }
    const answer = await respondSigned(ctx, exchange, { response })
    expect([answer.status, answer.headers['x-road-error']]).toEqual([
      500,
      'server.serverproxy.logging_failed',
    ])
    expect(new TextDecoder().decode(answer.body)).not.toContain('Aibek')
    expect(verifyContentDigest(answer.headers['content-digest'], answer.body)).toBe(true)
    expect(verifyAnswer(answer, exchange.verified.signature).keyid).toBe(
      populationKey.signing.keyid,
    )
    expect(await exchangeSeries(metrics)).toEqual([
      `kopuro_exchanges_total{side="provider",client="${KYC_APP}",service="${PERSONS}",outcome="server.serverproxy.logging_failed",node="${POPULATION}/gw1"} 1`,
    ])
  })
})
