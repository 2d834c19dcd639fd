// signResponse / verifyResponseSignature: responses bound to exactly one request signature.
import { describe, expect, it, vi } from 'vitest'
import {
  contentDigest,
  requestHash,
  signRequest,
  signResponse,
  verifyRequestSignature,
  verifyResponseSignature,
  type SignatureAlgorithm,
  type VerifyOptions,
} from '#gateway/signing/index.js'
import {
  causeOf,
  createKeyPair,
  expectGatewayError,
  getter,
  lookupOf,
  NONCE,
  NOW,
  requestHeaders,
  SKEW,
  TARGET_URI,
  type KeyPair,
} from './fixtures.js'

const INVALID = 'server.clientproxy.invalid_signature_value'
const consumer = createKeyPair('ed25519', 'KG/COM/10000001/k1')
const ed = createKeyPair('ed25519', 'KG/GOV/70000001/ed')
const ec = createKeyPair('ecdsa-p256-sha256', 'KG/GOV/70000001/ec')
const RESPONSE_BODY = new TextEncoder().encode('{"id":42}')

/** A request signed by the consumer, then the provider's response to it. */
function exchange(pair: KeyPair, mutate?: (headers: Record<string, string>) => void) {
  const request = signRequest(
    { method: 'GET', targetUri: TARGET_URI, header: getter(requestHeaders()) },
    consumer.signing,
    { now: NOW },
  )
  const headers: Record<string, string> = {
    'content-digest': contentDigest(RESPONSE_BODY),
    'content-type': 'application/json',
    'x-road-id': 'c1b4e2a0-0b7e-4a43-9d52-9f5f2f7d2a11',
    'x-road-request-hash': requestHash(request.signatureBase),
  }
  mutate?.(headers)
  const response = { status: 200, header: getter(headers), requestSignature: request.signature }
  const signed = signResponse(response, pair.signing, { now: NOW + 1, nonce: NONCE })
  headers['signature-input'] = signed.signatureInput
  headers['signature'] = signed.signature
  return { request, response, headers, signed }
}

function options(overrides: Partial<VerifyOptions> = {}): VerifyOptions {
  return {
    now: NOW + 2,
    skewSeconds: SKEW,
    lookupKey: lookupOf(ed.verifying, ec.verifying),
    ...overrides,
  }
}

describe.each<[SignatureAlgorithm, KeyPair]>([
  ['ed25519', ed],
  ['ecdsa-p256-sha256', ec],
])('signResponse / verifyResponseSignature with %s', (alg, pair) => {
  it('round-trips and covers the request signature with ;req', () => {
    const { request, response, headers, signed } = exchange(pair)
    expect(signed.signatureInput).toBe(
      'kopuro=("@status" "content-digest" "content-type" "x-road-id" "x-road-request-hash"' +
        ` "signature";req);created=${NOW + 1};expires=${NOW + 61};nonce="${NONCE}"` +
        `;keyid="${pair.signing.keyid}";alg="${alg}";tag="kopuro-response"`,
    )
    expect(signed.signatureBase.split('\n')).toEqual([
      '"@status": 200',
      `"content-digest": ${headers['content-digest']}`,
      '"content-type": application/json',
      `"x-road-id": ${headers['x-road-id']}`,
      `"x-road-request-hash": ${headers['x-road-request-hash']}`,
      `"signature";req: ${request.signature}`,
      `"@signature-params": ${signed.signatureInput.slice('kopuro='.length)}`,
    ])
    const verified = verifyResponseSignature(response, options())
    expect(verified).toMatchObject({
      keyid: pair.signing.keyid,
      alg,
      nonce: NONCE,
      created: NOW + 1,
    })
    expect(verified.signatureBase).toBe(signed.signatureBase)
  })

  it('refuses a response bound to a different request signature', () => {
    const { response } = exchange(pair)
    const other = exchange(pair).request.signature
    expect(other).not.toBe(response.requestSignature)
    const error = expectGatewayError(
      () => verifyResponseSignature({ ...response, requestSignature: other }, options()),
      INVALID,
    )
    expect(causeOf(error)).toMatch(/does not verify/)
  })

  it('refuses a tampered status', () => {
    const { response } = exchange(pair)
    expectGatewayError(
      () => verifyResponseSignature({ ...response, status: 500 }, options()),
      INVALID,
    )
  })
})

describe('verifyResponseSignature refuses, always as server.clientproxy.invalid_signature_value,', () => {
  it('a tampered signed header', () => {
    for (const name of ['x-road-id', 'x-road-request-hash', 'content-digest', 'content-type']) {
      const { response, headers } = exchange(ed)
      headers[name] = `${headers[name]}x`
      expectGatewayError(() => verifyResponseSignature(response, options()), INVALID)
    }
  })

  it('a content type that was signed and removed, or added unsigned', () => {
    const removed = exchange(ed)
    delete removed.headers['content-type']
    expectGatewayError(() => verifyResponseSignature(removed.response, options()), INVALID)
    const added = exchange(ed, (h) => delete h['content-type'])
    added.headers['content-type'] = 'text/html'
    expectGatewayError(() => verifyResponseSignature(added.response, options()), INVALID)
  })

  it('a request signature presented as a response (wrong tag)', () => {
    const { request, response, headers } = exchange(ed)
    headers['signature-input'] = request.signatureInput
    headers['signature'] = request.signature
    const lookupKey = vi.fn(lookupOf(consumer.verifying))
    expectGatewayError(() => verifyResponseSignature(response, options({ lookupKey })), INVALID)
    expect(lookupKey).not.toHaveBeenCalled()
  })

  it('a response presented as a request (wrong tag)', () => {
    const { headers } = exchange(ed)
    const error = expectGatewayError(
      () =>
        verifyRequestSignature(
          { method: 'GET', targetUri: TARGET_URI, header: getter(headers) },
          options({ lookupKey: lookupOf(ed.verifying) }),
        ),
      'server.serverproxy.invalid_signature_value',
    )
    expect(causeOf(error)).toMatch(/tag/)
  })

  it('stale responses, with the same code', () => {
    const { response } = exchange(ed)
    const expired = expectGatewayError(
      () => verifyResponseSignature(response, options({ now: NOW + 61 + SKEW + 1 })),
      INVALID,
    )
    expect(causeOf(expired)).toMatch(/expired/)
    const future = expectGatewayError(
      () => verifyResponseSignature(response, options({ now: NOW - SKEW - 1 })),
      INVALID,
    )
    expect(causeOf(future)).toMatch(/future/)
  })

  it('a malformed signature field', () => {
    const { response, headers } = exchange(ed)
    headers['signature'] = `${headers['signature']}, other=:AAAA:`
    expectGatewayError(() => verifyResponseSignature(response, options()), INVALID)
  })

  it('an impossible status', () => {
    const { response } = exchange(ed)
    expectGatewayError(
      () => verifyResponseSignature({ ...response, status: 20 }, options()),
      INVALID,
    )
  })
})

describe('signResponse', () => {
  it('requires the X-Road headers and the request signature (API misuse)', () => {
    const sign =
      (headers: Record<string, string>, requestSignature = 'kopuro=:AAAA:', status = 200) =>
      () =>
        signResponse({ status, header: getter(headers), requestSignature }, ed.signing, {
          now: NOW,
        })
    const { headers } = exchange(ed)
    for (const name of ['content-digest', 'x-road-id', 'x-road-request-hash']) {
      const missing = { ...headers }
      delete missing[name]
      expect(sign(missing)).toThrow(TypeError)
    }
    expect(sign(headers, 'kopuro=:AAAA:', 1000)).toThrow(TypeError)
    expect(sign(headers, 'kopuro=:AAAA:')).not.toThrow()
  })

  it("reports a backend header that cannot be signed as the service's failure", () => {
    const { headers } = exchange(ed)
    headers['content-type'] = 'text/plain; charset=\u00e9'
    expectGatewayError(
      () =>
        signResponse(
          { status: 200, header: getter(headers), requestSignature: 'kopuro=:AAAA:' },
          ed.signing,
          { now: NOW },
        ),
      'server.serverproxy.service_failed',
    )
  })
})
