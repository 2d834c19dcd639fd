// Request signatures that cover further headers after the fixed list (docs/protocol.md §3.5).
import { describe, expect, it } from 'vitest'
import { MAX_EXTRA_HEADERS, signRequest } from '#gateway/signing/index.js'
import {
  causeOf,
  createKeyPair,
  expectGatewayError,
  getter,
  NONCE,
  NOW,
  requestHeaders,
  TARGET_URI,
} from './fixtures.js'
import { createVerifier, type Sent } from './sent-request.js'

const INVALID = 'server.serverproxy.invalid_signature_value'
const ed = createKeyPair('ed25519', 'KG/COM/10000001/ed')
const verify = createVerifier(ed.verifying)

function sendWith(extra: Record<string, string>, covered = Object.keys(extra).sort()): Sent {
  const headers = { ...requestHeaders(), ...extra }
  const signed = signRequest(
    { method: 'POST', targetUri: TARGET_URI, header: getter(headers), coveredHeaders: covered },
    ed.signing,
    { now: NOW, nonce: NONCE },
  )
  headers['signature-input'] = signed.signatureInput
  headers['signature'] = signed.signature
  return { method: 'POST', targetUri: TARGET_URI, headers }
}

describe('request signatures covering further headers', () => {
  it('lists them after the fixed components and reports every covered header', () => {
    const sent = sendWith({ 'accept-language': 'ky', 'idempotency-key': 'k-1' })
    expect(sent.headers['signature-input']).toContain(
      '"x-road-issue" "accept-language" "idempotency-key");',
    )
    expect(verify(sent).coveredHeaders).toEqual([
      'content-digest',
      'content-type',
      'x-road-client',
      'x-road-id',
      'x-road-request-id',
      'x-road-userid',
      'x-road-issue',
      'accept-language',
      'idempotency-key',
    ])
  })

  it('refuses a covered further header changed or removed on the way', () => {
    const changed = sendWith({ 'accept-language': 'ky' })
    changed.headers['accept-language'] = 'ru'
    expectGatewayError(() => verify(changed), INVALID)
    const removed = sendWith({ 'accept-language': 'ky' })
    delete removed.headers['accept-language']
    expect(causeOf(expectGatewayError(() => verify(removed), INVALID))).toMatch(/accept-language/)
  })

  it('leaves a header added on the way out of the covered list', () => {
    const sent = sendWith({ 'accept-language': 'ky' })
    sent.headers['x-http-method-override'] = 'DELETE'
    expect(verify(sent).coveredHeaders).not.toContain('x-http-method-override')
  })

  it('refuses further items that are derived, parameterised, repeated or fixed', () => {
    for (const tail of ['"@query"', '"accept";sf', '"accept" "accept"', '"x-road-userid"']) {
      const sent = sendWith({ accept: 'application/json' })
      sent.headers['signature-input'] = sent.headers['signature-input']!.replace(
        '"accept")',
        `${tail})`,
      )
      expectGatewayError(() => verify(sent), INVALID)
    }
  })

  it('treats a fixed or malformed name, or too many, as API misuse when signing', () => {
    const sign = (covered: string[]) => () =>
      signRequest(
        {
          method: 'GET',
          targetUri: TARGET_URI,
          header: getter(requestHeaders()),
          coveredHeaders: covered,
        },
        ed.signing,
        { now: NOW },
      )
    expect(sign(['x-road-client'])).toThrow(TypeError)
    expect(sign(['Accept'])).toThrow(TypeError)
    expect(sign(['signature'])).toThrow(TypeError)
    const many = Array.from({ length: MAX_EXTRA_HEADERS + 1 }, (_, i) => `x-h${i}`)
    expect(sign(many)).toThrow(TypeError)
  })
})
