// Vehicle identification numbers (ISO 3779): WMI, descriptor, check digit, model year, serial.

import type { Random } from '../shared/index.js'

/** 17 characters; I, O and Q are never used (ISO 3779). */
export const VIN_PATTERN = /^[A-HJ-NPR-Z0-9]{17}$/

const VIN_CHARACTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789'

/** Model-year codes in their 30-year cycle, starting with 1980 (and again 2010). */
const YEAR_CODES = 'ABCDEFGHJKLMNPRSTVWXY123456789'

/** Position weights of the check digit (49 CFR 565.15, used worldwide by many makers). */
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2] as const

/** Transliteration of letters to numbers for the check digit (49 CFR 565.15). */
function valueOf(character: string): number {
  if (/[0-9]/.test(character)) return Number(character)
  const index = 'ABCDEFGHJKLMNPRSTUVWXYZ'.indexOf(character)
  return [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9][index] ?? 0
}

/** The check digit (position 9) of a VIN whose other 16 positions are final. */
export function vinCheckDigit(vin: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += valueOf(vin[i] ?? '0') * (WEIGHTS[i] ?? 0)
  const remainder = sum % 11
  return remainder === 10 ? 'X' : String(remainder)
}

/** A random, well-formed VIN for a maker's world manufacturer identifier and a model year. */
export function randomVin(random: Random, wmi: string, year: number): string {
  let descriptor = ''
  for (let i = 0; i < 5; i++) descriptor += random.pick([...VIN_CHARACTERS])
  const yearCode = YEAR_CODES[(((year - 1980) % 30) + 30) % 30] ?? 'A'
  const plant = random.pick([...VIN_CHARACTERS])
  const serial = String(random.int(0, 999_999)).padStart(6, '0')
  const draft = `${wmi}${descriptor}0${yearCode}${plant}${serial}`
  return `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`
}
