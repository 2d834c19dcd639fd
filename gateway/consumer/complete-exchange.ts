// Verify the provider's signed answer against the request it answers, log the exchange, release it.
import type { ServerResponse } from 'node:http'
import type { AuditRecordInput } from '../audit/index.js'
import { lookupMemberKey, type DirectoryView } from '../directory/index.js'
import type { RestTarget } from '../identifiers/index.js'
import type { ServiceEndpoint } from '../publication/index.js'
import { unixSeconds } from '../lib/clock.js'
import { describeError } from '../lib/describe-error.js'
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
import { redactStrings, type TrackedRequest } from '../tracker/index.js'
import type { ConsumerContext } from './consumer-context.js'
import type { FederationRequest, ProviderReply, SentRequest } from './send-to-provider.js'
import { trackConsumerExchange } from './track-consumer-exchange.js'

export interface ConsumerExchange {
  receivedAt: number
  target: RestTarget
  client: string
  providerMember: string
  request: FederationRequest
  sent?: SentRequest
  /** The service's endpoints from its provider's contract, when they are known or being read. */
  contract?: Promise<ServiceEndpoint[] | undefined>
}

export type Outcome = { reply: ProviderReply } | { error: unknown }

/** How a signed exchange ended once it is logged: a verified reply, or the failure to answer. */
export interface Settled {
  reply?: ProviderReply
  failure?: ErrorParts
}

/**
 * Ends a signed exchange and releases the answer once its record is durable (see
 * `settleExchange`).
 *
 * @example return completeExchange(ctx, view, exchange, outgoing, { reply })
 */
export async function completeExchange(
  ctx: ConsumerContext,
  view: DirectoryView,
  exchange: ConsumerExchange,
  outgoing: ServerResponse,
  outcome: Outcome,
): Promise<Response> {
  const { reply, failure } = await settleExchange(ctx, view, exchange, outcome)
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
  const record = auditRecord(ctx, exchange, { reply, verified, failure, hash, tracked })
  try {
    await ctx.audit.append(redactStrings(record, tracked.redact))
  } catch (e) {
    if (!failure)
      failure = toErrorParts(
        new GatewayError('server.clientproxy.logging_failed', { cause: e }),
        'server.clientproxy.internal_error',
        ctx.logger,
      )
    else
      ctx.logger.error(
        { err: describeError(e), correlationId: failure.correlationId },
        'message log write failed',
      )
  }
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

function verifyReply(
  ctx: ConsumerContext,
  view: DirectoryView,
  exchange: ConsumerExchange,
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

function auditRecord(
  ctx: ConsumerContext,
  exchange: ConsumerExchange,
  { reply, verified, failure, hash, tracked }: Ending,
): AuditRecordInput {
  const respondedAt = ctx.now()
  const h = exchange.request.headers
  const sent = exchange.sent!
  const replyHeader = (name: string) => (reply ? headerValue(reply.headers, name) : undefined)
  return {
    side: 'consumer',
    node: ctx.nodeId,
    xRoadId: h['x-road-id']!,
    requestId: h['x-road-request-id']!,
    client: exchange.client,
    service: exchange.target.serviceId,
    method: exchange.request.method,
    path: exchange.target.path,
    userId: h['x-road-userid'],
    issue: h['x-road-issue'],
    representedParty: h['x-road-represented-party'],
    dataSubject: tracked.dataSubject,
    operation: tracked.operation,
    purpose: tracked.purpose,
    status: failure ? failure.status : reply!.status,
    error: failure?.error.code ?? replyHeader('x-road-error'),
    correlationId: failure?.correlationId,
    timings: {
      receivedAt: new Date(exchange.receivedAt).toISOString(),
      respondedAt: new Date(respondedAt).toISOString(),
      durationMs: respondedAt - exchange.receivedAt,
    },
    sizes: { request: exchange.request.body.byteLength, response: reply?.body.byteLength ?? 0 },
    digests: { request: h['content-digest'], response: replyHeader('content-digest') },
    requestHash: hash,
    signatures: {
      request: {
        input: sent.signed.signatureInput,
        signature: sent.signed.signature,
        keyid: sent.signed.keyid,
        base: sent.signed.signatureBase,
      },
      response: verified && {
        input: verified.signatureInput,
        signature: verified.signature,
        keyid: verified.keyid,
        base: verified.signatureBase,
      },
    },
    peer: sent.node.nodeId,
    trace: h['traceparent'],
  }
}
