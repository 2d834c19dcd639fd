// One request from the client's budget for a service, with the RateLimit headers of the answer.
import type { RateLimitConfig } from '../config/index.js'
import { GatewayError } from '../lib/errors.js'
import type { ProviderContext } from './provider-context.js'
import type { Exchange } from './respond-signed.js'

/**
 * One request from the client's budget for this service (IETF httpapi RateLimit headers draft):
 * the answer carries `RateLimit-Policy` and `RateLimit`; an exhausted budget is a 429 with
 * `Retry-After`. Budgets are per client subsystem, never per member class.
 *
 * @example await checkRate(ctx, exchange, { requests: 100, windowSeconds: 60 })
 */
export async function checkRate(
  ctx: Pick<ProviderContext, 'store'>,
  exchange: Pick<Exchange, 'client' | 'target' | 'extraHeaders'>,
  budget: RateLimitConfig,
): Promise<void> {
  const { requests, windowSeconds } = budget
  let decision
  try {
    decision = await ctx.store.consumeRate(
      `${exchange.client} ${exchange.target.serviceId}`,
      requests,
      windowSeconds * 1000,
    )
  } catch (e) {
    throw new GatewayError('server.serverproxy.store_unavailable', { cause: e })
  }
  const reset = Math.max(1, Math.ceil(decision.resetMs / 1000))
  exchange.extraHeaders = {
    'ratelimit-policy': `"default";q=${requests};w=${windowSeconds}`,
    ratelimit: `"default";r=${decision.remaining};t=${reset}`,
  }
  if (!decision.allowed) {
    exchange.extraHeaders['retry-after'] = String(reset)
    throw new GatewayError('server.serverproxy.rate_limited')
  }
}
