// The population register's problem types: stable codes, statuses and fixed titles.

import type { ProblemInit } from '../shared/index.js'

export const INVALID_PIN = {
  code: 'invalid-pin',
  status: 400,
  title: 'Invalid PIN',
  detail: 'A PIN is 14 digits: 1 (female) or 2 (male), date of birth DDMMYYYY, 5-digit serial.',
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
