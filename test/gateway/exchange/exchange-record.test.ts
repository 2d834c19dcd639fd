// The one record builder of both sides: the log line it makes, byte for byte, with no plain PIN.
import { describe, expect, it } from 'vitest'
import { createExchangeRecord, type ExchangeFacts } from '#gateway/exchange/index.js'
import { createDataTracker } from '#gateway/tracker/index.js'
import { BANK, KYC_APP, PERSONS, PIN, POPULATION, REQUEST_ID, view, X_ROAD_ID } from './fixtures.js'

const tracker = createDataTracker({ key: new Uint8Array(32).fill(7), directory: () => view })
const headers: Record<string, string> = {
  'x-road-userid': `KG${PIN}`,
  'x-road-issue': `case ${PIN}`,
  'content-digest': 'sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
}
const tracked = tracker.trackPersonCodes(undefined, {
  method: 'GET',
  path: `/${PIN}`,
  query: '',
  issue: headers['x-road-issue'],
})
const request = {
  signatureInput: 'kopuro=("@method" "@target-uri");created=1772366400;keyid="k1"',
  signature: 'kopuro=:cmVx:',
  keyid: `${BANK}/sign-1`,
  signatureBase: `"@method": GET\n"@target-uri": https://127.0.0.1:8443/r1/${PERSONS}/${PIN}`,
}
const response = {
  signatureInput: 'kopuro=("@status");created=1772366400;keyid="k2"',
  signature: 'kopuro=:cmVz:',
  keyid: `${POPULATION}/sign-1`,
  signatureBase: '"@status": 200',
}

function facts(change: Partial<ExchangeFacts> = {}): ExchangeFacts {
  return {
    side: 'consumer',
    node: `${BANK}/gw1`,
    peer: `${POPULATION}/gw1`,
    xRoadId: X_ROAD_ID,
    requestId: REQUEST_ID,
    client: KYC_APP,
    service: PERSONS,
    method: 'GET',
    path: `/${PIN}`,
    requestHeader: (name) => headers[name],
    tracked,
    status: 200,
    error: undefined,
    correlationId: undefined,
    receivedAt: Date.parse('2026-03-01T12:00:00.000Z'),
    respondedAt: Date.parse('2026-03-01T12:00:00.025Z'),
    requestBytes: 0,
    responseBytes: 506,
    responseDigest: 'sha-256=:cmVzcG9uc2U=:',
    requestHash: 'aGFzaA==',
    requestSignature: request,
    responseSignature: response,
    ...change,
  }
}

describe('createExchangeRecord', () => {
  it('writes a consumer record in the log’s field order, every personal code as {pin}', () => {
    const line = JSON.stringify(createExchangeRecord(facts()))
    expect(line).toBe(
      `{"side":"consumer","node":"${BANK}/gw1","xRoadId":"${X_ROAD_ID}","requestId":"${REQUEST_ID}",` +
        `"client":"${KYC_APP}","service":"${PERSONS}","method":"GET","path":"/{pin}",` +
        `"userId":"KG{pin}","issue":"case {pin}","dataSubject":"${tracked.dataSubject}","status":200,` +
        `"timings":{"receivedAt":"2026-03-01T12:00:00.000Z","respondedAt":"2026-03-01T12:00:00.025Z","durationMs":25},` +
        `"sizes":{"request":0,"response":506},` +
        `"digests":{"request":"sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:","response":"sha-256=:cmVzcG9uc2U=:"},` +
        `"requestHash":"aGFzaA==","signatures":{` +
        `"request":{"input":"kopuro=(\\"@method\\" \\"@target-uri\\");created=1772366400;keyid=\\"k1\\"","signature":"kopuro=:cmVx:","keyid":"${BANK}/sign-1","base":"\\"@method\\": GET\\n\\"@target-uri\\": https://127.0.0.1:8443/r1/${PERSONS}/{pin}"},` +
        `"response":{"input":"kopuro=(\\"@status\\");created=1772366400;keyid=\\"k2\\"","signature":"kopuro=:cmVz:","keyid":"${POPULATION}/sign-1","base":"\\"@status\\": 200"}},` +
        `"peer":"${POPULATION}/gw1","trace":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}`,
    )
    expect(tracked.dataSubject).toMatch(/^[\w-]{43}$/)
    expect(line).not.toContain(PIN)
  })

  it('writes a provider record with covert, backend time, error and correlation id in place', () => {
    const record = createExchangeRecord(
      facts({
        side: 'provider',
        node: `${POPULATION}/gw1`,
        peer: `${BANK}/gw1`,
        covert: true,
        status: 429,
        error: 'server.serverproxy.rate_limited',
        correlationId: 'corr-1',
        backendMs: 7,
        responseSignature: undefined,
      }),
    )
    expect(Object.keys(record)).toEqual([
      'side',
      'node',
      'xRoadId',
      'requestId',
      'client',
      'service',
      'method',
      'path',
      'userId',
      'issue',
      'representedParty',
      'dataSubject',
      'operation',
      'purpose',
      'covert',
      'status',
      'error',
      'correlationId',
      'timings',
      'sizes',
      'digests',
      'requestHash',
      'signatures',
      'peer',
      'trace',
    ])
    expect(record).toMatchObject({
      covert: true,
      status: 429,
      error: 'server.serverproxy.rate_limited',
      correlationId: 'corr-1',
      timings: { durationMs: 25, backendMs: 7 },
      signatures: { response: undefined },
    })
    expect(JSON.stringify(record.timings)).toBe(
      '{"receivedAt":"2026-03-01T12:00:00.000Z","respondedAt":"2026-03-01T12:00:00.025Z","durationMs":25,"backendMs":7}',
    )
  })

  it('leaves out covert unless set, and a traceparent that is not well formed', () => {
    const record = createExchangeRecord(
      facts({
        covert: false,
        requestHeader: (name) => (name === 'traceparent' ? `x-${PIN}` : undefined),
      }),
    )
    expect('covert' in record).toBe(false)
    expect(record.trace).toBeUndefined()
    expect(JSON.stringify(record)).not.toContain(PIN)
  })
})
