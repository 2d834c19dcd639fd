// Verify the provider's signed answer against the request it answers, log the exchange, release it.
import type { ServerResponse } from 'node:http'
import { lookupMemberKey, type DirectoryView } from '../directory/index.js'
import { createExchangeRecord, logBeforeRelease, type ExchangeRecord } from '../exchange/index.js'
import { unixSeconds } from '../lib/clock.js'
import { GatewayError } from '../lib/errors.js'
import { errorResponse, toErrorParts, type ErrorParts } from '../lib/error-response.js'
import { headerValue, withoutHopByHop } from '../lib/http-headers.js'
import { sendResponse } from '../lib/send-response.js'
import {
  requestHash,
  verifyContentDigest,
  verifyResponseSignature,
  type VerifiedSignature,
} from '../signing/index.js'
import type { TrackedRequest } from '../tracker/index.js'
import type { ConsumerContext } from './consumer-context.js'
import type { ProviderReply } from './send-to-provider.js'
import { trackConsumerExchange } from './track-consumer-exchange.js'

export type { ConsumerExchange, Outcome, Settled } from './consumer-exchange.js'
import type { ConsumerExchange, Outcome, Settled } from './consumer-exchange.js'

/**
 * Releases a settled exchange (see `settleExchange`) on the node response: the verified reply, or
 * the failure as an X-Road error. Either carries the ids this gateway signed and logged.
 *
 * @example return releaseExchange(outgoing, exchange, await settleExchange(ctx, view, exchange, { reply }))
 */
export function releaseExchange(
  outgoing: ServerResponse,
  exchange: ConsumerExchange,
  { reply, failure }: Settled,
): Response {
  const ids = exchangeIds(exchange)
  if (failure || !reply) return errorResponse(failure!, ids)
  const headers = { ...withoutHopByHop(reply.headers), ...ids }
  return sendResponse(outgoing, reply.status, headers, reply.body)
}

/**
 * Verifies and logs a signed exchange: a reply must carry a valid provider signature bound to
 * this request (`"signature";req`), a matching body digest and request hash; only unsigned X-Road
 * errors from the provider gateway pass without one. The record keeps no personal code plain
 * (docs/design.md §5); a record that cannot be written fails the exchange with `logging_failed`.
 *
 * @example const { reply, failure } = await settleExchange(ctx, view, exchange, { reply })
 */
export async function settleExchange(
  ctx: ConsumerContext,
  view: DirectoryView,
  exchange: ConsumerExchange,
  outcome: Outcome,
): Promise<Settled> {
  let verified: VerifiedSignature | undefined
  let failure: ErrorParts | undefined
  const hash = requestHash(exchange.sent!.signed.signatureBase)
  if ('reply' in outcome) {
    try {
      verified = verifyReply(ctx, view, exchange, outcome.reply, hash)
    } catch (e) {
      failure = toErrorParts(e, 'server.clientproxy.internal_error', ctx.logger)
    }
  } else {
    failure = toErrorParts(outcome.error, 'server.clientproxy.internal_error', ctx.logger)
  }
  const reply = 'reply' in outcome && !failure ? outcome.reply : undefined
  const tracked = await trackConsumerExchange(ctx, exchange)
  const record = consumerRecord(ctx, exchange, { reply, verified, failure, hash, tracked })
  const logged = await logBeforeRelease(ctx, record, failure)
  failure ??= logged.loggingFailed
  return failure ? { failure } : { reply }
}

/**
 * The ids this gateway signed and logged: the caller gets them on every answer to a signed
 * request, so it can ask for exactly this exchange's evidence (docs/protocol.md §2.4, §7).
 */
function exchangeIds(exchange: ConsumerExchange): Record<string, string> {
  return {
    'x-road-id': exchange.request.headers['x-road-id']!,
    'x-road-request-id': exchange.request.headers['x-road-request-id']!,
  }
}

/**
 * The provider's signature over its answer, verified under a key the directory publishes for the
 * provider's member, bound to this request's signature (`"signature";req`), with the body's
 * digest, the request hash and X-Road-Id checked too; any mismatch is
 * `server.clientproxy.invalid_signature_value`. Undefined for an unsigned refusal by the
 * provider gateway, which could not authenticate the request to bind its answer to it.
 *
 * @example const verified = verifyReply(ctx, view, exchange, reply, requestHash(base))
 */
export function verifyReply(
  ctx: Pick<ConsumerContext, 'now' | 'skewSeconds'>,
  view: DirectoryView,
  exchange: Pick<ConsumerExchange, 'providerMember' | 'request' | 'sent'>,
  reply: ProviderReply,
  hash: string,
): VerifiedSignature | undefined {
  const header = (name: string) => headerValue(reply.headers, name)
  const sent = exchange.sent!
  if (header('signature') === undefined && header('signature-input') === undefined) {
    // A provider gateway refusing a request it could not authenticate cannot bind its answer to it.
    if (isProviderGatewayError(header('x-road-error')) && reply.status >= 400) return undefined
  }
  const nowMs = ctx.now()
  const verified = verifyResponseSignature(
    { status: reply.status, header, requestSignature: sent.signed.signature },
    {
      now: unixSeconds(() => nowMs),
      skewSeconds: ctx.skewSeconds,
      lookupKey: (kid, alg, created) =>
        lookupMemberKey(
          view,
          exchange.providerMember,
          { kid, alg, createdSec: created, nowMs },
          'server.clientproxy.invalid_signature_value',
        ),
    },
  )
  const bad = (reason: string) =>
    new GatewayError('server.clientproxy.invalid_signature_value', { cause: new Error(reason) })
  if (!verifyContentDigest(header('content-digest'), reply.body))
    throw bad('response digest mismatch')
  if (header('x-road-request-hash') !== hash) throw bad('request hash mismatch')
  if (header('x-road-id') !== exchange.request.headers['x-road-id']) throw bad('X-Road-Id mismatch')
  return verified
}

function isProviderGatewayError(code: string | undefined): boolean {
  return (
    code !== undefined && (code.startsWith('server.serverproxy.') || code.startsWith('client.'))
  )
}

interface Ending {
  reply: ProviderReply | undefined
  verified: VerifiedSignature | undefined
  failure: ErrorParts | undefined
  hash: string
  tracked: TrackedRequest
}

function consumerRecord(
  ctx: ConsumerContext,
  exchange: ConsumerExchange,
  { reply, verified, failure, hash, tracked }: Ending,
): ExchangeRecord {
  const h = exchange.request.headers
  const sent = exchange.sent!
  const replyHeader = (name: string) => (reply ? headerValue(reply.headers, name) : undefined)
  return createExchangeRecord({
    side: 'consumer',
    node: ctx.nodeId,
    peer: sent.node.nodeId,
    xRoadId: h['x-road-id']!,
    requestId: h['x-road-request-id']!,
    client: exchange.client,
    service: exchange.target.serviceId,
    method: exchange.request.method,
    path: exchange.target.path,
    requestHeader: (name) => h[name],
    tracked,
    status: failure ? failure.status : reply!.status,
    error: failure?.error.code ?? replyHeader('x-road-error'),
    correlationId: failure?.correlationId,
    receivedAt: exchange.receivedAt,
    respondedAt: ctx.now(),
    requestBytes: exchange.request.body.byteLength,
    responseBytes: reply?.body.byteLength ?? 0,
    responseDigest: replyHeader('content-digest'),
    requestHash: hash,
    requestSignature: sent.signed,
    responseSignature: verified,
  })
}
