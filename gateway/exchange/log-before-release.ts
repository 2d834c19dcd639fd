// The rule that closes every exchange: its record is durable before any byte of its answer leaves.
import type { Logger } from 'pino'
import type { AuditLog, AuditRecordInput } from '../audit/index.js'
import type { ErrorCode } from '../lib/error-codes.js'
import { toErrorParts, type ErrorParts } from '../lib/error-response.js'
import { GatewayError } from '../lib/errors.js'
import type { ExchangeRecord } from './exchange-record.js'

/** Counts exchanges by the outcome their caller got (`GatewayMetrics` is one). */
export interface ExchangeMetrics {
  observe(record: AuditRecordInput): void
}

/** Where a side logs and counts its exchanges. */
export interface ExchangeLog {
  audit: Pick<AuditLog, 'append'>
  logger: Logger
  /** Absent where nothing is counted. */
  metrics?: ExchangeMetrics
}

export interface Logged {
  /** The record is in the message log, fsync'ed: the answer may be released. */
  durable: boolean
  /**
   * The log refused the record of an answer that was no error: this error is released instead,
   * never the answer (docs/errors.md, `logging_failed`).
   */
  loggingFailed?: ErrorParts
}

const CODES: Record<ExchangeRecord['side'], { failed: ErrorCode; fallback: ErrorCode }> = {
  consumer: {
    failed: 'server.clientproxy.logging_failed',
    fallback: 'server.clientproxy.internal_error',
  },
  provider: {
    failed: 'server.serverproxy.logging_failed',
    fallback: 'server.serverproxy.internal_error',
  },
}

/**
 * Appends the record and waits until it is durable (docs/design.md §5: nothing acknowledged is
 * lost). A log that cannot take it turns an answer into `logging_failed`; an answer that is
 * already an error (`answeredError`) stays that error, and the log failure is logged under its
 * correlation id. Only then are the metrics fed, with the outcome the caller gets.
 *
 * @example const { loggingFailed } = await logBeforeRelease(ctx, record, failure)
 */
export async function logBeforeRelease(
  log: ExchangeLog,
  record: ExchangeRecord,
  answeredError: { correlationId?: string } | undefined,
): Promise<Logged> {
  let logged: Logged
  try {
    await log.audit.append(record)
    logged = { durable: true }
  } catch (e) {
    if (answeredError) {
      log.logger.error(
        { err: e, correlationId: answeredError.correlationId },
        'message log write failed',
      )
      logged = { durable: false }
    } else {
      const codes = CODES[record.side]
      const error = new GatewayError(codes.failed, { cause: e })
      logged = { durable: false, loggingFailed: toErrorParts(error, codes.fallback, log.logger) }
    }
  }
  count(log, logged.loggingFailed ? releasedInstead(record, logged.loggingFailed) : record)
  return logged
}

/** The record as the caller saw the exchange end: the log failure, not the answer withheld. */
function releasedInstead(record: ExchangeRecord, failure: ErrorParts): AuditRecordInput {
  return {
    ...record,
    status: failure.status,
    error: failure.error.code,
    correlationId: failure.correlationId,
    // RFC 9110 §9.3.2: an answer to HEAD carries no content.
    sizes: {
      request: record.sizes.request,
      response: record.method === 'HEAD' ? 0 : Buffer.byteLength(failure.body),
    },
  }
}

/** The exchange is settled: a fault in counting it must not change or repeat its answer. */
function count(log: ExchangeLog, record: AuditRecordInput): void {
  try {
    log.metrics?.observe(record)
  } catch (e) {
    log.logger.warn({ err: e }, 'exchange not counted in metrics')
  }
}
