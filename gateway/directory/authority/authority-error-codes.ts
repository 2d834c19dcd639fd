// The table of directory-authority error codes, with their HTTP statuses and fixed titles.

export interface AuthorityErrorSpec {
  status: number
  title: string
}

/**
 * Every code the authority's and the mirror's APIs can answer with, as problem+json `code`
 * (RFC 9457). Titles are fixed text; detail is chosen by the authority, never copied from input.
 */
export const AUTHORITY_ERROR_CODES = {
  invalid_request: { status: 400, title: 'The request is malformed' },
  invalid_identifier: {
    status: 400,
    title: 'An identifier is malformed or outside this federation',
  },
  unknown_operation: { status: 404, title: 'No such admin operation' },
  not_found: { status: 404, title: 'No such resource' },
  unknown_item: { status: 404, title: 'The item is not registered' },
  already_registered: { status: 409, title: 'The item is already registered' },
  already_approved: { status: 409, title: 'The item is already approved' },
  already_revoked: { status: 409, title: 'The item is already revoked' },
  log_key_not_registered: {
    status: 403,
    title: 'The directory publishes no log key for the node',
  },
  wrong_log_key: {
    status: 403,
    title: 'The head is not signed with the log key the directory publishes for the node',
  },
  request_too_large: { status: 413, title: 'The request body exceeds the limit' },
  unsupported_media_type: { status: 415, title: 'The request body must be application/json' },
  unauthorized: { status: 401, title: 'An admin bearer token is required' },
  invalid_token: { status: 401, title: 'The admin token is not valid' },
  forbidden: { status: 403, title: 'The admin token does not grant this operation' },
  directory_unavailable: { status: 503, title: 'No verified directory document is held yet' },
  storage_failed: { status: 500, title: 'The change could not be made durable' },
  internal_error: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, AuthorityErrorSpec>

export type AuthorityErrorCode = keyof typeof AUTHORITY_ERROR_CODES
