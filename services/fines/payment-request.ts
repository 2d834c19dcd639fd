// Validates the body of a payment: exactly `amount`, `currency` and `payerReference`.

import { ProblemError } from '../shared/index.js'
import { INVALID_PAYMENT } from './problems.js'
import { CURRENCY, type PaymentRequest } from './records.js'

/** Largest fine a payment may carry, whole som; far above any fine, it bounds the input. */
export const MAX_AMOUNT = 1_000_000
/** A bank's or kiosk's own transaction reference. */
export const PAYER_REFERENCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/

const FIELDS = ['amount', 'currency', 'payerReference']

/** A body that is not JSON at all is `invalid-payment` too, with this detail. */
export const PAYMENT_NOT_JSON = { ...INVALID_PAYMENT, detail: 'the body must be JSON' }

/**
 * Checks the parsed JSON body of a payment request; any other shape is `invalid-payment` (400).
 * Whether the amount is right is the fine's business (422), not the shape's.
 *
 * @example
 * parsePaymentRequest({ amount: 3000, currency: 'KGS', payerReference: 'KICB-1' })
 */
export function parsePaymentRequest(body: unknown): PaymentRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    invalid('the body must be a JSON object')
  }
  const record = body as Record<string, unknown>
  if (Object.keys(record).some((key) => !FIELDS.includes(key))) {
    invalid('only amount, currency and payerReference are allowed')
  }
  const { amount, currency, payerReference } = record
  if (
    typeof amount !== 'number' ||
    !Number.isInteger(amount) ||
    amount < 1 ||
    amount > MAX_AMOUNT
  ) {
    invalid(`amount must be a whole number of som from 1 to ${MAX_AMOUNT}`)
  }
  if (currency !== CURRENCY) invalid(`currency must be ${CURRENCY}`)
  if (typeof payerReference !== 'string' || !PAYER_REFERENCE_PATTERN.test(payerReference)) {
    invalid('payerReference must be 1 to 64 letters, digits or . _ : / -, starting alphanumeric')
  }
  return { amount, currency: CURRENCY, payerReference }
}

function invalid(detail: string): never {
  throw new ProblemError({ ...INVALID_PAYMENT, detail })
}
