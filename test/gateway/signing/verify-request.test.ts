// verifyRequestSignature: round trips for both algorithms, tampering, coverage, tag, alg and key.
import { describe, expect, it, vi } from 'vitest'
import { signRequest, type SignatureAlgorithm, type SignedMessage } from '#gateway/signing/index.js'
import {
  causeOf,
  createKeyPair,
  expectGatewayError,
  getter,
  lookupOf,
  NONCE,
  NOW,
  requestHeaders,
  TARGET_URI,
  type KeyPair,
} from './fixtures.js'
import { createVerifier, forgeRequest, sendRequest } from './sent-request.js'

const INVALID = 'server.serverproxy.invalid_signature_value'
const ed = createKeyPair('ed25519', 'KG/COM/10000001/ed')
const ec = createKeyPair('ecdsa-p256-sha256', 'KG/COM/10000001/ec')
const verify = createVerifier(ed.verifying, ec.verifying)

describe.each<[SignatureAlgorithm, KeyPair]>([
  ['ed25519', ed],
  ['ecdsa-p256-sha256', ec],
])('verifyRequestSignature with %s', (alg, pair) => {
  it('accepts what signRequest produced', () => {
    const sent = sendRequest(pair)
    const verified = verify(sent)
    expect(verified).toMatchObject({
      keyid: pair.signing.keyid,
      alg,
      nonce: NONCE,
      created: NOW,
      expires: NOW + 60,
      signatureInput: sent.headers['signature-input'],
      signature: sent.headers['signature'],
    })
    const signed: SignedMessage = signRequest(
      { method: 'POST', targetUri: TARGET_URI, header: getter(requestHeaders()) },
      pair.signing,
      { now: NOW, nonce: NONCE },
    )
    expect(verified.signatureBase).toBe(signed.signatureBase)
  })

  it('produces 64-byte signatures (raw r‖s for ECDSA, RFC 9421 §3.3.4)', () => {
    const signature = sendRequest(pair).headers['signature']!
    expect(Buffer.from(signature.slice('kopuro=:'.length, -1), 'base64')).toHaveLength(64)
  })

  it('refuses a tampered signed header', () => {
    const sent = sendRequest(pair)
    sent.headers['x-road-client'] = 'KG/COM/10000002/kyc-app'
    expectGatewayError(() => verify(sent), INVALID)
  })

  it('refuses a tampered content digest', () => {
    const sent = sendRequest(pair)
    sent.headers['content-digest'] = 'sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:'
    expectGatewayError(() => verify(sent), INVALID)
  })

  it('refuses a tampered signature', () => {
    const sent = sendRequest(pair)
    const signature = sent.headers['signature']!
    const bytes = Buffer.from(signature.slice('kopuro=:'.length, -1), 'base64')
    bytes[10] = bytes[10]! ^ 1
    sent.headers['signature'] = `kopuro=:${bytes.toString('base64')}:`
    expect(causeOf(expectGatewayError(() => verify(sent), INVALID))).toMatch(/does not verify/)
  })
})

describe('verifyRequestSignature refuses', () => {
  it('a tampered method or target URI', () => {
    expectGatewayError(() => verify({ ...sendRequest(ed), method: 'PUT' }), INVALID)
    expectGatewayError(
      () => verify({ ...sendRequest(ed), targetUri: `${TARGET_URI}&admin=1` }),
      INVALID,
    )
    expectGatewayError(
      () => verify({ ...sendRequest(ed), targetUri: TARGET_URI.replace('gw1', 'gw2') }),
      INVALID,
    )
  })

  it('a signed optional header that went missing', () => {
    for (const name of ['x-road-userid', 'x-road-issue', 'content-type']) {
      const sent = sendRequest(ed)
      delete sent.headers[name]
      expect(causeOf(expectGatewayError(() => verify(sent), INVALID))).toMatch(/covered components/)
    }
  })

  it('an added X-Road header the signature does not cover', () => {
    const sent = sendRequest(ed)
    sent.headers['x-road-represented-party'] = 'GOV/70000001'
    expect(causeOf(expectGatewayError(() => verify(sent), INVALID))).toMatch(/covered components/)
    const noType = sendRequest(ed, (h) => delete h['content-type'])
    noType.headers['content-type'] = 'text/plain'
    expectGatewayError(() => verify(noType), INVALID)
  })

  it('a missing required header, content-digest included', () => {
    for (const name of ['content-digest', 'x-road-client', 'x-road-id', 'x-road-request-id']) {
      const sent = sendRequest(ed)
      delete sent.headers[name]
      expectGatewayError(() => verify(sent), INVALID)
    }
  })

  it('an X-Road-Request-Id changed on the way, so no relay can give two exchanges one id', () => {
    const sent = sendRequest(ed)
    sent.headers['x-road-request-id'] = '11111111-2222-4333-8444-555555555555'
    expect(causeOf(expectGatewayError(() => verify(sent), INVALID))).toMatch(/does not verify/)
  })

  it('a request whose signature leaves X-Road-Request-Id out', () => {
    const sent = sendRequest(ed)
    sent.headers['signature-input'] = sent.headers['signature-input']!.replace(
      ' "x-road-request-id"',
      '',
    )
    expect(causeOf(expectGatewayError(() => verify(sent), INVALID))).toMatch(/covered components/)
  })

  it('a covered list in another order, with extras or with parameters', () => {
    const sent = sendRequest(ed)
    const input = sent.headers['signature-input']!
    for (const changed of [
      input.replace('"@method" "@target-uri"', '"@target-uri" "@method"'),
      input.replace('"x-road-issue")', '"x-road-issue" "date")'),
      input.replace('"x-road-id"', '"x-road-id";sf'),
      input.replace('"@method"', '@method'),
    ]) {
      sent.headers['signature-input'] = changed
      expectGatewayError(() => verify(sent), INVALID)
    }
  })

  it('a wrong tag, before any key lookup', () => {
    const lookupKey = vi.fn(lookupOf(ed.verifying))
    const sent = forgeRequest(ed, { tag: 'kopuro-response' })
    expect(causeOf(expectGatewayError(() => verify(sent, { lookupKey }), INVALID))).toMatch(/tag/)
    expectGatewayError(() => verify(forgeRequest(ed, { tag: 'other' }), { lookupKey }), INVALID)
    expect(lookupKey).not.toHaveBeenCalled()
  })

  it('an algorithm outside the allow-list, before any key lookup', () => {
    const lookupKey = vi.fn(lookupOf(ed.verifying))
    for (const alg of [
      'hmac-sha256',
      'rsa-pss-sha512',
      'rsa-v1_5-sha256',
      'ecdsa-p384-sha384',
      'ED25519',
      '',
    ]) {
      const sent = sendRequest(ed)
      sent.headers['signature-input'] = sent.headers['signature-input']!.replace(
        'alg="ed25519"',
        `alg="${alg}"`,
      )
      expect(causeOf(expectGatewayError(() => verify(sent, { lookupKey }), INVALID))).toMatch(
        /algorithm/,
      )
    }
    expect(lookupKey).not.toHaveBeenCalled()
  })

  it('an algorithm that does not match the key', () => {
    // The message claims ECDSA but the directory holds an Ed25519 key under that keyid.
    const sent = forgeRequest(ed, { alg: 'ecdsa-p256-sha256' })
    expect(causeOf(expectGatewayError(() => verify(sent), INVALID))).toMatch(/does not match/)
    // Or the keyid of an ECDSA key is used with an Ed25519 signature.
    const swapped = forgeRequest(
      { signing: { ...ed.signing, keyid: ec.signing.keyid }, verifying: ec.verifying },
      {},
    )
    expectGatewayError(() => verify(swapped), INVALID)
  })

  it("an unknown key, with the directory's own error", () => {
    const stranger = createKeyPair('ed25519', 'KG/COM/99999999/x')
    expectGatewayError(() => verify(sendRequest(stranger)), 'server.serverproxy.access_denied')
  })

  it('a signature by another key under a known keyid', () => {
    const impostor = createKeyPair('ed25519', ed.signing.keyid)
    expectGatewayError(() => verify(sendRequest(impostor)), INVALID)
  })

  it('bad options as API misuse', () => {
    expect(() => verify(sendRequest(ed), { skewSeconds: -1 })).toThrow(TypeError)
    expect(() => verify(sendRequest(ed), { now: Number.NaN })).toThrow(TypeError)
  })
})
