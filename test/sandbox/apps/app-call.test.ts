// What a sample app makes of an answer: signed or not, and the error code it reports.
import { describe, expect, it } from 'vitest'
import {
  callRecord,
  errorCode,
  isSignedResponse,
  networkErrorCode,
} from '#sandbox/apps/app-call.js'
import { formatCall } from '#sandbox/apps/print-call.js'

const SIGNED = {
  'x-road-id': 'e53b54ff-4892-4b8d-a592-57f2131d2901',
  signature: 'kopuro=:MEUC:',
  'signature-input':
    'kopuro=("@status" "content-digest");created=1;keyid="k";alg="ecdsa-p256-sha256";tag="kopuro-response"',
}

describe('sample app calls', () => {
  it('calls an answer signed only when it carries the provider response signature', () => {
    expect(isSignedResponse(SIGNED)).toBe(true)
    expect(isSignedResponse({ 'signature-input': SIGNED['signature-input'] })).toBe(false)
    const requestTag = SIGNED['signature-input'].replace('kopuro-response', 'kopuro-request')
    expect(isSignedResponse({ ...SIGNED, 'signature-input': requestTag })).toBe(false)
  })

  it('takes X-Road-Error first, then the registry problem type, then the status', () => {
    const denied = { status: 403, headers: { 'x-road-error': 'server.serverproxy.access_denied' } }
    expect(errorCode({ ...denied, json: { type: 'server.serverproxy.access_denied' } })).toBe(
      'server.serverproxy.access_denied',
    )
    const problem = { type: 'tag:kopuro.dev,2025:problem/fine-already-paid', status: 409 }
    expect(errorCode({ status: 409, headers: {}, json: problem })).toBe('fine-already-paid')
    expect(errorCode({ status: 502, headers: {}, json: undefined })).toBe('http_502')
  })

  it('records a refused call with its kind of error', () => {
    const record = callRecord('GET', 'KG/GOV/70000002/transport/vehicles', '?ownerPin=1', {
      status: 403,
      headers: { ...SIGNED, 'x-road-error': 'server.serverproxy.access_denied' },
      json: undefined,
    })
    expect(record).toMatchObject({
      status: 403,
      signed: true,
      error: 'server.serverproxy.access_denied',
      errorKind: 'x-road',
    })
    expect(formatCall(record)).toBe(
      '    403 GET  transport/vehicles?ownerPin=1  X-Road-Id e53b54ff-4892-4b8d-a592-57f2131d2901' +
        '  signed ✓  server.serverproxy.access_denied',
    )
  })

  it('finds the system error code in a failed fetch cause chain', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4771'), {
      code: 'ECONNREFUSED',
    })
    expect(networkErrorCode(new TypeError('fetch failed', { cause: refused }))).toBe('ECONNREFUSED')
    expect(networkErrorCode(new AggregateError([refused]))).toBe('ECONNREFUSED')
    expect(networkErrorCode(new Error('token endpoint answered 401'))).toBeUndefined()
  })
})
