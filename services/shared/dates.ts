// Calendar arithmetic on whole days (proleptic Gregorian, no time zone), fast enough for bulk data.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Days in a year on average; good enough for spacing synthetic life events. */
export const DAYS_PER_YEAR = 365.25

/** Days since 1970-01-01 (H. Hinnant's days_from_civil, integer arithmetic only). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

/** Days since 1970-01-01 for an ISO calendar date (`YYYY-MM-DD`). */
export function toDay(isoDate: string): number {
  const year = Number(isoDate.slice(0, 4))
  return daysFromCivil(year, Number(isoDate.slice(5, 7)), Number(isoDate.slice(8, 10)))
}

/** The ISO calendar date (`YYYY-MM-DD`) of a day number (Hinnant's civil_from_days). */
export function fromDay(day: number): string {
  const z = day + 719_468
  const era = Math.floor(z / 146_097)
  const dayOfEra = z - era * 146_097
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  )
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const mp = Math.floor((5 * dayOfYear + 2) / 153)
  const d = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  const y = yearOfEra + era * 400 + (m <= 2 ? 1 : 0)
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`
}

/** True for a real calendar date in `YYYY-MM-DD` form (rejects 2023-02-30). */
export function isIsoDate(value: string): boolean {
  return ISO_DATE.test(value) && fromDay(toDay(value)) === value
}

/** Whole years completed between a date of birth and a later date (both `YYYY-MM-DD`). */
export function ageOn(dateOfBirth: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(dateOfBirth.slice(0, 4))
  return date.slice(5) < dateOfBirth.slice(5) ? years - 1 : years
}

/** A day number `years` later (fractional years allowed). */
export function addYears(day: number, years: number): number {
  return day + Math.round(years * DAYS_PER_YEAR)
}
