// Sign the provider's answer, bind it to the request, and log the exchange before releasing it.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AuditRecordInput } from '../audit/index.js'
import type { RestTarget } from '../identifiers/index.js'
import { unixSeconds } from '../lib/clock.js'
import { describeError } from '../lib/describe-error.js'
import { GatewayError } from '../lib/errors.js'
import { toErrorParts } from '../lib/error-response.js'
import { forwardableHeaders } from '../lib/http-headers.js'
import { sendResponse } from '../lib/send-response.js'
import { validTraceparent } from '../lib/trace-context.js'
import {
  contentDigest,
  requestHash,
  signResponse,
  type SignedMessage,
  type VerifiedSignature,
} from '../signing/index.js'
import { headerValue } from '../lib/http-headers.js'
import { redactStrings, type RequestToTrack, type TrackedRequest } from '../tracker/index.js'
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
  incoming: IncomingMessage
  outgoing: ServerResponse
  requestBytes: number
  backendMs?: number
  /** Headers the provider adds to whatever it answers (rate-limit state). */
  extraHeaders?: Record<string, string>
  /** The data subject, operation and purpose the tracker found (docs/design.md §5). */
  tracked?: TrackedRequest
}

export type Outcome = { response: BackendResponse } | { error: unknown }

interface Answer {
  status: number
  headers: Record<string, string>
  body: Uint8Array
  error?: string
  correlationId?: string
}

const encoder = new TextEncoder()
const EMPTY = new Uint8Array(0)

/**
 * Builds, signs and logs the answer. The response is released only once its record is durable;
 * if the log cannot be written a success turns into `logging_failed` (X-Road: nothing is
 * answered as success unless it was logged).
 */
export async function respondSigned(
  ctx: ProviderContext,
  exchange: Exchange,
  outcome: Outcome,
): Promise<Response> {
  const answer =
    'response' in outcome ? backendAnswer(outcome.response) : errorAnswer(ctx, outcome.error)
  const signed = signAnswer(ctx, exchange, answer)
  // docs/design.md §5: no personal code is stored plain in the record, not even in a signed base; this
  // holds for every outcome, also one refused before the contract was looked at.
  exchange.tracked = ctx.tracker.trackPersonCodes(exchange.tracked, requestToTrack(exchange))
  const record = redactStrings(auditRecord(ctx, exchange, answer, signed), exchange.tracked.redact)
  try {
    await ctx.audit.append(record)
  } catch (e) {
    if (answer.error !== undefined) {
      ctx.logger.error(
        { err: describeError(e), correlationId: answer.correlationId },
        'message log write failed',
      )
      return toResponse(exchange, answer)
    }
    const failed = errorAnswer(
      ctx,
      new GatewayError('server.serverproxy.logging_failed', { cause: e }),
    )
    signAnswer(ctx, exchange, failed)
    return toResponse(exchange, failed)
  }
  ctx.tracker.observe(record)
  return toResponse(exchange, answer)
}

/** The parts of a federation request the data tracker reads (docs/design.md §5). */
export function requestToTrack(exchange: Exchange): RequestToTrack {
  return {
    method: exchange.incoming.method ?? 'GET',
    path: exchange.target.path,
    query: exchange.target.query,
    issue: headerValue(exchange.incoming.headers, 'x-road-issue'),
  }
}

function backendAnswer(res: BackendResponse): Answer {
  return { status: res.status, headers: forwardableHeaders(res.headers), body: res.body }
}

function errorAnswer(ctx: ProviderContext, err: unknown): Answer {
  const parts = toErrorParts(err, 'server.serverproxy.internal_error', ctx.logger)
  return {
    status: parts.status,
    headers: { 'content-type': 'application/json', 'x-road-error': parts.error.code },
    body: encoder.encode(parts.body),
    error: parts.error.code,
    correlationId: parts.correlationId,
  }
}

/** Sets the X-Road response headers (overwriting the backend's) and signs (docs/protocol.md §3.7). */
function signAnswer(ctx: ProviderContext, exchange: Exchange, answer: Answer): SignedMessage {
  // RFC 9110 §9.3.2: an answer to HEAD carries no content, so its digest covers none.
  if (exchange.incoming.method === 'HEAD') answer.body = EMPTY
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

function auditRecord(
  ctx: ProviderContext,
  exchange: Exchange,
  answer: Answer,
  signed: SignedMessage,
): AuditRecordInput {
  const respondedAt = ctx.now()
  const headers = exchange.incoming.headers
  const optional = (name: string) =>
    typeof headers[name] === 'string' ? (headers[name] as string) : undefined
  const tracked = exchange.tracked
  return {
    side: 'provider',
    node: ctx.nodeId,
    xRoadId: exchange.xRoadId,
    requestId: exchange.requestId,
    client: exchange.client,
    service: exchange.target.serviceId,
    method: exchange.incoming.method ?? 'GET',
    path: exchange.target.path,
    userId: optional('x-road-userid'),
    issue: optional('x-road-issue'),
    representedParty: optional('x-road-represented-party'),
    dataSubject: tracked?.dataSubject,
    operation: tracked?.operation,
    purpose: tracked?.purpose,
    // Decided now, from the group as it is now, so no later change can reveal the access.
    ...(tracked?.dataSubject !== undefined && ctx.tracker.isCovert(exchange.client)
      ? { covert: true as const }
      : {}),
    status: answer.status,
    error: answer.error,
    correlationId: answer.correlationId,
    timings: {
      receivedAt: new Date(exchange.receivedAt).toISOString(),
      respondedAt: new Date(respondedAt).toISOString(),
      durationMs: respondedAt - exchange.receivedAt,
      backendMs: exchange.backendMs,
    },
    sizes: { request: exchange.requestBytes, response: answer.body.byteLength },
    digests: { request: optional('content-digest'), response: answer.headers['content-digest'] },
    requestHash: answer.headers['x-road-request-hash'],
    signatures: {
      request: {
        input: exchange.verified.signatureInput,
        signature: exchange.verified.signature,
        keyid: exchange.verified.keyid,
        base: exchange.verified.signatureBase,
      },
      response: {
        input: signed.signatureInput,
        signature: signed.signature,
        keyid: signed.keyid,
        base: signed.signatureBase,
      },
    },
    peer: exchange.peer,
    trace: validTraceparent(optional('traceparent')),
  }
}

function toResponse(exchange: Exchange, answer: Answer): Response {
  return sendResponse(exchange.outgoing, answer.status, answer.headers, answer.body)
}
