// Refuse a signed request seen before: its (key id, nonce) is kept while it could be fresh.
import { GatewayError } from '../lib/errors.js'
import type { VerifiedSignature } from '../signing/index.js'
import type { ProviderContext } from './provider-context.js'

/**
 * docs/design.md §2: (keyid, nonce) is recorded until the signature could no longer be fresh; a
 * second sight is `server.serverproxy.replayed_request`, a store that cannot answer
 * `server.serverproxy.store_unavailable` (fail closed).
 *
 * @example await checkReplay(ctx, exchange.verified)
 */
export async function checkReplay(
  ctx: Pick<ProviderContext, 'store' | 'skewSeconds' | 'now'>,
  verified: Pick<VerifiedSignature, 'keyid' | 'nonce' | 'expires'>,
): Promise<void> {
  const ttlMs = (verified.expires + ctx.skewSeconds) * 1000 - ctx.now() + 1000
  let fresh: boolean
  try {
    fresh = await ctx.store.setIfAbsent(
      `nonce:${verified.keyid}:${verified.nonce}`,
      Math.max(ttlMs, 1000),
    )
  } catch (e) {
    throw new GatewayError('server.serverproxy.store_unavailable', { cause: e })
  }
  if (!fresh) throw new GatewayError('server.serverproxy.replayed_request')
}
