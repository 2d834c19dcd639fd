// Kyrgyz registration plates (2016 standard), written without spaces for URLs: `01KG123ABC`.

import type { Random } from '../shared/index.js'

/**
 * Canonical plate: region code 01–09, the country code `KG`, three digits, three Latin letters.
 * The plate itself reads `01 KG 123 ABC`; URLs and records carry it without spaces.
 */
export const PLATE_PATTERN = /^0[1-9]KG[0-9]{3}[A-Z]{3}$/

/** The region code on a plate, by the registered address's region. */
export const PLATE_REGION_CODES: Readonly<Record<string, string>> = {
  Bishkek: '01',
  Osh: '02',
  'Batken Region': '03',
  'Jalal-Abad Region': '04',
  'Naryn Region': '05',
  'Osh Region': '06',
  'Talas Region': '07',
  'Chuy Region': '08',
  'Issyk-Kul Region': '09',
}

/** Letters that read the same in Latin and Cyrillic, so a plate is unambiguous to a camera. */
const PLATE_LETTERS = 'ABCEHKMOPTXY'

/** True when the value is a canonical plate (`01KG123ABC`). */
export function isPlate(value: string): boolean {
  return PLATE_PATTERN.test(value)
}

/** A plate as printed, with spaces: `01 KG 123 ABC`. */
export function displayPlate(plate: string): string {
  return `${plate.slice(0, 2)} ${plate.slice(2, 4)} ${plate.slice(4, 7)} ${plate.slice(7)}`
}

/** A random plate for a vehicle registered in the region (Bishkek's code when unknown). */
export function randomPlate(random: Random, region: string): string {
  const code = PLATE_REGION_CODES[region] ?? '01'
  const digits = String(random.int(1, 999)).padStart(3, '0')
  let letters = ''
  for (let i = 0; i < 3; i++) letters += random.pick([...PLATE_LETTERS])
  return `${code}KG${digits}${letters}`
}
