// Typed errors for untrusted input: a stable X-Road-style code, an HTTP status and a fault origin.
import { ERROR_CODES, type ErrorCode, type FaultOrigin } from './error-codes.js'
import { KopuroError } from './kopuro-error.js'

export { KopuroError } from './kopuro-error.js'

/**
 * Raised when a request, token or peer message fails a check. The message is the code's fixed
 * text; anything derived from untrusted input belongs in `cause` (logged, never sent).
 *
 * @example throw new GatewayError('client.invalid_token', { cause: err })
 */
export class GatewayError extends KopuroError<ErrorCode> {
  readonly status: number
  readonly origin: FaultOrigin

  /**
   * `message` replaces the code's fixed text only with text the gateway controls: a provider's
   * own notice, or a JSON pointer the gateway has sanitised. Never raw request data.
   */
  constructor(code: ErrorCode, options?: { cause?: unknown; message?: string }) {
    super(code, options?.message ?? ERROR_CODES[code].message, { cause: options?.cause })
    this.name = 'GatewayError'
    this.status = ERROR_CODES[code].status
    this.origin = originOf(code)
  }
}

/** The X-Road error body: `detail` is a correlation id that also appears in the gateway log. */
export interface XRoadErrorBody {
  type: ErrorCode
  message: string
  detail: string
}

export function errorBody(error: GatewayError, correlationId: string): XRoadErrorBody {
  return { type: error.code, message: error.message, detail: correlationId }
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_CODES, value)
}

function originOf(code: ErrorCode): FaultOrigin {
  if (code.startsWith('server.clientproxy.')) return 'server.clientproxy'
  if (code.startsWith('server.serverproxy.')) return 'server.serverproxy'
  return 'client'
}
