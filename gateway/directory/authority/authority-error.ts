// The authority's typed error and the one place it becomes an RFC 9457 problem+json response.
import { randomUUID } from 'node:crypto'
import { KopuroError } from '../../lib/errors.js'
import { AUTHORITY_ERROR_CODES, type AuthorityErrorCode } from './authority-error-codes.js'

/** RFC 9457 §3: the media type of a problem details object. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

/** Problem types are tag URIs (RFC 4151), as for the registries' problems. */
export const AUTHORITY_PROBLEM_TYPE_PREFIX = 'tag:kopuro.dev,2025:problem/directory.'

/**
 * Raised for untrusted input to the authority or a mirror (an admin request, a token, a fetched
 * document). `detail` is fixed text the authority wrote; anything from the input goes in `cause`.
 *
 * @example throw new AuthorityError('unknown_item', { detail: 'no member with that id' })
 */
export class AuthorityError extends KopuroError<AuthorityErrorCode> {
  readonly status: number
  readonly detail: string | undefined

  constructor(code: AuthorityErrorCode, options?: { detail?: string; cause?: unknown }) {
    super(code, AUTHORITY_ERROR_CODES[code].title, { cause: options?.cause })
    this.name = 'AuthorityError'
    this.status = AUTHORITY_ERROR_CODES[code].status
    this.detail = options?.detail
  }
}

export interface AuthorityProblem {
  type: string
  title: string
  status: number
  code: AuthorityErrorCode
  detail?: string
  instance: string
}

/**
 * The problem+json response for an error; anything that is not an AuthorityError is answered as
 * a bare `internal_error`. `instance` names the occurrence, never the request path.
 *
 * @example app.onError((error) => problemResponse(error))
 */
export function problemResponse(error: unknown, headers: Record<string, string> = {}): Response {
  const known = error instanceof AuthorityError ? error : new AuthorityError('internal_error')
  const body: AuthorityProblem = {
    type: `${AUTHORITY_PROBLEM_TYPE_PREFIX}${known.code}`,
    title: known.message,
    status: known.status,
    code: known.code,
    ...(known.detail !== undefined && { detail: known.detail }),
    instance: `urn:uuid:${randomUUID()}`,
  }
  // RFC 6750 §3: a 401 names the scheme the client should use.
  const challenge: Record<string, string> = {}
  if (known.status === 401) challenge['www-authenticate'] = 'Bearer realm="kopuro-directory"'
  return new Response(JSON.stringify(body), {
    status: known.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...challenge, ...headers },
  })
}
