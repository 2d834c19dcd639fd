// The table of gateway-originated error codes (X-Road 7.8 naming) with their HTTP statuses.

/** Where a fault arose, as X-Road reports it in the code's prefix. */
export type FaultOrigin = 'client' | 'server.clientproxy' | 'server.serverproxy'

export interface ErrorCodeSpec {
  status: number
  message: string
}

/**
 * Every code a kopuro gateway can emit, keyed by the full `X-Road-Error` value.
 * The message is fixed text; request-specific detail goes to the log, never the body.
 */
export const ERROR_CODES = {
  // Faults of the calling information system.
  'client.bad_request': { status: 400, message: 'The request is malformed' },
  'client.invalid_client_identifier': {
    status: 400,
    message: 'The client identifier is missing or malformed',
  },
  'client.invalid_service_identifier': {
    status: 400,
    message: 'The service identifier is malformed',
  },
  'client.unauthorized': {
    status: 401,
    message: 'The information system is not authenticated to this gateway',
  },
  'client.invalid_token': { status: 401, message: 'The access token is not valid' },
  'client.unknown_exchange': {
    status: 404,
    message: 'No exchange with this X-Road-Id is visible to you in this log',
  },
  'client.ambiguous_exchange': {
    status: 300,
    message: 'This X-Road-Id names several exchanges; choose one by its X-Road-Request-Id',
  },
  'client.unknown_route': { status: 404, message: 'No such route on this listener' },
  'client.token_revoked': { status: 401, message: 'The role token has been revoked' },
  'client.backend_not_allowed': {
    status: 403,
    message: 'The backend URL is outside the configured publish allow-list',
  },
  'client.evidence_pending': {
    status: 409,
    message: 'The exchange is not covered by a signed checkpoint yet; retry shortly',
  },
  'client.forbidden': { status: 403, message: 'The token’s role may not do this' },
  'client.client_mismatch': {
    status: 403,
    message: 'X-Road-Client does not match the authenticated subsystem',
  },
  'client.request_too_large': { status: 413, message: 'The request body exceeds the limit' },
  'client.uri_too_long': { status: 414, message: 'The request URI exceeds the limit' },
  'client.invalid_grant': { status: 400, message: 'The grant is malformed or names no target' },
  // Faults found by the consumer gateway.
  'server.clientproxy.unknown_member': {
    status: 404,
    message: 'The service provider is not a member of the federation',
  },
  'server.clientproxy.unknown_service': {
    status: 404,
    message: 'The service is not in the federation catalogue',
  },
  'server.clientproxy.global_conf_outdated': {
    status: 503,
    message: 'The federation directory is not valid',
  },
  'server.clientproxy.network_error': {
    status: 502,
    message: 'No gateway node of the service provider could be reached',
  },
  'server.clientproxy.ssl_authentication_failed': {
    status: 502,
    message: "The provider gateway's TLS certificate is not trusted",
  },
  'server.clientproxy.invalid_signature_value': {
    status: 502,
    message: 'The response signature is not valid',
  },
  'server.clientproxy.response_too_large': {
    status: 502,
    message: 'The response body exceeds the limit',
  },
  'server.clientproxy.timeout': {
    status: 504,
    message: 'The provider gateway did not answer in time',
  },
  'server.clientproxy.logging_failed': {
    status: 500,
    message: 'The exchange could not be written to the message log',
  },
  'server.clientproxy.store_unavailable': {
    status: 503,
    message: 'The shared state store is unavailable',
  },
  'server.clientproxy.internal_error': { status: 500, message: 'Internal error' },
  // Faults found by the provider gateway.
  'server.serverproxy.ssl_authentication_failed': {
    status: 401,
    message: "The consumer gateway's TLS certificate is not registered for the client member",
  },
  'server.serverproxy.invalid_request': {
    status: 400,
    message: 'The federation request is malformed',
  },
  'server.serverproxy.invalid_signature_value': {
    status: 401,
    message: 'The request signature is not valid',
  },
  'server.serverproxy.stale_request': {
    status: 401,
    message: 'The request signature is outside the accepted time window',
  },
  'server.serverproxy.replayed_request': {
    status: 409,
    message: 'The signed request was already received',
  },
  'server.serverproxy.unknown_service': {
    status: 404,
    message: 'The service is not published by this gateway',
  },
  'server.serverproxy.access_denied': {
    status: 403,
    message: 'The client is not allowed to call this service endpoint',
  },
  'server.serverproxy.service_disabled': { status: 503, message: 'The service is disabled' },
  'server.serverproxy.rate_limited': {
    status: 429,
    message: 'The client has used its request budget for this service; retry later',
  },
  'server.serverproxy.request_too_large': {
    status: 413,
    message: 'The request body exceeds the limit of this service',
  },
  'server.serverproxy.service_failed': {
    status: 502,
    message: 'The service backend could not be reached',
  },
  'server.serverproxy.response_too_large': {
    status: 502,
    message: 'The service backend response exceeds the limit',
  },
  'server.serverproxy.timeout': {
    status: 504,
    message: 'The service backend did not answer in time',
  },
  'server.serverproxy.global_conf_outdated': {
    status: 503,
    message: 'The federation directory is not valid',
  },
  'server.serverproxy.store_unavailable': {
    status: 503,
    message: 'The replay-protection store is unavailable',
  },
  'server.serverproxy.logging_failed': {
    status: 500,
    message: 'The exchange could not be written to the message log',
  },
  'server.serverproxy.internal_error': { status: 500, message: 'Internal error' },
} as const satisfies Record<string, ErrorCodeSpec>

export type ErrorCode = keyof typeof ERROR_CODES
