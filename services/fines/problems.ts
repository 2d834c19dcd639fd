// The fines register's problem types: stable codes, statuses and fixed titles.

import type { ProblemInit } from '../shared/index.js'

export { INVALID_QUERY } from '../vehicles/index.js'

export const INVALID_FINE_ID = {
  code: 'invalid-fine-id',
  status: 400,
  title: 'Invalid fine id',
  detail: 'A fine id is FN, the year of issue and a 6-digit serial: FN2024000123.',
} as const satisfies ProblemInit

export const FINE_NOT_FOUND = {
  code: 'fine-not-found',
  status: 404,
  title: 'Fine not found',
  detail: 'No fine with this id is in the fines register.',
} as const satisfies ProblemInit

/** The title is fixed; each use supplies a detail naming the rule that was broken. */
export const INVALID_PAYMENT = {
  code: 'invalid-payment',
  status: 400,
  title: 'Invalid payment request',
} as const satisfies ProblemInit

export const FINE_ALREADY_PAID = {
  code: 'fine-already-paid',
  status: 409,
  title: 'Fine already paid',
  detail: 'This fine has been paid; it cannot be paid again.',
} as const satisfies ProblemInit

export const AMOUNT_MISMATCH = {
  code: 'amount-mismatch',
  status: 422,
  title: 'Amount does not match the fine',
  detail: 'A fine is paid in full: the amount must equal the fine’s amount.',
} as const satisfies ProblemInit
