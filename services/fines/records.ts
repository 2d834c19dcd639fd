// The fines register's records: a traffic fine and the receipt for paying one.

export type FineStatus = 'unpaid' | 'paid'
export const FINE_STATUSES: readonly FineStatus[] = ['unpaid', 'paid']

/** `FN`, the year of issue and a 6-digit serial within the year, e.g. `FN2024000123`. */
export const FINE_ID_PATTERN = /^FN[0-9]{10}$/

/** Fines are in Kyrgyz som only. */
export const CURRENCY = 'KGS'

export interface Fine {
  readonly fineId: string
  /** The vehicle fined, a plate in the vehicles register. */
  readonly plate: string
  /** Its registered owner, who is liable for the fine: a person in the population register. */
  readonly ownerPin: string
  readonly offenceCode: string
  readonly offence: string
  /** Whole som. */
  readonly amount: number
  readonly currency: typeof CURRENCY
  /** RFC 3339 UTC timestamp of the offence. */
  readonly issuedAt: string
  /** Town and street where the offence was recorded. */
  readonly location: string
  readonly status: FineStatus
  readonly paidAt: string | null
}

export interface PaymentRequest {
  amount: number
  currency: typeof CURRENCY
  /** The payer's own reference (a bank or kiosk transaction id). */
  payerReference: string
}

export interface PaymentReceipt {
  readonly paymentId: string
  readonly fineId: string
  readonly plate: string
  readonly amount: number
  readonly currency: typeof CURRENCY
  readonly payerReference: string
  readonly paidAt: string
}

/** The fines as generated (payments made through the API are kept apart, per app). */
export interface FineRegister {
  /** In order of issue (and of `fineId`). */
  readonly fines: readonly Fine[]
  readonly byId: ReadonlyMap<string, Fine>
  /** Each owner's fines, newest first. */
  readonly byPin: ReadonlyMap<string, readonly Fine[]>
}
