// Recognise a person's code: the 14-digit PIN, plain or as an X-Road-UserId with a country prefix.

/**
 * The personal identification number of the population register: 1 (female) or 2 (male), the
 * date of birth DDMMYYYY and a 5-digit serial. A legal entity's TIN starts with 0 and is no PIN.
 */
const PIN = /^[12][0-9]{13}$/

/** The country whose PINs these are: X-Road-UserId prefixes the code with an ISO 3166 code. */
export const PIN_COUNTRY = 'KG'

const USER_ID = /^([A-Z]{2})([0-9]{1,20})$/

export function isPin(value: unknown): value is string {
  return typeof value === 'string' && PIN.test(value)
}

/**
 * The PIN in an `X-Road-UserId` or a `userCode` (`KG22905199138381`); a bare PIN is accepted
 * only where `bare` allows it. Undefined for anything else, including another country's code.
 */
export function personCodeOf(value: string | undefined, bare = false): string | undefined {
  if (value === undefined) return undefined
  if (bare && isPin(value)) return value
  const match = USER_ID.exec(value)
  if (!match || match[1] !== PIN_COUNTRY || !isPin(match[2])) return undefined
  return match[2]
}
