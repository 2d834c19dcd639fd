// Replay protection on plain values: a signature's (key id, nonce) is accepted once.
import { describe, expect, it } from 'vitest'
import { GatewayError } from '#gateway/lib/errors.js'
import { checkReplay } from '#gateway/provider/check-replay.js'
import { startMemoryStore, type Store } from '#gateway/store/index.js'
import { now, SKEW_SECONDS, verifiedRequest } from '../exchange/fixtures.js'

async function refusal(run: () => Promise<void>): Promise<[number, string]> {
  try {
    await run()
  } catch (e) {
    expect(e).toBeInstanceOf(GatewayError)
    return [(e as GatewayError).status, (e as GatewayError).code]
  }
  return expect.fail('expected a refusal')
}

describe('checkReplay', () => {
  it('accepts a signed request once and refuses it when it comes again', async () => {
    const ctx = { store: startMemoryStore({ now }), skewSeconds: SKEW_SECONDS, now }
    const verified = verifiedRequest()
    await expect(checkReplay(ctx, verified)).resolves.toBeUndefined()
    expect(await refusal(() => checkReplay(ctx, verified))).toEqual([
      409,
      'server.serverproxy.replayed_request',
    ])
  })

  it('takes a new signature of the same request (a new nonce) as a new request', async () => {
    const ctx = { store: startMemoryStore({ now }), skewSeconds: SKEW_SECONDS, now }
    const first = verifiedRequest()
    const again = verifiedRequest()
    expect(again.nonce).not.toBe(first.nonce)
    await checkReplay(ctx, first)
    await expect(checkReplay(ctx, again)).resolves.toBeUndefined()
    expect(await refusal(() => checkReplay(ctx, again))).toEqual([
      409,
      'server.serverproxy.replayed_request',
    ])
  })

  it('keeps the nonce until the signature could no longer be fresh', async () => {
    const kept: [string, number][] = []
    const store = {
      setIfAbsent: async (key: string, ttlMs: number) => (kept.push([key, ttlMs]), true),
    } as unknown as Store
    const verified = verifiedRequest()
    await checkReplay({ store, skewSeconds: SKEW_SECONDS, now }, verified)
    // Signed now, valid for 60 s, plus the 30 s clock skew allowed, plus a second's margin.
    expect(verified.expires - now() / 1000).toBe(60)
    expect(kept).toEqual([[`nonce:${verified.keyid}:${verified.nonce}`, 91_000]])
  })

  it('fails closed when the store cannot answer', async () => {
    const store = { setIfAbsent: () => Promise.reject(new Error('timeout')) } as unknown as Store
    expect(
      await refusal(() =>
        checkReplay({ store, skewSeconds: SKEW_SECONDS, now }, verifiedRequest()),
      ),
    ).toEqual([503, 'server.serverproxy.store_unavailable'])
  })
})
