// The consumer's check of the provider's signed answer, on plain values: what passes, what is refused.
import { describe, expect, it } from 'vitest'
import { verifyReply } from '#gateway/consumer/complete-exchange.js'
import { GatewayError } from '#gateway/lib/errors.js'
import { requestHash } from '#gateway/signing/index.js'
import { bankKey, now, populationKey, SKEW_SECONDS, view } from '../exchange/fixtures.js'
import { consumerExchange, providerReply } from './fixtures.js'

const ctx = { now, skewSeconds: SKEW_SECONDS }
const INVALID: [number, string] = [502, 'server.clientproxy.invalid_signature_value']

function refusal(run: () => unknown): [number, string] {
  try {
    run()
  } catch (e) {
    expect(e).toBeInstanceOf(GatewayError)
    return [(e as GatewayError).status, (e as GatewayError).code]
  }
  return expect.fail('expected a refusal')
}

const hashOf = (exchange = consumerExchange()) => requestHash(exchange.sent!.signed.signatureBase)

describe('verifyReply', () => {
  it('accepts the provider’s answer bound to this request, and gives its signature', () => {
    const exchange = consumerExchange()
    const reply = providerReply(exchange)
    const verified = verifyReply(ctx, view, exchange, reply, hashOf(exchange))
    expect(verified).toMatchObject({
      keyid: populationKey.signing.keyid,
      signatureInput: reply.headers['signature-input'],
      signature: reply.headers['signature'],
    })
    expect(verified!.signatureBase.split('\n')).toEqual([
      '"@status": 200',
      `"content-digest": ${reply.headers['content-digest']}`,
      '"content-type": application/json',
      `"x-road-id": ${reply.headers['x-road-id']}`,
      `"x-road-request-hash": ${hashOf(exchange)}`,
      `"signature";req: ${exchange.sent!.signed.signature}`,
      expect.stringMatching(/^"@signature-params": /),
    ])
  })

  it('refuses a reply whose signature was tampered with', () => {
    const exchange = consumerExchange()
    const reply = providerReply(exchange)
    const signature = reply.headers['signature'] as string
    const at = signature.indexOf(':') + 5
    const flipped = signature[at] === 'A' ? 'B' : 'A'
    reply.headers['signature'] = signature.slice(0, at) + flipped + signature.slice(at + 1)
    expect(refusal(() => verifyReply(ctx, view, exchange, reply, hashOf(exchange)))).toEqual(
      INVALID,
    )
  })

  it('refuses a changed body, a changed signed header and an unsigned answer', () => {
    const exchange = consumerExchange()
    const body = providerReply(exchange)
    body.body = new TextEncoder().encode('{"name":"Someone else"}')
    expect(refusal(() => verifyReply(ctx, view, exchange, body, hashOf(exchange)))).toEqual(INVALID)
    const header = providerReply(exchange)
    header.headers['content-type'] = 'text/plain'
    expect(refusal(() => verifyReply(ctx, view, exchange, header, hashOf(exchange)))).toEqual(
      INVALID,
    )
    const unsigned = providerReply(exchange)
    delete unsigned.headers['signature']
    delete unsigned.headers['signature-input']
    expect(refusal(() => verifyReply(ctx, view, exchange, unsigned, hashOf(exchange)))).toEqual(
      INVALID,
    )
  })

  it('refuses the answer to another request', () => {
    const exchange = consumerExchange()
    // The same message, signed again: another signature and nonce, so another request.
    const other = consumerExchange()
    expect(other.sent!.signed.signature).not.toBe(exchange.sent!.signed.signature)
    const reply = providerReply(other)
    expect(refusal(() => verifyReply(ctx, view, exchange, reply, hashOf(exchange)))).toEqual(
      INVALID,
    )
  })

  it('refuses an answer signed with a key of another member', () => {
    const exchange = consumerExchange()
    const reply = providerReply(exchange, undefined, bankKey.signing)
    expect(refusal(() => verifyReply(ctx, view, exchange, reply, hashOf(exchange)))).toEqual(
      INVALID,
    )
  })

  it('passes an unsigned refusal only from the provider gateway itself', () => {
    const exchange = consumerExchange()
    const refused = (code: string, status: number) => ({
      status,
      headers: { 'content-type': 'application/json', 'x-road-error': code },
      body: new TextEncoder().encode(`{"type":"${code}"}`),
    })
    const peer = refused('server.serverproxy.ssl_authentication_failed', 401)
    expect(verifyReply(ctx, view, exchange, peer, hashOf(exchange))).toBeUndefined()
    const success = refused('server.serverproxy.ssl_authentication_failed', 200)
    expect(refusal(() => verifyReply(ctx, view, exchange, success, hashOf(exchange)))).toEqual(
      INVALID,
    )
    const registry = refused('registry.not_found', 404)
    expect(refusal(() => verifyReply(ctx, view, exchange, registry, hashOf(exchange)))).toEqual(
      INVALID,
    )
  })
})
