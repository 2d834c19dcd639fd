// Sign the provider's answer, bind it to the request, and log the exchange before releasing it.
import {
  createExchangeRecord,
  logBeforeRelease,
  type ExchangeRecord,
  type InboundRequest,
} from '../exchange/index.js'
import type { RestTarget } from '../identifiers/index.js'
import { unixSeconds } from '../lib/clock.js'
import { toErrorParts, type ErrorParts } from '../lib/error-response.js'
import { forwardableHeaders, headerValue } from '../lib/http-headers.js'
import {
  contentDigest,
  requestHash,
  signResponse,
  type SignedMessage,
  type VerifiedSignature,
} from '../signing/index.js'
import type { RequestToTrack, TrackedRequest } from '../tracker/index.js'
import type { BackendResponse } from './forward-to-service.js'
import type { ProviderContext } from './provider-context.js'

/** One federation request as the provider side knows it once its signature has been verified. */
export interface Exchange {
  receivedAt: number
  target: RestTarget
  client: string
  xRoadId: string
  requestId: string
  verified: VerifiedSignature
  peer: string
  request: InboundRequest
  requestBytes: number
  backendMs?: number
  /** Headers the provider adds to whatever it answers (rate-limit state). */
  extraHeaders?: Record<string, string>
  /** The data subject, operation and purpose the tracker found (docs/design.md §5). */
  tracked?: TrackedRequest
}

export type Outcome = { response: BackendResponse } | { error: unknown }

/** The provider's answer to one exchange, signed: what the listener releases, as it is. */
export interface SignedAnswer {
  status: number
  headers: Record<string, string>
  body: Uint8Array
  /** The X-Road error code, when the answer is one. */
  error?: string
  correlationId?: string
}

const encoder = new TextEncoder()
const EMPTY = new Uint8Array(0)

/**
 * Builds, signs and logs the answer. The answer is released only once its record is durable;
 * if the log cannot be written a success turns into `logging_failed` (X-Road: nothing is
 * answered as success unless it was logged).
 *
 * @example return sendResponse(outgoing, …(await respondSigned(ctx, exchange, { response })))
 */
export async function respondSigned(
  ctx: ProviderContext,
  exchange: Exchange,
  outcome: Outcome,
): Promise<SignedAnswer> {
  const answer =
    'response' in outcome ? backendAnswer(outcome.response) : errorAnswer(ctx, outcome.error)
  const signed = signAnswer(ctx, exchange, answer)
  // docs/design.md §5: no personal code is stored plain in the record, not even in a signed base; this
  // holds for every outcome, also one refused before the contract was looked at.
  exchange.tracked = ctx.tracker.trackPersonCodes(exchange.tracked, requestToTrack(exchange))
  const record = providerRecord(ctx, exchange, answer, signed)
  const logged = await logBeforeRelease(
    ctx,
    record,
    answer.error !== undefined ? answer : undefined,
  )
  if (logged.loggingFailed) {
    const failed = partsAnswer(logged.loggingFailed)
    signAnswer(ctx, exchange, failed)
    return failed
  }
  if (logged.durable) ctx.tracker.observe(record)
  return answer
}

/** The parts of a federation request the data tracker reads (docs/design.md §5). */
export function requestToTrack(exchange: Exchange): RequestToTrack {
  return {
    method: exchange.request.method,
    path: exchange.target.path,
    query: exchange.target.query,
    issue: headerValue(exchange.request.headers, 'x-road-issue'),
  }
}

function backendAnswer(res: BackendResponse): SignedAnswer {
  return { status: res.status, headers: forwardableHeaders(res.headers), body: res.body }
}

function errorAnswer(ctx: ProviderContext, err: unknown): SignedAnswer {
  return partsAnswer(toErrorParts(err, 'server.serverproxy.internal_error', ctx.logger))
}

function partsAnswer(parts: ErrorParts): SignedAnswer {
  return {
    status: parts.status,
    headers: { 'content-type': 'application/json', 'x-road-error': parts.error.code },
    body: encoder.encode(parts.body),
    error: parts.error.code,
    correlationId: parts.correlationId,
  }
}

/**
 * Sets the X-Road response headers on `answer` (overwriting the backend's), its Content-Digest
 * and the request hash, then signs status, digest and headers bound to the request's own
 * signature (`"signature";req`) and adds `Signature-Input` and `Signature` (docs/protocol.md
 * §3.7). An answer to HEAD carries no content, so its digest covers none.
 *
 * @example const signed = signAnswer(ctx, exchange, answer) // answer.headers now signed
 */
export function signAnswer(
  ctx: Pick<ProviderContext, 'signingKey' | 'now'>,
  exchange: Pick<
    Exchange,
    'request' | 'extraHeaders' | 'xRoadId' | 'client' | 'target' | 'requestId' | 'verified'
  >,
  answer: SignedAnswer,
): SignedMessage {
  // RFC 9110 §9.3.2: an answer to HEAD carries no content, so its digest covers none.
  if (exchange.request.method === 'HEAD') answer.body = EMPTY
  const h = answer.headers
  if (exchange.extraHeaders) Object.assign(h, exchange.extraHeaders)
  h['x-road-id'] = exchange.xRoadId
  h['x-road-client'] = exchange.client
  h['x-road-service'] = exchange.target.serviceId
  h['x-road-request-id'] = exchange.requestId
  h['x-road-request-hash'] = requestHash(exchange.verified.signatureBase)
  h['content-digest'] = contentDigest(answer.body)
  const signed = signResponse(
    {
      status: answer.status,
      header: (name) => h[name],
      requestSignature: exchange.verified.signature,
    },
    ctx.signingKey,
    { now: unixSeconds(ctx.now) },
  )
  h['signature-input'] = signed.signatureInput
  h['signature'] = signed.signature
  return signed
}

function providerRecord(
  ctx: ProviderContext,
  exchange: Exchange,
  answer: SignedAnswer,
  signed: SignedMessage,
): ExchangeRecord {
  const headers = exchange.request.headers
  const tracked = exchange.tracked
  return createExchangeRecord({
    side: 'provider',
    node: ctx.nodeId,
    peer: exchange.peer,
    xRoadId: exchange.xRoadId,
    requestId: exchange.requestId,
    client: exchange.client,
    service: exchange.target.serviceId,
    method: exchange.request.method,
    path: exchange.target.path,
    requestHeader: (name) => {
      const value = headers[name]
      return typeof value === 'string' ? value : undefined
    },
    tracked,
    covert: tracked?.dataSubject !== undefined && ctx.tracker.isCovert(exchange.client),
    status: answer.status,
    error: answer.error,
    correlationId: answer.correlationId,
    receivedAt: exchange.receivedAt,
    respondedAt: ctx.now(),
    backendMs: exchange.backendMs,
    requestBytes: exchange.requestBytes,
    responseBytes: answer.body.byteLength,
    responseDigest: answer.headers['content-digest'],
    requestHash: answer.headers['x-road-request-hash'],
    requestSignature: exchange.verified,
    responseSignature: signed,
  })
}
