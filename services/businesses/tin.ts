// Kyrgyz taxpayer identification numbers (INN) of businesses: legal entities and entrepreneurs.

/**
 * 14 digits. A legal entity's TIN is `0`, its registration date DDMMYYYY and a 5-digit serial
 * (`02301201010084`); an individual entrepreneur trades under the owner's PIN (`1…` or `2…`).
 */
export const TIN_PATTERN = /^[012][0-9]{13}$/

/** True when the value has the shape of a business TIN. */
export function isTin(value: string): boolean {
  return TIN_PATTERN.test(value)
}

/**
 * Formats a legal entity's TIN.
 *
 * @example
 * formatEntityTin('2010-01-23', 84) // '02301201000084'
 */
export function formatEntityTin(registeredAt: string, serial: number): string {
  const [year, month, day] = registeredAt.split('-') as [string, string, string]
  return `0${day}${month}${year}${String(serial).padStart(5, '0')}`
}
