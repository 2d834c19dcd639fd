// The provider side of an exchange: authenticate, verify, check, forward, sign, log (DESIGN §2).
import type { IncomingMessage } from 'node:http'
import type { TLSSocket } from 'node:tls'
import { normaliseServicePath } from '../access/index.js'
import { lookupMemberKey, type DirectoryView } from '../directory/index.js'
import { memberOf, parseClientHeader, parseRestPath } from '../identifiers/index.js'
import { unixSeconds } from '../lib/clock.js'
import { GatewayError } from '../lib/errors.js'
import { forwardableHeaders, headerValue } from '../lib/http-headers.js'
import { BodyTooLargeError, declaredLength, readBody } from '../lib/read-body.js'
import {
  verifyContentDigest,
  verifyRequestSignature,
  type VerifiedSignature,
} from '../signing/index.js'
import { checkPeer } from './check-peer.js'
import type { PublishedService, ProviderContext } from './provider-context.js'
import { respondSigned, type Exchange } from './respond-signed.js'

/** X-Road headers passed on to the backend so the registry knows who asks and why. */
const XROAD_CONTEXT_HEADERS = [
  'x-road-client',
  'x-road-id',
  'x-road-userid',
  'x-road-issue',
  'x-road-represented-party',
]

/**
 * Handles one federation request. Failures before the request signature is verified are thrown
 * (the app answers them unsigned); from then on every answer is signed and logged.
 */
export async function handleFederationRequest(
  ctx: ProviderContext,
  incoming: IncomingMessage,
): Promise<Response> {
  const receivedAt = ctx.now()
  const view = ctx.directory.current('provider')
  const clientHeader = headerValue(incoming.headers, 'x-road-client')
  parseClientHeader(clientHeader)
  const clientMember = memberOf(clientHeader!)
  const peer = checkPeer(incoming.socket as TLSSocket, view, clientMember, receivedAt)
  const target = parseRestPath(incoming.url ?? '')
  const verified = verifyFederationSignature(ctx, view, incoming, clientMember, receivedAt)
  const exchange: Exchange = {
    receivedAt,
    target,
    client: clientHeader!,
    xRoadId: headerValue(incoming.headers, 'x-road-id')!,
    requestId: headerValue(incoming.headers, 'x-road-request-id') ?? verified.nonce,
    verified,
    peer: peer.nodeId,
    incoming,
    requestBytes: 0,
  }
  try {
    return await serve(ctx, exchange)
  } catch (err) {
    return respondSigned(ctx, exchange, { error: err })
  }
}

function verifyFederationSignature(
  ctx: ProviderContext,
  view: DirectoryView,
  incoming: IncomingMessage,
  clientMember: string,
  nowMs: number,
): VerifiedSignature {
  return verifyRequestSignature(
    {
      method: incoming.method ?? 'GET',
      targetUri: ctx.federationOrigin + (incoming.url ?? ''),
      header: (name) => headerValue(incoming.headers, name),
    },
    {
      now: unixSeconds(() => nowMs),
      skewSeconds: ctx.skewSeconds,
      lookupKey: (kid, alg, created) =>
        lookupMemberKey(
          view,
          clientMember,
          { kid, alg, createdSec: created, nowMs },
          'server.serverproxy.invalid_signature_value',
        ),
    },
  )
}

async function serve(ctx: ProviderContext, exchange: Exchange): Promise<Response> {
  if (!ctx.directory.held().hasSubsystem(exchange.client)) {
    throw new GatewayError('server.serverproxy.access_denied', {
      cause: new Error('client subsystem not registered in the directory'),
    })
  }
  const service = ctx.services.get(exchange.target.serviceId)
  if (!service) throw new GatewayError('server.serverproxy.unknown_service')
  const body = await readRequestBody(exchange.incoming, service)
  exchange.requestBytes = body.byteLength
  if (!verifyContentDigest(headerValue(exchange.incoming.headers, 'content-digest'), body)) {
    throw new GatewayError('server.serverproxy.invalid_signature_value', {
      cause: new Error('content digest does not match the body'),
    })
  }
  await checkReplay(ctx, exchange.verified)
  const path = normaliseServicePath(exchange.target.path)
  const method = (exchange.incoming.method ?? 'GET').toUpperCase()
  if (
    !ctx.isAllowed({
      client: exchange.client,
      service: exchange.target.serviceId,
      method,
      segments: path.segments,
    })
  ) {
    throw new GatewayError('server.serverproxy.access_denied')
  }
  if (service.config.disabledNotice !== undefined) {
    throw new GatewayError('server.serverproxy.service_disabled', {
      cause: new Error(service.config.disabledNotice),
    })
  }
  const started = ctx.now()
  const response = await service.backend.send({
    method,
    pathAndQuery: path.encoded + (exchange.target.query ? '?' + exchange.target.query : ''),
    headers: backendHeaders(exchange.incoming),
    body,
  })
  exchange.backendMs = ctx.now() - started
  return respondSigned(ctx, exchange, { response })
}

async function readRequestBody(
  incoming: IncomingMessage,
  service: PublishedService,
): Promise<Uint8Array> {
  try {
    return await readBody(
      incoming,
      service.maxBodyBytes,
      declaredLength(incoming.headers['content-length']),
    )
  } catch (e) {
    if (e instanceof BodyTooLargeError)
      throw new GatewayError('server.serverproxy.request_too_large', { cause: e })
    throw new GatewayError('server.serverproxy.invalid_request', { cause: e })
  }
}

/** DESIGN §2: (keyid, nonce) is recorded until the signature could no longer be fresh. */
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

function backendHeaders(incoming: IncomingMessage): Record<string, string> {
  const headers = forwardableHeaders(incoming.headers)
  for (const name of XROAD_CONTEXT_HEADERS) {
    const value = headerValue(incoming.headers, name)
    if (value !== undefined) headers[name] = value
  }
  delete headers['x-road-security-server']
  return headers
}
