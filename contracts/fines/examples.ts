// Example values for the fines contract, taken from the default synthetic population.

import { DEMO_PIN } from '../../services/shared/index.js'

/** The demo citizen has four fines; this one, for speeding, is the only unpaid one. */
export const EXAMPLE_PIN = DEMO_PIN
export const EXAMPLE_FINE_ID = 'FN2024000018'

export const EXAMPLE_FINE = {
  fineId: EXAMPLE_FINE_ID,
  plate: '01KG509BAM',
  ownerPin: EXAMPLE_PIN,
  offenceCode: 'speeding-20-40',
  offence: 'Speeding by 20 to 40 km/h',
  amount: 3000,
  currency: 'KGS',
  issuedAt: '2024-02-14T06:24:00Z',
  location: 'Bishkek, Kurmanjan Datka Street',
  status: 'unpaid',
  paidAt: null,
}

/** `GET /fines?pin=22905199138381&status=unpaid` */
export const EXAMPLE_FINE_SEARCH = { pin: EXAMPLE_PIN, status: 'unpaid' }
export const EXAMPLE_FINE_PAGE = { items: [EXAMPLE_FINE], page: 1, limit: 20, total: 1 }

export const EXAMPLE_PAYMENT_REQUEST = {
  amount: 3000,
  currency: 'KGS',
  payerReference: 'KICB-20250102-000187',
}

/** The instant the example payment is made: tests pass a clock that returns it. */
export const EXAMPLE_PAID_AT = '2025-01-02T09:30:00Z'

export const EXAMPLE_RECEIPT = {
  paymentId: 'PM2024000018',
  fineId: EXAMPLE_FINE_ID,
  plate: EXAMPLE_FINE.plate,
  amount: 3000,
  currency: 'KGS',
  payerReference: EXAMPLE_PAYMENT_REQUEST.payerReference,
  paidAt: EXAMPLE_PAID_AT,
}

export const EXAMPLE_IDEMPOTENCY_KEY = '5b0a3c52-1f0e-4c7a-9d8e-2f6b7c1d9a40'
