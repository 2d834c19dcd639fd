// The tax service's standing of each business: debt, last return filed, accounts blocked or not.

import { fromDay, toDay, type Random } from '../shared/index.js'
import type { Business, TaxStanding, TaxStatus } from './business.js'

/** Monthly returns are due by the 20th of the following month (Tax Code of the Kyrgyz Republic). */
const FILING_DAY = 20

/**
 * The tax standing of a business on the reference day. A liquidated business settled its taxes
 * before liquidation; a suspended one mostly owes and has its accounts blocked; a debtor in
 * arrears is a few months late at most, a blocked one has not filed for months and owes more.
 */
export function assessTax(random: Random, business: Business, referenceDay: number): TaxStatus {
  const status = chooseStanding(random, business)
  const closingDay = business.liquidatedAt === null ? referenceDay : toDay(business.liquidatedAt)
  const overdueMonths = status === 'blocked' ? random.int(3, 18) : random.int(0, 2)
  const lastFiled = monthsBefore(
    lastDuePeriod(closingDay),
    status === 'good-standing' ? 0 : overdueMonths,
  )
  const tyiyn =
    status === 'blocked' ? random.int(5_000_000, 90_000_000) : random.int(20_000, 8_000_000)
  const hasDebt = status !== 'good-standing'
  return {
    tin: business.tin,
    hasDebt,
    debtAmount: hasDebt ? tyiyn / 100 : 0,
    lastFiledPeriod: lastFiled < business.registeredAt.slice(0, 7) ? null : lastFiled,
    status,
    checkedAt: `${fromDay(referenceDay)}T00:00:00Z`,
  }
}

/** Most active businesses file on time; suspension usually follows tax trouble. */
function chooseStanding(random: Random, business: Business): TaxStanding {
  if (business.status === 'liquidated') return 'good-standing'
  const roll = random.next()
  if (business.status === 'suspended') {
    return roll < 0.6 ? 'blocked' : roll < 0.85 ? 'arrears' : 'good-standing'
  }
  return roll < 0.84 ? 'good-standing' : roll < 0.97 ? 'arrears' : 'blocked'
}

/** The latest month whose return was due by `day` (`YYYY-MM`). */
function lastDuePeriod(day: number): string {
  const date = fromDay(day)
  return monthsBefore(date.slice(0, 7), Number(date.slice(8, 10)) > FILING_DAY ? 1 : 2)
}

/** Month arithmetic on `YYYY-MM` without dates, so it never trips over month lengths. */
function monthsBefore(period: string, months: number): string {
  const index = Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1 - months
  const month = (index % 12) + 1
  return `${Math.floor(index / 12)}-${month < 10 ? '0' : ''}${month}`
}
