// The provider side of an exchange: authenticate, verify, check, forward, sign, log (docs/design.md §2).
import type { HttpBindings } from '@hono/node-server'
import { lookupMemberKey, type DirectoryView } from '../directory/index.js'
import { inboundRequestOf, type InboundRequest } from '../exchange/index.js'
import { memberOf, parseClientHeader, parseRestPath } from '../identifiers/index.js'
import { unixSeconds } from '../lib/clock.js'
import { GatewayError } from '../lib/errors.js'
import { headerValue } from '../lib/http-headers.js'
import { isMessageId } from '../lib/ids.js'
import { sendResponse } from '../lib/send-response.js'
import { verifyRequestSignature, type VerifiedSignature } from '../signing/index.js'
import { checkPeer } from './check-peer.js'
import type { ProviderContext } from './provider-context.js'
import { respondSigned, type Exchange, type SignedAnswer } from './respond-signed.js'
import { serveExchange } from './serve-exchange.js'

/**
 * Handles one federation request: the node request becomes a plain `InboundRequest` here, and
 * the signed answer is released here, once its record is durable.
 */
export async function handleFederationRequest(
  ctx: ProviderContext,
  { incoming, outgoing }: HttpBindings,
): Promise<Response> {
  const answer = await answerFederationRequest(ctx, inboundRequestOf(incoming))
  return sendResponse(outgoing, answer.status, answer.headers, answer.body)
}

/**
 * Failures before the request signature is verified are thrown (the app answers them unsigned);
 * from then on every answer is signed and logged.
 *
 * @example const answer = await answerFederationRequest(ctx, request)
 */
export async function answerFederationRequest(
  ctx: ProviderContext,
  request: InboundRequest,
): Promise<SignedAnswer> {
  const receivedAt = ctx.now()
  const view = ctx.directory.current('provider')
  const clientHeader = headerValue(request.headers, 'x-road-client')
  parseClientHeader(clientHeader)
  const clientMember = memberOf(clientHeader!)
  const peer = checkPeer(request.peer, view, clientMember, receivedAt)
  const target = parseRestPath(request.url)
  const verified = verifyFederationSignature(ctx, view, request, clientMember, receivedAt)
  const exchange: Exchange = {
    receivedAt,
    target,
    client: clientHeader!,
    ...exchangeIds(request),
    verified,
    peer: peer.nodeId,
    request,
    requestBytes: 0,
  }
  try {
    return await serveExchange(ctx, exchange)
  } catch (err) {
    return respondSigned(ctx, exchange, { error: err })
  }
}

/**
 * The signed X-Road-Id and X-Road-Request-Id, as the consumer gateway makes them (docs/protocol.md
 * §3.3): anything else cannot address a record, so it is refused before anything is logged.
 */
function exchangeIds(request: InboundRequest): { xRoadId: string; requestId: string } {
  const xRoadId = headerValue(request.headers, 'x-road-id')
  const requestId = headerValue(request.headers, 'x-road-request-id')
  if (!isMessageId(xRoadId) || !isMessageId(requestId)) {
    throw new GatewayError('server.serverproxy.invalid_request', {
      cause: new Error('malformed X-Road-Id or X-Road-Request-Id'),
    })
  }
  return { xRoadId, requestId }
}

function verifyFederationSignature(
  ctx: ProviderContext,
  view: DirectoryView,
  request: InboundRequest,
  clientMember: string,
  nowMs: number,
): VerifiedSignature {
  return verifyRequestSignature(
    {
      method: request.method,
      targetUri: ctx.federationOrigin + request.url,
      header: (name) => headerValue(request.headers, name),
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
