// RFC 9457 problem details for Hono: typed problems, one error handler, one not-found handler.

import { STATUS_CODES } from 'node:http'
import type { Context, ErrorHandler, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { KopuroError } from '../../gateway/lib/kopuro-error.js'

/** RFC 9457 §3: the media type of a problem details object. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

/** Problem types are tag URIs (RFC 4151), which RFC 9457 §4 suggests for non-resolvable types. */
export const PROBLEM_TYPE_PREFIX = 'tag:kopuro.dev,2025:problem/'

/** RFC 9457 §3.1 members, plus extension members. */
export interface ProblemDetails {
  type: string
  title: string
  status: number
  detail?: string
  instance?: string
  [extension: string]: unknown
}

export interface ProblemInit {
  /** A stable code, e.g. `invalid-pin`; becomes the `type` URI. Omit for `about:blank`. */
  code?: string
  status: ContentfulStatusCode
  /** Fixed text for the problem type. Defaults to the HTTP status phrase. */
  title?: string
  /** Human-readable explanation; never echo untrusted input here. */
  detail?: string
}

/**
 * Thrown by handlers for a client-facing failure; `onError` turns it into problem+json. `code` is
 * the problem's code, `about:blank` for a problem without one (RFC 9457 §4.2.1).
 *
 * @example
 * throw new ProblemError({ code: 'person-not-found', status: 404, title: 'Person not found' })
 */
export class ProblemError extends KopuroError<string> {
  readonly problem: ProblemInit

  constructor(problem: ProblemInit, options?: { cause?: unknown }) {
    const message = problem.title ?? STATUS_CODES[problem.status] ?? 'Error'
    super(problem.code ?? 'about:blank', message, options)
    this.name = 'ProblemError'
    this.problem = problem
  }
}

/** The `type` URI of a problem code (RFC 9457 §3.1.1); `about:blank` when there is no code. */
export function problemType(code: string | undefined): string {
  return code === undefined ? 'about:blank' : `${PROBLEM_TYPE_PREFIX}${code}`
}

/**
 * Builds the problem+json response. `instance` is a fresh `urn:uuid:` naming this occurrence,
 * rather than the request path, so no untrusted input (a PIN in the URL) is echoed back.
 *
 * @example
 * return problemResponse(c, { code: 'invalid-query', status: 400, detail: 'limit must be 1..100' })
 */
export function problemResponse(c: Context, init: ProblemInit): Response {
  const body: ProblemDetails = {
    type: problemType(init.code),
    title: init.title ?? STATUS_CODES[init.status] ?? 'Error',
    status: init.status,
    ...(init.detail === undefined ? {} : { detail: init.detail }),
    instance: `urn:uuid:${crypto.randomUUID()}`,
  }
  return c.body(JSON.stringify(body), init.status, { 'content-type': PROBLEM_CONTENT_TYPE })
}

export interface ProblemHandlerOptions {
  /** Called with unexpected errors (answered as a bare 500). Defaults to `console.error`. */
  onUnexpected?: (error: unknown) => void
}

/**
 * An `app.onError` handler that always answers problem+json and never leaks a stack trace.
 *
 * @example
 * app.onError(problemOnError())
 */
export function problemOnError(options: ProblemHandlerOptions = {}): ErrorHandler {
  const onUnexpected = options.onUnexpected ?? ((error) => console.error(error))
  return (error, c) => {
    if (error instanceof ProblemError) return problemResponse(c, error.problem)
    if (error instanceof HTTPException) return problemResponse(c, { status: error.status })
    onUnexpected(error)
    return problemResponse(c, { status: 500 })
  }
}

/**
 * An `app.notFound` handler: `about:blank` 404 (RFC 9457 §4.2.1).
 *
 * @example
 * app.notFound(problemNotFound)
 */
export const problemNotFound: NotFoundHandler = (c) => problemResponse(c, { status: 404 })

/** Installs both handlers on an app. */
export function useProblemHandlers(
  app: { onError(handler: ErrorHandler): unknown; notFound(handler: NotFoundHandler): unknown },
  options?: ProblemHandlerOptions,
): void {
  app.onError(problemOnError(options))
  app.notFound(problemNotFound)
}
