// The one place gateway errors become X-Road error responses (REST protocol §4.5).
import type { Logger } from 'pino'
import { describeError } from './describe-error.js'
import { GatewayError, errorBody } from './errors.js'
import type { ErrorCode } from './error-codes.js'
import { newCorrelationId } from './ids.js'

export interface ErrorParts {
  error: GatewayError
  status: number
  correlationId: string
  body: string
}

/**
 * Turns anything thrown into a typed error with a correlation id, and logs it once with the
 * cause (never echoed to the caller). Unknown errors become the side's `internal_error`.
 */
export function toErrorParts(err: unknown, fallback: ErrorCode, logger: Logger): ErrorParts {
  const error = err instanceof GatewayError ? err : new GatewayError(fallback, { cause: err })
  const correlationId = newCorrelationId()
  const level = error.status >= 500 ? 'error' : 'info'
  logger[level](
    // Only names, fixed messages and codes are logged: never payloads an error may carry.
    {
      code: error.code,
      correlationId,
      cause: error.cause === undefined ? undefined : describeError(error.cause),
    },
    'exchange failed',
  )
  return {
    error,
    status: error.status,
    correlationId,
    body: JSON.stringify(errorBody(error, correlationId)),
  }
}

/** An unsigned error response, for failures before a message could be authenticated. */
export function errorResponse(
  parts: ErrorParts,
  extraHeaders: Record<string, string> = {},
): Response {
  return new Response(parts.body, {
    status: parts.status,
    headers: {
      'content-type': 'application/json',
      'x-road-error': parts.error.code,
      ...extraHeaders,
    },
  })
}
