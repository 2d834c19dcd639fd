// The message-log record of one exchange, the same builder on both sides (docs/design.md §5).
import type { AuditRecordInput, SignatureEvidence } from '../audit/index.js'
import { validTraceparent } from '../lib/trace-context.js'
import type { SignedMessage } from '../signing/index.js'
import { redactStrings, type TrackedRequest } from '../tracker/index.js'

/** An RFC 9421 signature as this gateway made or verified it. */
export type SignatureParts = Pick<
  SignedMessage,
  'signatureInput' | 'signature' | 'keyid' | 'signatureBase'
>

/** A record of an exchange: one side's view of it, never an admin action. */
export type ExchangeRecord = AuditRecordInput & { side: 'consumer' | 'provider' }

/** What one side knows of an exchange once its answer is decided. */
export interface ExchangeFacts {
  side: 'consumer' | 'provider'
  /** This gateway node. */
  node: string
  /** The other gateway node of the exchange. */
  peer: string
  xRoadId: string
  requestId: string
  client: string
  service: string
  method: string
  /** The path below the service, as received, without the query. */
  path: string
  /**
   * A header of the request as this side received or sent it: the record keeps X-Road-UserId,
   * X-Road-Issue, X-Road-Represented-Party, Content-Digest and a well-formed traceparent.
   */
  requestHeader: (name: string) => string | undefined
  /** The data subject, operation and purpose; its `redact` applies to every string recorded. */
  tracked: TrackedRequest | undefined
  /** The client was in the covert group as the exchange was logged (provider side). */
  covert?: boolean
  status: number
  error: string | undefined
  correlationId: string | undefined
  receivedAt: number
  respondedAt: number
  backendMs?: number
  requestBytes: number
  responseBytes: number
  responseDigest: string | undefined
  requestHash: string | undefined
  requestSignature: SignatureParts
  /** The answer's signature; undefined when the answer carried none that verified. */
  responseSignature: SignatureParts | undefined
}

/**
 * The record both gateways append for an exchange, field for field in the log's order, with
 * every personal code of the request replaced as `tracked` says (docs/design.md §5): no record,
 * on either side and for any outcome, keeps one plain.
 *
 * @example await log.audit.append(createExchangeRecord(facts))
 */
export function createExchangeRecord(facts: ExchangeFacts): ExchangeRecord {
  const header = facts.requestHeader
  const record: ExchangeRecord = {
    side: facts.side,
    node: facts.node,
    xRoadId: facts.xRoadId,
    requestId: facts.requestId,
    client: facts.client,
    service: facts.service,
    method: facts.method,
    path: facts.path,
    userId: header('x-road-userid'),
    issue: header('x-road-issue'),
    representedParty: header('x-road-represented-party'),
    dataSubject: facts.tracked?.dataSubject,
    operation: facts.tracked?.operation,
    purpose: facts.tracked?.purpose,
    // Decided as it is logged, so no later change of the group can reveal the access.
    ...(facts.covert ? { covert: true as const } : {}),
    status: facts.status,
    error: facts.error,
    correlationId: facts.correlationId,
    timings: {
      receivedAt: new Date(facts.receivedAt).toISOString(),
      respondedAt: new Date(facts.respondedAt).toISOString(),
      durationMs: facts.respondedAt - facts.receivedAt,
      backendMs: facts.backendMs,
    },
    sizes: { request: facts.requestBytes, response: facts.responseBytes },
    digests: { request: header('content-digest'), response: facts.responseDigest },
    requestHash: facts.requestHash,
    signatures: {
      request: evidenceOf(facts.requestSignature),
      response: facts.responseSignature && evidenceOf(facts.responseSignature),
    },
    peer: facts.peer,
    trace: validTraceparent(header('traceparent')),
  }
  return redactStrings(record, facts.tracked?.redact)
}

function evidenceOf(signature: SignatureParts): SignatureEvidence {
  return {
    input: signature.signatureInput,
    signature: signature.signature,
    keyid: signature.keyid,
    base: signature.signatureBase,
  }
}
