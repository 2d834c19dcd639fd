// The error the message log raises, with a stable code the gateway maps to `logging_failed`.
import { KopuroError } from '../../lib/errors.js'

/**
 * `write_failed`: a write, fsync or head.json update failed; the log refuses further appends.
 * `closed`: append after close. The rest: an existing log was refused at open (see verify-log.ts).
 */
export type AuditLogErrorCode =
  'write_failed' | 'closed' | 'torn_tail' | 'malformed' | 'truncated' | 'head_mismatch'

/**
 * Raised by the message log. Messages name only log files and sequence numbers; the underlying
 * I/O error is in `cause`.
 *
 * @example if (error instanceof AuditLogError) throw new GatewayError(loggingFailed, { cause: error })
 */
export class AuditLogError extends KopuroError<AuditLogErrorCode> {
  constructor(code: AuditLogErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
    this.name = 'AuditLogError'
  }
}
