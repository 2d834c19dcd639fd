// The businesses register's problem types: stable codes, statuses and fixed titles.

import type { ProblemInit } from '../shared/index.js'

export const INVALID_TIN = {
  code: 'invalid-tin',
  status: 400,
  title: 'Invalid TIN',
  detail:
    'A TIN is 14 digits: 0, the registration date DDMMYYYY and a 5-digit serial for a legal ' +
    'entity, or the owner’s PIN for an individual entrepreneur.',
} as const satisfies ProblemInit

export const BUSINESS_NOT_FOUND = {
  code: 'business-not-found',
  status: 404,
  title: 'Business not found',
  detail: 'No business with this TIN is in the businesses register.',
} as const satisfies ProblemInit

/** The title is fixed; each use supplies a detail naming the rule that was broken. */
export const INVALID_QUERY = {
  code: 'invalid-query',
  status: 400,
  title: 'Invalid query parameters',
} as const satisfies ProblemInit
