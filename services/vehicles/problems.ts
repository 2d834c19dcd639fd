// The vehicles register's problem types: stable codes, statuses and fixed titles.

import type { ProblemInit } from '../shared/index.js'

export const INVALID_PLATE = {
  code: 'invalid-plate',
  status: 400,
  title: 'Invalid plate',
  detail: 'A plate is written without spaces: region 01-09, KG, three digits, three letters.',
} as const satisfies ProblemInit

export const VEHICLE_NOT_FOUND = {
  code: 'vehicle-not-found',
  status: 404,
  title: 'Vehicle not found',
  detail: 'No vehicle with this plate is in the vehicles register.',
} as const satisfies ProblemInit

export const INVALID_PIN = {
  code: 'invalid-pin',
  status: 400,
  title: 'Invalid PIN',
  detail: 'A PIN is 14 digits: 1 (female) or 2 (male), date of birth DDMMYYYY, 5-digit serial.',
} as const satisfies ProblemInit

export const LICENCE_NOT_FOUND = {
  code: 'licence-not-found',
  status: 404,
  title: 'Licence not found',
  detail: 'No driving licence is registered for this PIN.',
} as const satisfies ProblemInit

/** The title is fixed; each use supplies a detail naming the rule that was broken. */
export const INVALID_QUERY = {
  code: 'invalid-query',
  status: 400,
  title: 'Invalid query parameters',
} as const satisfies ProblemInit
