// signRequest: the fixed wire format of kopuro request signatures.
import { describe, expect, it } from 'vitest'
import { GatewayError } from '#gateway/lib/errors.js'
import { signRequest } from '#gateway/signing/index.js'
import {
  createKeyPair,
  expectGatewayError,
  getter,
  NONCE,
  NOW,
  requestHeaders,
  TARGET_URI,
} from './fixtures.js'

const { signing } = createKeyPair('ed25519', 'KG/COM/10000001/k1')

describe('signRequest', () => {
  it('writes Signature-Input, Signature and the base in the fixed format', () => {
    const headers = requestHeaders()
    const signed = signRequest(
      { method: 'post', targetUri: TARGET_URI, header: getter(headers) },
      signing,
      { now: NOW + 0.9, nonce: NONCE, ttl: 30 },
    )
    const params =
      '("@method" "@target-uri" "content-digest" "content-type" "x-road-client" "x-road-id"' +
      ' "x-road-request-id" "x-road-userid" "x-road-issue");created=1700000000;expires=1700000030' +
      `;nonce="${NONCE}";keyid="KG/COM/10000001/k1";alg="ed25519";tag="kopuro-request"`
    expect(signed.signatureInput).toBe(`kopuro=${params}`)
    expect(signed.signature).toMatch(/^kopuro=:[A-Za-z0-9+/]{86}==:$/)
    expect(signed.signatureBase).toBe(
      [
        '"@method": POST',
        `"@target-uri": ${TARGET_URI}`,
        `"content-digest": ${headers['content-digest']}`,
        '"content-type": application/json',
        '"x-road-client": KG/COM/10000001/kyc-app',
        `"x-road-id": ${headers['x-road-id']}`,
        `"x-road-request-id": ${headers['x-road-request-id']}`,
        '"x-road-userid": KG12345678901',
        '"x-road-issue": loan-application-7',
        `"@signature-params": ${params}`,
      ].join('\n'),
    )
    expect(signed).toMatchObject({
      created: NOW,
      expires: NOW + 30,
      nonce: NONCE,
      keyid: 'KG/COM/10000001/k1',
    })
  })

  it('covers only the headers present, trimmed, and defaults to a 60 s random-nonce signature', () => {
    const headers = requestHeaders()
    delete headers['content-type']
    delete headers['x-road-userid']
    delete headers['x-road-issue']
    headers['x-road-represented-party'] = ' \tCOM/10000001 '
    const signed = signRequest(
      { method: 'GET', targetUri: TARGET_URI, header: getter(headers) },
      signing,
      {
        now: NOW,
      },
    )
    expect(signed.signatureInput).toMatch(
      /^kopuro=\("@method" "@target-uri" "content-digest" "x-road-client" "x-road-id" "x-road-request-id" "x-road-represented-party"\);created=1700000000;expires=1700000060;nonce="[A-Za-z0-9_-]{22}";/,
    )
    expect(signed.signatureBase).toContain('\n"x-road-represented-party": COM/10000001\n')
    const other = signRequest(
      { method: 'GET', targetUri: TARGET_URI, header: getter(headers) },
      signing,
      {
        now: NOW,
      },
    )
    expect(other.nonce).not.toBe(signed.nonce)
  })

  it('treats missing required headers and bad options as API misuse', () => {
    const sign =
      (headers: Record<string, string>, options: object = {}) =>
      () =>
        signRequest({ method: 'GET', targetUri: TARGET_URI, header: getter(headers) }, signing, {
          now: NOW,
          ...options,
        })
    for (const name of ['content-digest', 'x-road-client', 'x-road-id', 'x-road-request-id']) {
      const headers = requestHeaders()
      delete headers[name]
      expect(sign(headers)).toThrow(TypeError)
    }
    expect(sign(requestHeaders(), { ttl: 61 })).toThrow(TypeError)
    expect(sign(requestHeaders(), { ttl: 0 })).toThrow(TypeError)
    expect(sign(requestHeaders(), { nonce: 'short' })).toThrow(TypeError)
    expect(sign(requestHeaders(), { now: Number.NaN })).toThrow(TypeError)
  })

  it('refuses a header value that cannot enter a signature base as a client error', () => {
    const headers = { ...requestHeaders(), 'x-road-issue': 'Заявка 7' }
    const error = expectGatewayError(
      () =>
        signRequest({ method: 'GET', targetUri: TARGET_URI, header: getter(headers) }, signing, {
          now: NOW,
        }),
      'client.bad_request',
    )
    expect(error).toBeInstanceOf(GatewayError)
    expect(error.message).not.toContain('Заявка')
  })
})
