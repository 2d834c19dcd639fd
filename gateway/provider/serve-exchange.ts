// The provider's checks after the signature: digest, replay, access, contract; then the registry.
import { normaliseServicePath, type NormalisedPath } from '../access/index.js'
import type { RateLimitConfig } from '../config/index.js'
import { isGrantedMetaservice } from '../identifiers/index.js'
import { GatewayError } from '../lib/errors.js'
import { headerValue } from '../lib/http-headers.js'
import { BodyTooLargeError, declaredRequestLength, readBody } from '../lib/read-body.js'
import { validTraceparent, validTracestate } from '../lib/trace-context.js'
import { matchEndpoint } from '../publication/index.js'
import { verifyContentDigest, type VerifiedSignature } from '../signing/index.js'
import type { TrackedRequest } from '../tracker/index.js'
import {
  answerMetaservice,
  isMetaservice,
  isSiblingQuery,
  METASERVICE_MAX_BODY,
  trackMetaservice,
} from './metaservices.js'
import type { ProviderContext, PublishedService } from './provider-context.js'
import { requestToTrack, respondSigned, type Exchange } from './respond-signed.js'

/**
 * Serves a verified federation request (docs/design.md §2 order: digest → replay → access → forward),
 * answering metaservices itself. Every outcome is signed and logged by `respondSigned`.
 */
export async function serveExchange(ctx: ProviderContext, exchange: Exchange): Promise<Response> {
  if (!ctx.directory.held().hasSubsystem(exchange.client)) {
    throw new GatewayError('server.serverproxy.access_denied', {
      cause: new Error('client subsystem not registered in the directory'),
    })
  }
  const code = exchange.target.service.serviceCode
  const service = isMetaservice(code) ? undefined : ctx.services.get(exchange.target.serviceId)
  if (!service && !isMetaservice(code)) throw new GatewayError('server.serverproxy.unknown_service')
  // docs/design.md §5: noted before any check can fail, so no record of this exchange holds a plain PIN.
  exchange.tracked = trackExchange(ctx, exchange, service)
  const body = await readVerifiedBody(exchange, service?.maxBodyBytes ?? METASERVICE_MAX_BODY)
  if (exchange.tracked) {
    const type = headerValue(exchange.incoming.headers, 'content-type')
    ctx.tracker.trackBody(exchange.tracked, type, body)
  }
  await checkReplay(ctx, exchange.verified)
  const method = (exchange.incoming.method ?? 'GET').toUpperCase()
  if (!service) {
    // The data tracker is granted and budgeted like a service; a sibling's fan-out is not.
    if (isGrantedMetaservice(code) && !isSiblingQuery(ctx, exchange)) {
      checkGrant(ctx, exchange, method, normaliseServicePath(exchange.target.path))
      await checkRate(ctx, exchange, ctx.rateLimit)
    }
    return respondSigned(ctx, exchange, { response: await answerMetaservice(ctx, exchange) })
  }
  const path = normaliseServicePath(exchange.target.path)
  checkAccess(ctx, exchange, service, method, path)
  await checkRate(ctx, exchange, service.config.rateLimit ?? ctx.rateLimit)
  const endpoint = matchEndpoint(service.endpoints, method, path.segments)
  const contentType = headerValue(exchange.incoming.headers, 'content-type')
  service.validator.validateRequest({
    endpoint,
    segments: path.segments,
    query: exchange.target.query,
    contentType,
    body,
  })
  const started = ctx.now()
  const response = await service.backend.send({
    method,
    pathAndQuery: path.encoded + (exchange.target.query ? '?' + exchange.target.query : ''),
    headers: backendHeaders(exchange, service),
    body,
  })
  exchange.backendMs = ctx.now() - started
  if (endpoint) {
    const type = response.headers['content-type']
    service.validator.validateResponse(endpoint, {
      status: response.status,
      contentType: typeof type === 'string' ? type : undefined,
      body: response.body,
    })
  }
  return respondSigned(ctx, exchange, { response })
}

/** The contract operation, purpose and data subject of a request (a findUsage caller's too). */
function trackExchange(
  ctx: ProviderContext,
  exchange: Exchange,
  service: PublishedService | undefined,
): TrackedRequest | undefined {
  if (!service) return trackMetaservice(ctx, exchange)
  return ctx.tracker.trackRequest(service.endpoints, requestToTrack(exchange))
}

/** Default deny on the normalised path; a disabled service shows its notice to those granted. */
function checkAccess(
  ctx: ProviderContext,
  exchange: Exchange,
  service: PublishedService,
  method: string,
  path: NormalisedPath,
): void {
  checkGrant(ctx, exchange, method, path)
  const notice = service.config.disabledNotice
  if (notice !== undefined) {
    throw new GatewayError('server.serverproxy.service_disabled', {
      message: `The service is disabled: ${notice}`,
    })
  }
}

/** Default deny: the client subsystem needs a grant on the service and the normalised path. */
function checkGrant(
  ctx: ProviderContext,
  exchange: Exchange,
  method: string,
  path: NormalisedPath,
): void {
  const request = {
    client: exchange.client,
    service: exchange.target.serviceId,
    method,
    segments: path.segments,
  }
  if (!ctx.isAllowed(request)) throw new GatewayError('server.serverproxy.access_denied')
}

/**
 * One request from the client's budget for this service (IETF httpapi RateLimit headers draft):
 * the answer carries `RateLimit-Policy` and `RateLimit`; an exhausted budget is a 429 with
 * `Retry-After`. Budgets are per client subsystem, never per member class.
 */
async function checkRate(
  ctx: ProviderContext,
  exchange: Exchange,
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

async function readVerifiedBody(exchange: Exchange, limit: number): Promise<Uint8Array> {
  const incoming = exchange.incoming
  let body: Uint8Array
  try {
    body = await readBody(incoming, limit, declaredRequestLength(incoming.headers))
  } catch (e) {
    if (e instanceof BodyTooLargeError) {
      throw new GatewayError('server.serverproxy.request_too_large', { cause: e })
    }
    throw new GatewayError('server.serverproxy.invalid_request', { cause: e })
  }
  exchange.requestBytes = body.byteLength
  if (!verifyContentDigest(headerValue(incoming.headers, 'content-digest'), body)) {
    throw new GatewayError('server.serverproxy.invalid_signature_value', {
      cause: new Error('content digest does not match the body'),
    })
  }
  return body
}

/** docs/design.md §2: (keyid, nonce) is recorded until the signature could no longer be fresh. */
async function checkReplay(ctx: ProviderContext, verified: VerifiedSignature): Promise<void> {
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

/**
 * Only headers the verified signature covers AND the service allows reach the registry
 * (docs/protocol.md §3.10): one added on the way is unsigned, and a signed routing or session
 * header is not allowed, so neither can steer a backend around the access check above.
 */
function backendHeaders(exchange: Exchange, service: PublishedService): Record<string, string> {
  const incoming = exchange.incoming.headers
  const headers: Record<string, string> = {}
  for (const name of exchange.verified.coveredHeaders) {
    if (!service.registryHeaders.has(name)) continue
    const value = headerValue(incoming, name)
    if (value !== undefined) headers[name] = value
  }
  // A signed but malformed trace context is still free text: the registry gets none of it.
  if (validTraceparent(headers['traceparent']) === undefined) delete headers['traceparent']
  const state = validTracestate(headers['tracestate'], headers['traceparent'])
  if (state === undefined) delete headers['tracestate']
  return headers
}
