// The consumer side of an exchange: authenticate the caller, sign, send, verify the answer, log it.
import type { HttpBindings } from '@hono/node-server'
import type { DirectoryView, RegisteredNode } from '../directory/index.js'
import { inboundRequestOf, type InboundRequest } from '../exchange/index.js'
import {
  isMetaservice,
  memberOf,
  parseClientHeader,
  parseNodeId,
  parseRestPath,
  parseServiceId,
} from '../identifiers/index.js'
import { GatewayError } from '../lib/errors.js'
import { contentDigest } from '../signing/index.js'
import { headerValue } from '../lib/http-headers.js'
import { isMessageId, newMessageId } from '../lib/ids.js'
import { BodyTooLargeError, declaredRequestLength, readBody } from '../lib/read-body.js'
import type { ConsumerContext } from './consumer-context.js'
import { providerHeaders } from './provider-headers.js'
import {
  releaseExchange,
  settleExchange,
  type ConsumerExchange,
  type Outcome,
  type Settled,
} from './complete-exchange.js'
import { lookUpContract } from './fetch-contract.js'
import { sendToProvider, type FederationRequest } from './send-to-provider.js'

/**
 * Handles one `/r1/…` call from a local information system: the node request becomes a plain
 * `InboundRequest` here, and the settled exchange is released here; nothing in between touches
 * the socket.
 */
export async function handleConsumerRequest(
  ctx: ConsumerContext,
  { incoming, outgoing }: HttpBindings,
): Promise<Response> {
  const { exchange, settled } = await exchangeWithProvider(ctx, inboundRequestOf(incoming))
  return releaseExchange(outgoing, exchange, settled)
}

/**
 * Checks run cheapest first and throw (the app answers them unsigned); once a request is signed,
 * the exchange is logged whatever its outcome, and settled.
 *
 * @example const { exchange, settled } = await exchangeWithProvider(ctx, request)
 */
export async function exchangeWithProvider(
  ctx: ConsumerContext,
  incoming: InboundRequest,
): Promise<{ exchange: ConsumerExchange; settled: Settled }> {
  const receivedAt = ctx.now()
  const target = parseRestPath(incoming.url)
  const client = await checkCaller(ctx, incoming.headers)
  const view = ctx.directory.current('consumer')
  const nodes = providerNodes(
    receivedAt,
    view,
    target.serviceId,
    headerValue(incoming.headers, 'x-road-security-server'),
  )
  const body = await readRequestBody(ctx, incoming)
  const request = federationRequest(incoming, client, body)
  const exchange: ConsumerExchange = {
    receivedAt,
    target,
    client,
    request,
    providerMember: memberOf(target.serviceId),
  }
  exchange.contract = lookUpContract(ctx, view, nodes, exchange)
  let outcome: Outcome
  try {
    const reply = await sendToProvider(
      ctx,
      exchange.providerMember,
      nodes,
      request,
      (sent) => (exchange.sent = sent),
    )
    outcome = { reply }
  } catch (err) {
    if (!exchange.sent) throw err
    outcome = { error: err }
  }
  return { exchange, settled: await settleExchange(ctx, view, exchange, outcome) }
}

/**
 * The caller is the subsystem its access token was issued to, and `X-Road-Client` must name
 * exactly that one (docs/design.md §2); the token is checked before anything else it sent.
 *
 * @example const client = await checkCaller(ctx, request.headers)
 */
export async function checkCaller(
  ctx: Pick<ConsumerContext, 'verifyToken'>,
  headers: InboundRequest['headers'],
): Promise<string> {
  const claims = await ctx.verifyToken(headerValue(headers, 'authorization'))
  const client = headerValue(headers, 'x-road-client')
  parseClientHeader(client)
  if (client !== claims.subsystem) throw new GatewayError('client.client_mismatch')
  return client
}

/** The provider's nodes from the directory, or the one `X-Road-Security-Server` pins. */
function providerNodes(
  nowMs: number,
  view: DirectoryView,
  serviceId: string,
  pin: string | undefined,
): RegisteredNode[] {
  const providerMember = memberOf(serviceId)
  if (!view.member(providerMember)) throw new GatewayError('server.clientproxy.unknown_member')
  if (!view.service(serviceId) && !isMetaservice(parseServiceId(serviceId)!.serviceCode)) {
    throw new GatewayError('server.clientproxy.unknown_service')
  }
  // A node whose certificate is revoked is dropped here, so kept-alive connections stop too.
  const nodes = view.nodesOf(providerMember).filter((n) => {
    const revokedAt = view.certificateRevokedAt(n.node.tlsFingerprint)
    return revokedAt === undefined || revokedAt > nowMs
  })
  if (nodes.length === 0) {
    throw new GatewayError('server.clientproxy.ssl_authentication_failed', {
      cause: new Error('every node of the provider has a revoked certificate'),
    })
  }
  if (pin === undefined) return nodes
  if (!parseNodeId(pin))
    throw new GatewayError('client.bad_request', { cause: new Error('bad X-Road-Security-Server') })
  const pinned = nodes.filter((n) => n.nodeId === pin)
  if (pinned.length === 0)
    throw new GatewayError('server.clientproxy.unknown_member', {
      cause: new Error('pinned node not registered'),
    })
  return pinned
}

async function readRequestBody(
  ctx: ConsumerContext,
  incoming: InboundRequest,
): Promise<Uint8Array> {
  try {
    return await readBody(incoming.body, ctx.maxBodyBytes, declaredRequestLength(incoming.headers))
  } catch (e) {
    if (e instanceof BodyTooLargeError)
      throw new GatewayError('client.request_too_large', { cause: e })
    throw new GatewayError('client.bad_request', { cause: e })
  }
}

function federationRequest(
  incoming: InboundRequest,
  client: string,
  body: Uint8Array,
): FederationRequest {
  const { headers, signed } = providerHeaders(incoming.headers)
  // The caller may name the message (X-Road-Id) and reuse a name; the request id is ours alone,
  // fresh and signed, so every exchange stays addressable in the log (docs/protocol.md §3.3).
  const xRoadId = headers['x-road-id'] ?? newMessageId()
  if (!isMessageId(xRoadId))
    throw new GatewayError('client.bad_request', { cause: new Error('bad X-Road-Id') })
  headers['x-road-client'] = client
  headers['x-road-id'] = xRoadId
  headers['x-road-request-id'] = newMessageId()
  headers['content-digest'] = contentDigest(body)
  return {
    method: incoming.method.toUpperCase(),
    pathAndQuery: incoming.url,
    headers,
    signedHeaders: signed,
    body,
  }
}
