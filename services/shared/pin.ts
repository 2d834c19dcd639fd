// Kyrgyz personal identification numbers (PIN / INN): sex digit, date of birth DDMMYYYY, serial.

import { isIsoDate } from './dates.js'

export type Sex = 'female' | 'male'

/** 14 digits: 1 (female) or 2 (male), then DDMMYYYY, then a 5-digit serial. */
export const PIN_PATTERN = /^[12][0-9]{13}$/

/** The parts a PIN encodes. */
export interface PinParts {
  sex: Sex
  dateOfBirth: string
  serial: number
}

/**
 * Formats a PIN as Kyrgyzstan issues them.
 *
 * @example
 * formatPin({ sex: 'male', dateOfBirth: '1985-03-14', serial: 1234 }) // '21403198501234'
 */
export function formatPin(parts: PinParts): string {
  const [year, month, day] = parts.dateOfBirth.split('-') as [string, string, string]
  const sexDigit = parts.sex === 'female' ? '1' : '2'
  return `${sexDigit}${day}${month}${year}${String(parts.serial).padStart(5, '0')}`
}

/** True when the value has the shape of a PIN (the date is not checked). */
export function isPin(value: string): boolean {
  return PIN_PATTERN.test(value)
}

/** The parts of a well-formed PIN, or undefined when its shape or embedded date is invalid. */
export function parsePin(pin: string): PinParts | undefined {
  if (!isPin(pin)) return undefined
  const dateOfBirth = `${pin.slice(5, 9)}-${pin.slice(3, 5)}-${pin.slice(1, 3)}`
  if (!isIsoDate(dateOfBirth)) return undefined
  const sex = pin[0] === '1' ? 'female' : 'male'
  return { sex, dateOfBirth, serial: Number(pin.slice(9)) }
}
