// The civil documents register's problem types: stable codes, statuses and fixed titles.

import type { ProblemInit } from '../shared/index.js'

export const INVALID_CERTIFICATE_ID = {
  code: 'invalid-certificate-id',
  status: 400,
  title: 'Invalid certificate number',
  detail: 'A certificate number is KG-CRT- followed by 10 Crockford base32 characters.',
} as const satisfies ProblemInit

export const CERTIFICATE_NOT_FOUND = {
  code: 'certificate-not-found',
  status: 404,
  title: 'Certificate not found',
  detail: 'No certificate with this number has been issued.',
} as const satisfies ProblemInit

export const PERSON_NOT_FOUND = {
  code: 'person-not-found',
  status: 404,
  title: 'Person not found',
  detail: 'No person with this PIN is in the population register.',
} as const satisfies ProblemInit

/** The title is fixed; each use supplies a detail naming the rule that was broken. */
export const INVALID_QUERY = {
  code: 'invalid-query',
  status: 400,
  title: 'Invalid query parameters',
} as const satisfies ProblemInit

/** The title is fixed; each use supplies a detail naming the rule that was broken. */
export const INVALID_BODY = {
  code: 'invalid-body',
  status: 400,
  title: 'Invalid request body',
} as const satisfies ProblemInit

export const UNSUPPORTED_MEDIA_TYPE = {
  code: 'unsupported-media-type',
  status: 415,
  title: 'Unsupported media type',
  detail: 'The request body must be application/json.',
} as const satisfies ProblemInit

export const BODY_TOO_LARGE = {
  code: 'body-too-large',
  status: 413,
  title: 'Request body too large',
  detail: 'The request body must not exceed 4096 bytes.',
} as const satisfies ProblemInit

/** A residence certificate attests a current registration, which ends with death. */
export const PERSON_DECEASED = {
  code: 'person-deceased',
  status: 422,
  title: 'Person deceased',
  detail: 'A residence certificate cannot be issued for a deceased person.',
} as const satisfies ProblemInit

/** The criminal records register holds an entry, so the certificate cannot truthfully be issued. */
export const CERTIFICATE_REFUSED = {
  code: 'certificate-refused',
  status: 422,
  title: 'Certificate refused',
  detail:
    'A no-criminal-record certificate cannot be issued; the person may request an extract ' +
    'from the criminal records register in person.',
} as const satisfies ProblemInit

/**
 * The problems the shared `idempotency()` middleware raises (services/shared/idempotency.ts), so
 * the contract can document them; a test checks these match what the middleware answers.
 */
export const IDEMPOTENCY_PROBLEMS = {
  invalidKey: { code: 'invalid-idempotency-key', status: 400, title: 'Invalid Idempotency-Key' },
  keyReused: {
    code: 'idempotency-key-reused',
    status: 422,
    title: 'Idempotency-Key reused with another request',
  },
  inProgress: {
    code: 'request-in-progress',
    status: 409,
    title: 'A request with this key is in progress',
  },
} as const satisfies Record<string, ProblemInit>
