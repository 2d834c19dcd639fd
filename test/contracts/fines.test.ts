// The fines register (service `fines`) against its contract, payments included.
import { EXAMPLE_PAID_AT } from '#contracts/fines/examples.js'
import { createFinesApp } from '#services/fines/index.js'
import { DEMO_PIN } from '#services/shared/index.js'
import { describeContract, type ContractProbe } from './describe-contract.js'

/** An unpaid 5000 som fine of another person (the example payment pays the demo's). */
const UNPAID = 'FN2022000021'
/** The demo citizen's oldest fine on the first vehicle: 1000 som, paid before the reference date. */
const PAID = 'FN2024000001'

const pay = (fineId: string, body: unknown, headers?: Record<string, string>): ContractProbe => ({
  method: 'post',
  url: `/fines/${fineId}/payments`,
  body,
  ...(headers === undefined ? {} : { headers }),
})
const payment = (amount: number) => ({ amount, currency: 'KGS', payerReference: 'TEST-1' })

describeContract('fines', {
  createApp: () => createFinesApp({ now: () => Date.parse(EXAMPLE_PAID_AT) }),
  errorProbes: [
    '/fines/FN123',
    '/fines/fn2024000018',
    '/fines/FN2099000001',
    '/fines',
    '/fines?pin=123',
    `/fines?pin=${DEMO_PIN}&status=overdue`,
    `/fines?pin=${DEMO_PIN}&limit=0`,
    `/fines?pin=${DEMO_PIN}&page=x`,
    pay('FN12', payment(1000)),
    pay('FN2099000001', payment(1000)),
    pay(UNPAID, payment(4999)),
    pay(UNPAID, { ...payment(5000), currency: 'USD' }),
    pay(UNPAID, { amount: 5000, currency: 'KGS' }),
    pay(UNPAID, { ...payment(5000), extra: true }),
    pay(UNPAID, payment(5000), { 'idempotency-key': 'two words' }),
    pay(PAID, payment(1000)),
  ],
})
