// The provider's checks after the signature: digest, replay, access, contract; then the registry.
import { normaliseServicePath } from '../access/index.js'
import { isGrantedMetaservice } from '../identifiers/index.js'
import { GatewayError } from '../lib/errors.js'
import { headerValue } from '../lib/http-headers.js'
import { BodyTooLargeError, declaredRequestLength, readBody } from '../lib/read-body.js'
import { validTraceparent, validTracestate } from '../lib/trace-context.js'
import { matchEndpoint } from '../publication/index.js'
import { verifyContentDigest } from '../signing/index.js'
import type { TrackedRequest } from '../tracker/index.js'
import { checkAccess, checkGrant } from './check-access.js'
import { checkRate } from './check-rate.js'
import { checkReplay } from './check-replay.js'
import {
  answerMetaservice,
  isMetaservice,
  isSiblingQuery,
  METASERVICE_MAX_BODY,
  trackMetaservice,
} from './metaservices.js'
import type { ProviderContext, PublishedService } from './provider-context.js'
import {
  requestToTrack,
  respondSigned,
  type Exchange,
  type SignedAnswer,
} from './respond-signed.js'

/**
 * Serves a verified federation request (docs/design.md §2 order: digest → replay → access → forward),
 * answering metaservices itself. Every outcome is signed and logged by `respondSigned`.
 */
export async function serveExchange(
  ctx: ProviderContext,
  exchange: Exchange,
): Promise<SignedAnswer> {
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
    const type = headerValue(exchange.request.headers, 'content-type')
    ctx.tracker.trackBody(exchange.tracked, type, body)
  }
  await checkReplay(ctx, exchange.verified)
  const method = exchange.request.method.toUpperCase()
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
  const contentType = headerValue(exchange.request.headers, 'content-type')
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

async function readVerifiedBody(exchange: Exchange, limit: number): Promise<Uint8Array> {
  const request = exchange.request
  let body: Uint8Array
  try {
    body = await readBody(request.body, limit, declaredRequestLength(request.headers))
  } catch (e) {
    if (e instanceof BodyTooLargeError) {
      throw new GatewayError('server.serverproxy.request_too_large', { cause: e })
    }
    throw new GatewayError('server.serverproxy.invalid_request', { cause: e })
  }
  exchange.requestBytes = body.byteLength
  if (!verifyContentDigest(headerValue(request.headers, 'content-digest'), body)) {
    throw new GatewayError('server.serverproxy.invalid_signature_value', {
      cause: new Error('content digest does not match the body'),
    })
  }
  return body
}

/**
 * Only headers the verified signature covers AND the service allows reach the registry
 * (docs/protocol.md §3.10): one added on the way is unsigned, and a signed routing or session
 * header is not allowed, so neither can steer a backend around the access check above.
 */
function backendHeaders(exchange: Exchange, service: PublishedService): Record<string, string> {
  const incoming = exchange.request.headers
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
