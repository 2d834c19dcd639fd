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
  unsupported_media_type: {
    status: 415,
    title: 'The request body must be application/json (application/jose for a registration)',
  },
  unauthorized: { status: 401, title: 'An admin bearer token is required' },
  invalid_token: { status: 401, title: 'The admin token is not valid' },
  forbidden: { status: 403, title: 'The admin token does not grant this operation' },
  directory_unavailable: { status: 503, title: 'No verified directory document is held yet' },
  'registration.malformed': { status: 400, title: 'The registration is not a compact JWS' },
  'registration.bad_signature': {
    status: 400,
    title: 'The registration is not signed by the signing key it carries',
  },
  'registration.wrong_instance': {
    status: 400,
    title: 'The registration is for another federation',
  },
  'registration.stale': {
    status: 400,
    title: "The registration's iat is too far from the authority's clock",
  },
  'registration.replayed': { status: 409, title: 'The registration was received before' },
  'registration.identity_mismatch': {
    status: 400,
    title: 'The certificate request does not name the node it is sent for',
  },
  'registration.invalid': {
    status: 400,
    title: 'An identifier, key or text of the registration is not usable',
  },
  'registration.member_exists': {
    status: 403,
    title: 'The member is registered: sign with one of its valid signing keys',
  },
  'registration.node_exists': {
    status: 409,
    title: 'The node is registered for the member',
  },
  'registration.too_many_pending': {
    status: 503,
    title: 'Too many registrations wait for a decision; try again later',
  },
  'registration.unknown': { status: 404, title: 'No registration with that id' },
  'registration.decided': { status: 409, title: 'The registration is already decided' },
  'registration.bad_certificate': {
    status: 400,
    title: 'The certificate does not fit the registration or the federation CAs',
  },
  storage_failed: { status: 500, title: 'The change could not be made durable' },
  internal_error: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, AuthorityErrorSpec>

export type AuthorityErrorCode = keyof typeof AUTHORITY_ERROR_CODES
