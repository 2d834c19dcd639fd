// Synthetic driving licences: categories that fit the holder's vehicles, a 10-year validity.

import { addYears, fromDay, toDay, type Person, type Random } from '../shared/index.js'
import type { VehicleCategory } from './catalogue.js'
import { LICENCE_CATEGORIES, type DrivingLicence, type LicenceCategory } from './records.js'

/** A Kyrgyz national licence is valid for ten years from issue. */
export const LICENCE_VALIDITY_YEARS = 10

export interface LicenceDraw {
  person: Person
  referenceDate: string
  /** Categories of the vehicles the person owns; the licence covers them. */
  owned: readonly VehicleCategory[]
  licenceNumber: string
  /** Forces a currently valid licence (the demo citizen's). */
  valid: boolean
}

/** Draws a licence; a few are expired (not renewed) or suspended by a court or the police. */
export function issueLicence(random: Random, draw: LicenceDraw): DrivingLicence {
  const referenceDay = toDay(draw.referenceDate)
  const adultDay = addYears(toDay(draw.person.dateOfBirth), 18)
  const renewedSince = addYears(referenceDay, -LICENCE_VALIDITY_YEARS) + 1
  const lapsed = !draw.valid && adultDay < renewedSince - 365 && random.chance(0.08)
  const issuedDay = lapsed
    ? random.int(Math.max(adultDay, renewedSince - 5 * 365), renewedSince - 2)
    : random.int(Math.min(Math.max(adultDay, renewedSince), referenceDay - 1), referenceDay - 1)
  const issuedAt = fromDay(issuedDay)
  const validUntil = tenYearsAfter(issuedAt)
  const suspended = !draw.valid && !lapsed && random.chance(0.03)
  return {
    pin: draw.person.pin,
    licenceNumber: draw.licenceNumber,
    categories: drawCategories(random, draw.owned),
    issuedAt,
    validUntil,
    status: validUntil < draw.referenceDate ? 'expired' : suspended ? 'suspended' : 'valid',
  }
}

/** The day before the tenth anniversary (29 February rolls to 28 February). */
function tenYearsAfter(isoDate: string): string {
  const year = Number(isoDate.slice(0, 4)) + LICENCE_VALIDITY_YEARS
  const monthDay = isoDate.slice(5) === '02-29' ? '02-28' : isoDate.slice(5)
  return fromDay(toDay(`${year}-${monthDay}`) - 1)
}

function drawCategories(random: Random, owned: readonly VehicleCategory[]): LicenceCategory[] {
  const held = new Set<LicenceCategory>(owned)
  if (random.chance(0.95)) held.add('B')
  if (random.chance(0.1)) held.add('A')
  if (random.chance(0.1)) held.add('C')
  if (random.chance(0.04)) held.add('D')
  if (held.has('B') && random.chance(0.1)) held.add('BE')
  if (held.has('C') && random.chance(0.3)) held.add('CE')
  if (held.has('D') && random.chance(0.2)) held.add('DE')
  if (held.size === 0) held.add('B')
  return LICENCE_CATEGORIES.filter((category) => held.has(category))
}
