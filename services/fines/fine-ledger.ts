// The fines one app serves: the generated register plus the payments made through that app.

import { ProblemError } from '../shared/index.js'
import { isoSeconds } from './iso-seconds.js'
import { AMOUNT_MISMATCH, FINE_ALREADY_PAID, FINE_NOT_FOUND } from './problems.js'
import type { Fine, FineRegister, PaymentReceipt, PaymentRequest } from './records.js'

export interface FineLedger {
  /** The fine as it stands now (paid if a payment was made), or undefined. */
  find(fineId: string): Fine | undefined
  /** A person's fines as they stand now, newest first. */
  finesOf(pin: string): Fine[]
  /** Pays a fine in full; throws `fine-not-found`, `fine-already-paid` or `amount-mismatch`. */
  pay(fineId: string, request: PaymentRequest): PaymentReceipt
}

/**
 * Keeps payments in memory, per ledger; the register itself is never modified. Checking and
 * recording a payment happen in one synchronous step, so concurrent requests cannot both pay.
 *
 * @example
 * const ledger = createFineLedger(register, Date.now)
 * ledger.pay('FN2024000123', { amount: 3000, currency: 'KGS', payerReference: 'KICB-1' })
 */
export function createFineLedger(register: FineRegister, now: () => number): FineLedger {
  const payments = new Map<string, PaymentReceipt>()
  const current = (fine: Fine): Fine => {
    const receipt = payments.get(fine.fineId)
    return receipt === undefined ? fine : { ...fine, status: 'paid', paidAt: receipt.paidAt }
  }
  const find = (fineId: string): Fine | undefined => {
    const fine = register.byId.get(fineId)
    return fine === undefined ? undefined : current(fine)
  }
  return {
    find,
    finesOf: (pin) => (register.byPin.get(pin) ?? []).map(current),
    pay: (fineId, request) => {
      const fine = find(fineId)
      if (fine === undefined) throw new ProblemError(FINE_NOT_FOUND)
      if (fine.status === 'paid') throw new ProblemError(FINE_ALREADY_PAID)
      if (request.amount !== fine.amount) throw new ProblemError(AMOUNT_MISMATCH)
      const receipt: PaymentReceipt = Object.freeze({
        paymentId: paymentIdOf(fine.fineId),
        fineId: fine.fineId,
        plate: fine.plate,
        amount: fine.amount,
        currency: fine.currency,
        payerReference: request.payerReference,
        paidAt: isoSeconds(now()),
      })
      payments.set(fine.fineId, receipt)
      return receipt
    },
  }
}

/** A fine is paid once, so its payment number follows from its own: `FN2024000123` → `PM…`. */
function paymentIdOf(fineId: string): string {
  return `PM${fineId.slice(2)}`
}
