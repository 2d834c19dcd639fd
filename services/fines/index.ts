// Public face of the traffic fines register: fines, payments and the fines generator.

export { createFinesApp, MAX_PAYMENT_BYTES, type FinesAppOptions } from './app.js'
export { startFinesServer, type FinesServerOptions } from './server.js'
export { generateFines } from './generate-fines.js'
export { createFineLedger, type FineLedger } from './fine-ledger.js'
export { MAX_AMOUNT, PAYER_REFERENCE_PATTERN, parsePaymentRequest } from './payment-request.js'
export { OFFENCE_CODES, OFFENCES, type Offence } from './offences.js'
export {
  CURRENCY,
  FINE_ID_PATTERN,
  FINE_STATUSES,
  type Fine,
  type FineRegister,
  type FineStatus,
  type PaymentReceipt,
  type PaymentRequest,
} from './records.js'
export type { FineQuery } from './search.js'
export {
  AMOUNT_MISMATCH,
  FINE_ALREADY_PAID,
  FINE_NOT_FOUND,
  INVALID_FINE_ID,
  INVALID_PAYMENT,
  INVALID_QUERY,
} from './problems.js'
