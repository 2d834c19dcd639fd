// verifyRequestSignature: freshness, the validity window and strictly parsed signature fields.
import { describe, expect, it, vi } from 'vitest'
import {
  causeOf,
  createKeyPair,
  expectGatewayError,
  lookupOf,
  NONCE,
  NOW,
  SKEW,
} from './fixtures.js'
import { createVerifier, forgeRequest, sendRequest } from './sent-request.js'

const INVALID = 'server.serverproxy.invalid_signature_value'
const STALE = 'server.serverproxy.stale_request'
const ed = createKeyPair('ed25519', 'KG/COM/10000001/ed')
const verify = createVerifier(ed.verifying)

describe('verifyRequestSignature refuses', () => {
  it('an expired signature', () => {
    const sent = sendRequest(ed)
    expect(verify(sent, { now: NOW + 60 + SKEW }).created).toBe(NOW)
    expect(
      causeOf(expectGatewayError(() => verify(sent, { now: NOW + 60 + SKEW + 1 }), STALE)),
    ).toMatch(/expired/)
    const short = forgeRequest(ed, { expires: NOW + 5 })
    expectGatewayError(() => verify(short, { now: NOW + 5 + SKEW + 1 }), STALE)
  })

  it('a signature created in the future beyond the skew', () => {
    const sent = sendRequest(ed)
    expect(verify(sent, { now: NOW - SKEW }).created).toBe(NOW)
    expect(causeOf(expectGatewayError(() => verify(sent, { now: NOW - SKEW - 1 }), STALE))).toMatch(
      /future/,
    )
  })

  it('a stale signature before any key lookup', () => {
    const lookupKey = vi.fn(lookupOf(ed.verifying))
    expectGatewayError(() => verify(sendRequest(ed), { now: NOW + 1000, lookupKey }), STALE)
    expect(lookupKey).not.toHaveBeenCalled()
  })

  it('a validity window longer than 60 s or empty', () => {
    expect(
      causeOf(expectGatewayError(() => verify(forgeRequest(ed, { expires: NOW + 61 })), INVALID)),
    ).toMatch(/window/)
    expectGatewayError(() => verify(forgeRequest(ed, { expires: NOW + 3600 })), INVALID)
    expectGatewayError(() => verify(forgeRequest(ed, { expires: NOW })), INVALID)
    expectGatewayError(() => verify(forgeRequest(ed, { expires: NOW - 1 })), INVALID)
  })

  const relabel = (own: string) => own.replace(/^kopuro=/, 'sig1=')
  const created = (value: string) => (own: string) =>
    own.replace('created=1700000000', `created=${value}`)
  it.each<[string, string, (own: string) => string]>([
    ['garbage', 'signature-input', () => '%%%'],
    ['an empty field', 'signature-input', () => ''],
    ['two members', 'signature-input', (own) => `${own}, other=("@method");created=1`],
    ['a repeated member', 'signature-input', (own) => `${own}, ${own}`],
    ['a wrong label', 'signature-input', relabel],
    ['an unknown parameter', 'signature-input', (own) => `${own};extra=1`],
    ['a repeated parameter', 'signature-input', (own) => `${own};created=1700000000`],
    ['a missing parameter', 'signature-input', (own) => own.replace(';tag="kopuro-request"', '')],
    ['a huge field', 'signature-input', (own) => own + ' '.repeat(5000)],
    ['a string created', 'signature-input', created('"1700000000"')],
    ['a decimal created', 'signature-input', created('1700000000.0')],
    ['a negative created', 'signature-input', created('-1')],
    ['a bad nonce', 'signature-input', (own) => own.replace(`nonce="${NONCE}"`, 'nonce="abc"')],
    ['a token alg', 'signature-input', (own) => own.replace('alg="ed25519"', 'alg=ed25519')],
    ['no inner list', 'signature-input', () => 'kopuro=:AAAA:'],
    ['signature garbage', 'signature', () => '###'],
    ['two signatures', 'signature', (own) => `${own}, kopuro2=:AAAA:`],
    ['a signature with a wrong label', 'signature', relabel],
    ['a signature with parameters', 'signature', (own) => `${own};x=1`],
    ['a signature that is not bytes', 'signature', () => 'kopuro=("a")'],
    ['a huge signature', 'signature', () => `kopuro=:${'A'.repeat(8000)}:`],
  ])('a malformed field: %s', (_name, field, change) => {
    const sent = sendRequest(ed)
    expect(verify(sent).nonce).toBe(NONCE)
    sent.headers[field] = change(sent.headers[field]!)
    expect(expectGatewayError(() => verify(sent), INVALID).cause).toBeInstanceOf(SyntaxError)
  })

  it('a signature of the wrong length', () => {
    const sent = sendRequest(ed)
    sent.headers['signature'] = `kopuro=:${Buffer.alloc(65).toString('base64')}:`
    expect(causeOf(expectGatewayError(() => verify(sent), INVALID))).toMatch(/length/)
  })

  it('a message without signature fields', () => {
    const sent = sendRequest(ed)
    delete sent.headers['signature']
    expectGatewayError(() => verify(sent), INVALID)
    delete sent.headers['signature-input']
    expectGatewayError(() => verify(sent), INVALID)
  })
})
